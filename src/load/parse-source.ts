import {
  boolCoreTag,
  constructFromEvents,
  EVENT_ID,
  type Event,
  floatCoreTag,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  YAMLException,
} from 'js-yaml';
import { AppError, retryAdvice } from '../errors.js';
import { findJsonSyntaxError } from './_json-syntax-error.js';
import { LineIndex } from './_line-index.js';
import { createLocator } from './_locator.js';
import { subjectOf } from './_messages.js';
import { countJsonMembers, findJsonDuplicateKey, inspectShape, type ShapeProblem } from './_shape.js';
import { formatCount, MAX_ALIAS_EXPANSION, MAX_DEPTH } from './limits.js';
import type { ParsedDocument, Position, Source } from './types.js';

/**
 * Parses a source as JSON or YAML 1.2 (core schema) into a {@link ParsedDocument}.
 *
 * The format comes from the extension (`.json`, `.yaml`, `.yml`); otherwise a text starting with `{`
 * is tried as JSON first, then as YAML. `root` must be a mapping. Positions are not computed here:
 * `locate` builds them on first use.
 *
 * @example
 * const document = parseSource(await readSource('api.yaml', { role: 'base', cwd }), 'base');
 * document.locate('/paths/~1items/get'); // { line: 12, column: 5 }
 */
export function parseSource(input: Source, role: string): ParsedDocument {
  return documentOf(parseSourceValue(input, role));
}

/**
 * What parsing a source yields before `locate` is attached: all a worker thread can send back
 * (src/load/parse-parallel.ts). `source` is the input without a byte order mark.
 */
export interface ParsedValue {
  source: Source;
  root: unknown;
  format: 'json' | 'yaml';
  /** Objects YAML aliases place at more than one pointer; empty for a tree. */
  shared: ReadonlySet<object>;
}

/** {@link parseSource} without the lazy positions: parses, checks the shape and the limits. */
export function parseSourceValue(input: Source, role: string): ParsedValue {
  const source = withoutByteOrderMark(input);
  const text = source.text;
  const first = firstTokenOffset(text);
  if (first < 0) throw emptyError(source, role);
  const hint = formatHint(source.uri);
  // JSON.parse is several times faster than js-yaml, so any text that may be JSON tries it first.
  if (hint === 'json' || text.charCodeAt(first) === OPEN_BRACE) {
    const root = parseJson(text);
    if (root !== NOT_JSON) return checkValue(source, root, 'json', role, false);
    if (hint === 'json') throw jsonError(source, role);
    if (hint === undefined) {
      // Sniffed as JSON: `{a: 1}` is still fine YAML; if YAML fails too, JSON's error explains best.
      let yaml: { root: unknown; aliases: boolean };
      try {
        yaml = parseYaml(source, role);
      } catch {
        throw jsonError(source, role);
      }
      return checkValue(source, yaml.root, 'yaml', role, yaml.aliases);
    }
  }
  const yaml = parseYaml(source, role);
  return checkValue(source, yaml.root, 'yaml', role, yaml.aliases);
}

/** A byte order mark would break JSON.parse and shift every column on line 1. */
export function withoutByteOrderMark(input: Source): Source {
  return input.text.charCodeAt(0) === 0xfeff ? { ...input, text: input.text.slice(1) } : input;
}

/**
 * True when `source` will be read by js-yaml (the slow parser), not JSON.parse: what makes a
 * parse worth a worker thread.
 */
export function isYamlText(source: Source): boolean {
  const hint = formatHint(source.uri);
  if (hint === 'json') return false;
  const first = firstTokenOffset(source.text);
  return first >= 0 && source.text.charCodeAt(first) !== OPEN_BRACE;
}

const OPEN_BRACE = 123;
const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/**
 * `json` or `yaml` from the extension of a path, URL or `git:REV:PATH`; undefined when it says neither.
 *
 * @example
 * formatHint('https://x/openapi.json?v=2'); // 'json'
 */
export function formatHint(uri: string): 'json' | 'yaml' | undefined {
  const path = uri.replace(/[?#].*$/, '').toLowerCase();
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  return undefined;
}

function checkValue(
  source: Source,
  root: unknown,
  format: 'json' | 'yaml',
  role: string,
  aliases: boolean,
): ParsedValue {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new AppError(
      'PARSE_FAILED',
      `Could not parse ${subjectOf(role)} "${source.displayName}": found a ${typeName(root)} at the top level; expected a mapping (an OpenAPI document). ${retryAdvice(false, 'Fix the file')}`,
    );
  }
  const shape = inspectShape(root, {
    yaml: format === 'yaml',
    aliases,
    maxDepth: MAX_DEPTH,
    maxExpansion: MAX_ALIAS_EXPANSION,
  });
  if ('kind' in shape) throw shapeError(source, role, format, root, shape);
  // JSON.parse keeps the last of two equal keys silently: a text with more members than the
  // parsed objects hold has a duplicate, which YAML would refuse too.
  if (format === 'json' && countJsonMembers(source.text) !== shape.members) {
    const duplicate = findJsonDuplicateKey(source.text);
    if (duplicate) {
      throw syntaxError(
        source,
        role,
        'JSON',
        `duplicated key "${duplicate.key}"`,
        new LineIndex(source.text).position(duplicate.offset),
      );
    }
  }
  return { source, root, format, shared: shape.shared };
}

/** A parsed value with its positions attached (computed on first use). */
export function documentOf(value: ParsedValue): ParsedDocument {
  const { source, root, format, shared } = value;
  let locator: ((pointer: string) => Position) | undefined;
  let oneLine: boolean | undefined;
  const locate = (pointer: string): Position => {
    locator ??= createLocator(source.text, format, root);
    return locator(pointer);
  };
  return {
    source,
    root,
    format,
    ...(shared.size > 0 ? { shared } : {}),
    locate,
    lineOf(pointer: string): number {
      oneLine ??= isOneLine(source.text);
      return oneLine ? 1 : locate(pointer).line;
    },
  };
}

/** No line break but, at most, trailing ones. */
function isOneLine(text: string): boolean {
  const first = text.indexOf('\n');
  return first === -1 || (text.length - first < 16 && text.slice(first).trim() === '');
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null value';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

/** Offset of the first character that is not whitespace; -1 for a blank text. */
function firstTokenOffset(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return index;
  }
  return -1;
}

function emptyError(source: Source, role: string): AppError {
  return new AppError(
    'PARSE_FAILED',
    `Could not parse ${subjectOf(role)} "${source.displayName}": the file is empty; expected an OpenAPI document in YAML or JSON. ${retryAdvice(false, 'Fix the file')}`,
  );
}

function syntaxError(source: Source, role: string, format: 'JSON' | 'YAML', reason: string, at?: Position): AppError {
  const where = at ? ` (line ${at.line}, column ${at.column})` : '';
  return new AppError(
    'PARSE_FAILED',
    `Could not parse ${subjectOf(role)} "${source.displayName}"${where}: ${reason}; expected valid ${format}. ${retryAdvice(false, 'Fix the file')}`,
  );
}

function jsonError(source: Source, role: string): AppError {
  const text = source.text;
  const found = findJsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
  return syntaxError(source, role, 'JSON', found.reason, new LineIndex(text).position(found.offset));
}

/**
 * YAML 1.2 core schema via js-yaml's event API (the same two steps `load` takes, so no extra cost),
 * with one change: a plain mapping key keeps its spelling. js-yaml would turn the key `1.0` into
 * "1", `0x1F` into "31" and `~` into "null"; OpenAPI keys are names, so they stay as written.
 * `200:` and `"200":` are the same key either way. Duplicate keys are an error (YAML 1.2 §3.2.1.3).
 */
function parseYaml(source: Source, role: string): { root: unknown; aliases: boolean } {
  const text = source.text;
  let events: Event[] = [];
  let documents: unknown[];
  let aliases = false;
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
    aliases = keepPlainKeySpelling(events, text);
    documents = constructFromEvents(events, { source: text });
  } catch (error) {
    throw yamlError(source, role, error);
  }
  if (documents.length === 0) throw emptyError(source, role);
  // A trailing `---` opens an empty second document; only real content there is an error.
  if (documents.slice(1).some((document) => document !== null)) {
    const at = secondDocumentOffset(events);
    const position = at < 0 ? undefined : new LineIndex(text).position(at);
    throw syntaxError(source, role, 'YAML', 'found a second YAML document after "---"', position);
  }
  return { root: documents[0], aliases };
}

/** A pointer for a message: long ones (deep nesting) keep their start and end. */
function shortPointer(pointer: string): string {
  if (pointer === '') return '/';
  return pointer.length <= 120 ? pointer : `${pointer.slice(0, 60)}...${pointer.slice(-50)}`;
}

function shapeError(
  source: Source,
  role: string,
  format: 'json' | 'yaml',
  root: unknown,
  problem: ShapeProblem,
): AppError {
  const subject = `${subjectOf(role)} "${source.displayName}"`;
  const at = shortPointer(problem.pointer);
  const fix = retryAdvice(false, 'Fix the file');
  switch (problem.kind) {
    case 'depth':
      return new AppError(
        'LIMIT_EXCEEDED',
        `Could not load ${subject}: nesting deeper than the ${formatCount(MAX_DEPTH)}-level depth limit at ${at}; expected at most ${formatCount(MAX_DEPTH)} levels. ${fix}`,
      );
    case 'cycle':
      return new AppError(
        'LIMIT_EXCEEDED',
        `Could not load ${subject}: a YAML alias at ${at} refers to a node that contains it (an endless document); expected aliases to earlier, complete nodes. ${fix}`,
      );
    case 'expansion':
      return new AppError(
        'LIMIT_EXCEEDED',
        `Could not load ${subject}: YAML aliases expand ${problem.pointer === '' ? 'the document' : at} to ${formatCount(problem.expanded)} values, more than the alias expansion limit of ${formatCount(MAX_ALIAS_EXPANSION)} added values; expected a document that repeats less (use $ref for shared parts). ${fix}`,
      );
    case 'non-finite': {
      const line = lineAt(source, format, root, problem.pointer);
      const written = Number.isNaN(problem.value)
        ? 'NaN (.nan)'
        : 'an infinite number (.inf, or too large such as 1e400)';
      return new AppError(
        'PARSE_FAILED',
        `Could not parse ${subject}${line}: ${written} at ${at}; expected a finite number (JSON and the registry cannot keep it). ${fix}`,
      );
    }
    case 'merge': {
      const line = lineAt(source, format, root, problem.pointer);
      return new AppError(
        'PARSE_FAILED',
        `Could not parse ${subject}${line}: a YAML merge key "<<" at ${at} holds something other than a mapping or a list of mappings; expected "<<: *anchor" or "<<: [*a, *b]". ${fix}`,
      );
    }
  }
}

function lineAt(source: Source, format: 'json' | 'yaml', root: unknown, pointer: string): string {
  try {
    const position = createLocator(source.text, format, root)(pointer);
    return ` (line ${position.line}, column ${position.column})`;
  } catch {
    return '';
  }
}

function secondDocumentOffset(events: Event[]): number {
  let documents = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) documents++;
    else if (documents >= 2 && event.type === EVENT_ID.SCALAR && event.valueStart >= 0) return event.valueStart;
    else if (documents >= 2 && (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE))
      return event.start;
  }
  return -1;
}

function yamlError(source: Source, role: string, error: unknown): AppError {
  if (!(error instanceof YAMLException)) {
    const reason = error instanceof Error ? error.message : String(error);
    return syntaxError(source, role, 'YAML', reason);
  }
  const mark = error.mark;
  let reason = error.reason || error.message;
  if (reason.startsWith('nesting exceeded maxDepth')) {
    reason = `nesting deeper than the ${formatCount(MAX_DEPTH)}-level depth limit`;
  }
  if (reason === 'duplicated mapping key' && mark) {
    reason = `duplicated mapping key "${keyTextAt(source.text, mark.position)}"`;
  }
  const at = mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined;
  return syntaxError(source, role, 'YAML', reason, at);
}

/** The spelling of the mapping key that starts at `offset` (after any anchor or tag). */
function keyTextAt(text: string, offset: number): string {
  const line = text.slice(offset, text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset));
  const body = line.replace(/^(?:[&!]\S*\s+)*/, '');
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(body);
  if (quoted) return quoted[1] ?? quoted[2].replace(/''/g, "'");
  const colon = /:(?=\s|$)/.exec(body);
  return (colon ? body.slice(0, colon.index) : body).trim();
}

const KEY_RESOLVERS = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];

/**
 * Marks plain mapping keys that the core schema would not read back as their own spelling as
 * single-quoted, so js-yaml keeps them as strings. Such keys (`1.0`, `0x1F`, `True`, `~`, ``)
 * contain no quote or line break, so the quoted reading equals the text.
 */
/** First characters of a plain scalar the core schema may read as a number, boolean or null. */
const MAY_RESOLVE: boolean[] = [];
for (const char of '0123456789+-.~tTfFnN') MAY_RESOLVE[char.charCodeAt(0)] = true;

function keepPlainKeySpelling(events: Event[], text: string): boolean {
  // One entry per open document or collection: nodes read so far in a mapping, -1 otherwise. The
  // event's type is read once: events come in six shapes, so each read is a megamorphic load.
  const counts: number[] = [];
  let top = -1;
  let aliases = false;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const type = event.type;
    if (type === EVENT_ID.POP) {
      top--;
      continue;
    }
    if (type === EVENT_ID.DOCUMENT) {
      counts[++top] = -1;
      continue;
    }
    if (top >= 0) {
      const count = counts[top];
      if (count >= 0) {
        counts[top] = count + 1;
        if ((count & 1) === 0 && type === EVENT_ID.SCALAR && needsQuoting(event, text)) {
          event.style = SCALAR_STYLE.SINGLE_QUOTED;
        }
      }
    }
    if (type === EVENT_ID.MAPPING) counts[++top] = 0;
    else if (type === EVENT_ID.SEQUENCE) counts[++top] = -1;
    else if (type === EVENT_ID.ALIAS) aliases = true;
  }
  return aliases;
}

function needsQuoting(event: ScalarEvent, text: string): boolean {
  if (event.style !== SCALAR_STYLE.PLAIN || event.tagStart >= 0) return false;
  if (event.valueStart < 0 || event.valueEnd <= event.valueStart) return true;
  if (!MAY_RESOLVE[text.charCodeAt(event.valueStart)]) return false;
  const spelling = text.slice(event.valueStart, event.valueEnd);
  for (const tag of KEY_RESOLVERS) {
    const value: unknown = tag.resolve(spelling, false, tag.tagName);
    if (value !== NOT_RESOLVED) return String(value) !== spelling;
  }
  return false;
}
