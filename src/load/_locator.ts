import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import { LineIndex } from './_line-index.js';
import { appendPointer, parsePointer, walkValue } from './pointer.js';
import type { Position } from './types.js';

/**
 * Lazy JSON pointer -> source position lookup for one document.
 *
 * The parsed value says which prefix of a pointer exists; a text scanner then walks only the
 * containers on that path (JSON and YAML flow collections token by token, YAML block
 * collections line by line by indentation), remembering every container it has scanned so later
 * lookups resume instead of starting over. When the YAML scanner meets a construct it does not
 * follow (explicit `?` keys, a key it cannot decode to the parsed key), it falls back to an exact
 * index built once from js-yaml's parser events.
 *
 * Members are reported at their key, array items at the item, aliases at the alias site.
 */
export function createLocator(text: string, format: 'json' | 'yaml', root: unknown): (pointer: string) => Position {
  const lines = new LineIndex(text);
  // Jumps only pay off (and are only checked) in pretty-printed JSON; minified JSON is one line.
  const prettyJson = format === 'json' && /\n[ \t]+["{}[\]]/.test(text.slice(0, 4096));
  let scanner = new Scanner(text, format, root, prettyJson);
  let eventIndex: Map<string, number> | undefined;

  return (pointer) => {
    const segments = parsePointer(pointer) ?? [];
    const existing = segments.slice(0, walkValue(root, segments).found);
    if (eventIndex === undefined) {
      try {
        return lines.position(scanner.find(existing));
      } catch (error) {
        if (error instanceof JumpMismatch) {
          // The text is not indented the way it is nested: scan it token by token from now on.
          scanner = new Scanner(text, format, root, false);
          return lines.position(scanner.find(existing));
        }
        if (!(error instanceof UnsupportedSyntax)) throw error;
        // From now on every lookup uses the exact index: it costs about one more parse, once.
        eventIndex = buildEventIndex(text);
      }
    }
    for (let length = existing.length; length >= 0; length--) {
      let prefix = '';
      for (let index = 0; index < length; index++) prefix = appendPointer(prefix, existing[index]);
      const offset = eventIndex.get(prefix);
      if (offset !== undefined) return lines.position(offset);
    }
    return { line: 1, column: 1 };
  };
}

/** Thrown when the fast scanner meets syntax it does not follow; the caller falls back. */
class UnsupportedSyntax extends Error {}

/** Thrown when what the scanner read after a jump does not match the parsed value. */
class JumpMismatch extends Error {}

const mismatch = (): never => {
  throw new JumpMismatch('indentation does not follow nesting');
};

const unsupported = (): never => {
  throw new UnsupportedSyntax('unsupported syntax');
};

/** A located node: where to report it and where its value starts. */
interface FoundNode {
  /** Offset reported to users: the key of a member, the item of an array. */
  report: number;
  /** Flow: first character of the value. Block entries: just after `:` or `-`. Root: first token. */
  value: number;
  context: 'root' | 'flow' | 'block-map' | 'block-seq';
  /** Indentation of the block collection that owns this entry. */
  ownerIndent: number;
  /** End of a flow value once known, so a parent scan can jump over it. */
  end?: number;
}

type Container =
  | { type: 'flow-map' | 'flow-seq'; open: number }
  | { type: 'block-map' | 'block-seq'; first: number; indent: number };

interface Cursor {
  pointer: string;
  owner: FoundNode;
  container: Container;
  /** The parsed value of the container, to check what is read after a jump (jumps only). */
  value: unknown;
  /** Its non-index keys in order (JSON.parse keeps source order for them), and how many were read. */
  keys?: string[];
  keysRead: number;
  /** Offset to read the next entry from; -1 once the container is exhausted. */
  next: number;
  index: number;
  /** Flow only: the last member read, whose value must be skipped before reading on. */
  pending?: FoundNode;
}

/** Keys V8 orders first in an object, whatever the source order. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,8})$/;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const QUOTE = 34;
const APOSTROPHE = 39;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const AMPERSAND = 38;
const BANG = 33;
const ASTERISK = 42;
const QUESTION = 63;
const BACKSLASH = 92;

class Scanner {
  private readonly nodes = new Map<string, FoundNode>();
  private readonly cursors = new Map<string, Cursor>();
  private readonly shallowLinePatterns = new Map<number, RegExp>();
  private readonly closerPatterns = new Map<number, RegExp>();
  private rootNode: FoundNode | undefined;

  constructor(
    private readonly text: string,
    private readonly format: 'json' | 'yaml',
    private readonly rootValue: unknown,
    /**
     * Pretty-printed JSON: skip a collection by jumping to the next line that closes it at its own
     * indentation (a native regex search, several times faster than reading every character). Each
     * jump is checked against the parsed value by the reads that follow it.
     */
    private readonly jumps: boolean,
  ) {}

  /** Offset of the node at `segments` (which must exist in the parsed value), or of the alias that stops the walk. */
  find(segments: readonly string[]): number {
    let node = this.root();
    let pointer = '';
    let value = this.rootValue;
    for (const segment of segments) {
      const childPointer = appendPointer(pointer, segment);
      let child = this.nodes.get(childPointer);
      if (child === undefined) {
        let cursor = this.cursors.get(pointer);
        if (cursor === undefined) {
          const container = this.containerOf(node);
          if (container === 'alias') return node.report;
          cursor = this.openCursor(pointer, node, container, value);
        }
        for (child = this.nodes.get(childPointer); child === undefined; child = this.nodes.get(childPointer)) {
          if (!this.readNext(cursor)) unsupported();
        }
      }
      node = child;
      pointer = childPointer;
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
    return node.report;
  }

  private root(): FoundNode {
    if (this.rootNode) return this.rootNode;
    const text = this.text;
    let offset = -1;
    if (this.format === 'json') {
      offset = this.skipGap(0);
    } else {
      for (let lineStart = 0; lineStart < text.length; lineStart = this.nextLineStart(lineStart)) {
        const first = this.skipInline(lineStart);
        const code = text.charCodeAt(first);
        if (this.isLineEnd(first) || code === HASH) continue;
        if (first === lineStart && code === 37 /* % directive */) continue;
        if (first === lineStart && text.startsWith('---', first) && this.isBlankAt(first + 3)) {
          const after = this.skipInline(first + 3);
          if (this.isLineEnd(after) || text.charCodeAt(after) === HASH) continue;
          offset = after;
          break;
        }
        offset = first;
        break;
      }
    }
    if (offset < 0 || offset >= text.length) unsupported();
    this.rootNode = { report: offset, value: offset, context: 'root', ownerIndent: -1 };
    return this.rootNode;
  }

  private containerOf(node: FoundNode): Container | 'alias' {
    const text = this.text;
    let at = node.value;
    if (node.context === 'block-map' || node.context === 'block-seq') at = this.skipInline(at);
    at = this.skipProperties(at, node.context !== 'flow');
    const code = text.charCodeAt(at);
    if (code === OPEN_BRACE) return { type: 'flow-map', open: at };
    if (code === OPEN_BRACKET) return { type: 'flow-seq', open: at };
    if (code === ASTERISK) return 'alias';
    if (node.context === 'flow') return unsupported();
    if (this.isLineEnd(at) || code === HASH) {
      if (node.context === 'root') return unsupported();
      return this.blockChildOnNextLines(at, node.ownerIndent, node.context === 'block-map');
    }
    if (this.isDashAt(at)) {
      // `- - x` nests a sequence on the item's line; `key: - x` is not YAML.
      if (node.context === 'block-map') return unsupported();
      return { type: 'block-seq', first: at, indent: this.columnOf(at) };
    }
    if (node.context !== 'block-map' && this.readBlockKey(at) !== undefined) {
      return { type: 'block-map', first: at, indent: this.columnOf(at) };
    }
    return unsupported();
  }

  /** The block collection that starts on the lines after `from` and belongs to an entry indented `ownerIndent`. */
  private blockChildOnNextLines(from: number, ownerIndent: number, dashMayAlign: boolean): Container {
    const line = this.nextContentLine(this.nextLineStart(from));
    if (line === undefined) return unsupported();
    const at = line.start + line.indent;
    const code = this.text.charCodeAt(at);
    if (line.indent > ownerIndent) {
      if (code === OPEN_BRACE) return { type: 'flow-map', open: at };
      if (code === OPEN_BRACKET) return { type: 'flow-seq', open: at };
      if (this.isDashAt(at)) return { type: 'block-seq', first: at, indent: line.indent };
      return { type: 'block-map', first: at, indent: line.indent };
    }
    // YAML lets a sequence that is a mapping value sit at the mapping's own indentation.
    if (line.indent === ownerIndent && dashMayAlign && this.isDashAt(at)) {
      return { type: 'block-seq', first: at, indent: line.indent };
    }
    return unsupported();
  }

  private openCursor(pointer: string, owner: FoundNode, container: Container, value: unknown): Cursor {
    const next = 'open' in container ? container.open + 1 : container.first;
    const cursor: Cursor = { pointer, owner, container, next, index: 0, value, keysRead: 0 };
    if (this.jumps && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      cursor.keys = Object.keys(value).filter((key) => !ARRAY_INDEX.test(key));
    }
    this.cursors.set(pointer, cursor);
    return cursor;
  }

  /** Reads one more entry of the cursor's container; false when it has none left. */
  private readNext(cursor: Cursor): boolean {
    if (cursor.next < 0) return false;
    switch (cursor.container.type) {
      case 'flow-map':
      case 'flow-seq':
        return this.readFlowEntry(cursor, cursor.container.type === 'flow-map');
      case 'block-map':
        return this.readBlockMapEntry(cursor, cursor.container.indent);
      case 'block-seq':
        return this.readBlockSeqEntry(cursor, cursor.container.indent);
    }
  }

  private record(pointer: string, node: FoundNode): void {
    if (!this.nodes.has(pointer)) this.nodes.set(pointer, node);
  }

  // ---- flow collections (all of JSON, and YAML `{...}` / `[...]`) ----

  private readFlowEntry(cursor: Cursor, isMap: boolean): boolean {
    const text = this.text;
    let at = cursor.next;
    if (cursor.pending) {
      at = cursor.pending.end ?? this.skipFlowNode(cursor.pending.value);
      cursor.pending.end = at;
      cursor.pending = undefined;
    }
    at = this.skipGap(at);
    if (text.charCodeAt(at) === COMMA) at = this.skipGap(at + 1);
    const code = text.charCodeAt(at);
    if (code === (isMap ? CLOSE_BRACE : CLOSE_BRACKET)) {
      if (this.jumps) this.checkEnd(cursor, isMap);
      cursor.next = -1;
      if (cursor.owner.context === 'flow' || cursor.owner.context === 'root') cursor.owner.end = at + 1;
      return false;
    }
    if (at >= text.length) return unsupported();
    if (!isMap) {
      if (code === COLON) return unsupported(); // `[key: value]` single-pair mappings
      if (this.jumps && (!Array.isArray(cursor.value) || cursor.index >= cursor.value.length)) mismatch();
      const item: FoundNode = { report: at, value: at, context: 'flow', ownerIndent: -1 };
      this.record(appendPointer(cursor.pointer, cursor.index++), item);
      cursor.pending = item;
      cursor.next = at;
      return true;
    }
    const keyStart = at;
    at = this.skipProperties(at, false);
    let key: string;
    const keyCode = text.charCodeAt(at);
    if (keyCode === QUOTE) {
      const end = this.skipDoubleQuoted(at);
      key = decodeDoubleQuoted(text.slice(at + 1, end - 1));
      at = end;
    } else if (keyCode === APOSTROPHE) {
      const end = this.skipSingleQuoted(at);
      key = text.slice(at + 1, end - 1).replace(/''/g, "'");
      at = end;
    } else if (keyCode === OPEN_BRACE || keyCode === OPEN_BRACKET || (keyCode === QUESTION && this.isBlankAt(at + 1))) {
      return unsupported();
    } else {
      const end = this.skipPlain(at, true);
      key = text.slice(at, end).trim();
      at = end;
    }
    at = this.skipGap(at);
    let value = keyStart;
    if (text.charCodeAt(at) === COLON) {
      value = this.skipGap(at + 1);
    }
    if (this.jumps) this.checkKey(cursor, key);
    const member: FoundNode = { report: keyStart, value, context: 'flow', ownerIndent: -1 };
    this.record(appendPointer(cursor.pointer, key), member);
    if (value === keyStart) {
      member.end = at;
    }
    cursor.pending = member;
    cursor.next = at;
    return true;
  }

  /** End offset of the flow node at `at` (after anchors, tags, the value itself). */
  private skipFlowNode(at: number): number {
    const text = this.text;
    const start = this.skipProperties(at, false);
    const code = text.charCodeAt(start);
    if (code === QUOTE) return this.skipDoubleQuoted(start);
    if (code === APOSTROPHE && this.format === 'yaml') return this.skipSingleQuoted(start);
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (this.format === 'yaml') return this.skipYamlFlowCollection(start);
      return (this.jumps && this.jumpOverJsonCollection(start)) || this.skipJsonCollection(start);
    }
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET) return start;
    return this.skipPlain(start, true);
  }

  /**
   * End of the pretty-printed JSON collection opening at `open` (followed by a line break): the
   * first later line indented like the one `open` is on that starts with the matching bracket.
   * 0 when the text does not look pretty-printed there.
   */
  private jumpOverJsonCollection(open: number): number {
    const text = this.text;
    const after = this.skipInline(open + 1);
    if (text.charCodeAt(after) !== LF && text.charCodeAt(after) !== CR) return 0;
    const lineStart = text.lastIndexOf('\n', open - 1) + 1;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === SPACE) indent++;
    let pattern = this.closerPatterns.get(indent);
    if (pattern === undefined) {
      pattern = new RegExp(`\\n {${indent}}[}\\]]`, 'g');
      this.closerPatterns.set(indent, pattern);
    }
    pattern.lastIndex = after;
    const match = pattern.exec(text);
    if (match === null) return 0;
    const close = match.index + match[0].length - 1;
    const expected = text.charCodeAt(open) === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    return text.charCodeAt(close) === expected ? close + 1 : 0;
  }

  /** After a jump, the keys read must be the parsed object's keys, in order. */
  private checkKey(cursor: Cursor, key: string): void {
    const value = cursor.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) mismatch();
    if (ARRAY_INDEX.test(key)) return; // JSON.parse moves these first: their order says nothing
    if (cursor.keys?.[cursor.keysRead++] !== key) mismatch();
  }

  private checkEnd(cursor: Cursor, isMap: boolean): void {
    if (isMap) {
      if (cursor.keysRead !== (cursor.keys?.length ?? -1)) mismatch();
    } else if (!Array.isArray(cursor.value) || cursor.index !== cursor.value.length) mismatch();
  }

  /**
   * End of the JSON object or array opening at `open`. One tight loop, strings skipped inline: this
   * walks most of a large document once, and a call per string made it several times slower.
   */
  private skipJsonCollection(open: number): number {
    const text = this.text;
    const length = text.length;
    let depth = 0;
    let inString = false;
    for (let index = open; index < length; index++) {
      const code = text.charCodeAt(index);
      if (inString) {
        if (code === BACKSLASH) index++;
        else if (code === QUOTE) inString = false;
      } else if (code === QUOTE) {
        inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
      } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) {
        return index + 1;
      }
    }
    return length;
  }

  private skipYamlFlowCollection(open: number): number {
    const text = this.text;
    const close = text.charCodeAt(open) === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    let at = open + 1;
    for (;;) {
      at = this.skipGap(at);
      if (at >= text.length) return text.length;
      const code = text.charCodeAt(at);
      if (code === close) return at + 1;
      if (code === COMMA || code === COLON) {
        at++;
      } else if (code === QUESTION && this.isBlankAt(at + 1)) {
        at++;
      } else {
        const end = this.skipFlowNode(at);
        at = end > at ? end : at + 1;
      }
    }
  }

  private skipDoubleQuoted(open: number): number {
    const text = this.text;
    let at = open + 1;
    for (;;) {
      const close = text.indexOf('"', at);
      if (close === -1) return text.length;
      let backslashes = 0;
      for (let index = close - 1; text.charCodeAt(index) === BACKSLASH; index--) backslashes++;
      if (backslashes % 2 === 0) return close + 1;
      at = close + 1;
    }
  }

  private skipSingleQuoted(open: number): number {
    const text = this.text;
    let at = open + 1;
    for (;;) {
      const close = text.indexOf("'", at);
      if (close === -1) return text.length;
      if (text.charCodeAt(close + 1) !== APOSTROPHE) return close + 1;
      at = close + 2;
    }
  }

  /** End of a plain scalar (YAML 1.2 §7.3.3); in flow context `,[]{}` also end it. */
  private skipPlain(at: number, inFlow: boolean): number {
    const text = this.text;
    let index = at;
    for (; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (
        inFlow &&
        (code === COMMA ||
          code === OPEN_BRACE ||
          code === CLOSE_BRACE ||
          code === OPEN_BRACKET ||
          code === CLOSE_BRACKET)
      ) {
        break;
      }
      if (code === COLON && index > at) {
        const next = text.charCodeAt(index + 1);
        if (this.isBlankAt(index + 1) || (inFlow && (next === COMMA || next === CLOSE_BRACE || next === CLOSE_BRACKET)))
          break;
      }
      if (code === HASH && index > at) {
        const previous = text.charCodeAt(index - 1);
        if (previous === SPACE || previous === TAB || previous === LF || previous === CR) break;
      }
      if (!inFlow && (code === LF || code === CR)) break;
    }
    return index;
  }

  // ---- block collections (YAML, by indentation) ----

  private readBlockMapEntry(cursor: Cursor, indent: number): boolean {
    const at = cursor.next;
    const key = this.readBlockKey(at);
    if (key === undefined) return unsupported();
    this.record(appendPointer(cursor.pointer, key.key), {
      report: at,
      value: key.valueStart,
      context: 'block-map',
      ownerIndent: indent,
    });
    cursor.index++;
    cursor.next = -1;
    for (let line = this.nextShallowLine(at, indent); line; line = this.nextShallowLine(line.start, indent)) {
      if (line.indent < indent) break;
      const entry = line.start + indent;
      if (this.isDashAt(entry)) continue; // a sequence value aligned with its key
      cursor.next = entry;
      break;
    }
    return true;
  }

  private readBlockSeqEntry(cursor: Cursor, indent: number): boolean {
    const at = cursor.next;
    if (!this.isDashAt(at)) return unsupported();
    let report = this.skipInline(at + 1);
    if (this.isLineEnd(report) || this.text.charCodeAt(report) === HASH) {
      // `-` alone on its line: the item is the node on the next lines.
      const line = this.nextContentLine(this.nextLineStart(at));
      report = line !== undefined && line.indent > indent ? line.start + line.indent : at;
    }
    this.record(appendPointer(cursor.pointer, cursor.index++), {
      report,
      value: at + 1,
      context: 'block-seq',
      ownerIndent: indent,
    });
    cursor.next = -1;
    const line = this.nextShallowLine(at, indent);
    if (line !== undefined && line.indent === indent && this.isDashAt(line.start + indent))
      cursor.next = line.start + indent;
    return true;
  }

  /** Parses `key:` at `at` in block context; undefined when the line is not a simple key. */
  private readBlockKey(at: number): { key: string; valueStart: number } | undefined {
    const text = this.text;
    const start = this.skipProperties(at, true);
    const code = text.charCodeAt(start);
    let key: string;
    let end: number;
    if (code === QUOTE) {
      end = this.skipDoubleQuoted(start);
      key = decodeDoubleQuoted(text.slice(start + 1, end - 1));
      end = this.skipInline(end);
      if (text.charCodeAt(end) !== COLON) return undefined;
    } else if (code === APOSTROPHE) {
      end = this.skipSingleQuoted(start);
      key = text.slice(start + 1, end - 1).replace(/''/g, "'");
      end = this.skipInline(end);
      if (text.charCodeAt(end) !== COLON) return undefined;
    } else {
      if (this.isLineEnd(start) || code === HASH || code === OPEN_BRACE || code === OPEN_BRACKET) return undefined;
      if ((code === QUESTION || code === DASH) && this.isBlankAt(start + 1)) return undefined;
      end = this.skipPlain(start, false);
      if (text.charCodeAt(end) !== COLON) return undefined;
      key = text.slice(start, end).trimEnd();
    }
    if (!this.isBlankAt(end + 1)) return undefined;
    return { key, valueStart: end + 1 };
  }

  // ---- character and line helpers ----

  /** Skips `&anchor` and `!tag` properties (and the spaces after them) at `at`. */
  private skipProperties(at: number, sameLineOnly: boolean): number {
    if (this.format === 'json') return at;
    const text = this.text;
    let index = at;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code !== AMPERSAND && code !== BANG) return index;
      while (index < text.length && !this.isBlankAt(index)) index++;
      index = sameLineOnly ? this.skipInline(index) : this.skipGap(index);
    }
  }

  /** Skips spaces, line breaks and comments. */
  private skipGap(at: number): number {
    const text = this.text;
    let index = at;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === SPACE || code === LF || code === CR || code === TAB) {
        index++;
      } else if (code === HASH && this.format === 'yaml') {
        const end = text.indexOf('\n', index);
        index = end === -1 ? text.length : end + 1;
      } else {
        break;
      }
    }
    return index;
  }

  /** Skips spaces and tabs on the current line. */
  private skipInline(at: number): number {
    const text = this.text;
    let index = at;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code !== SPACE && code !== TAB) break;
      index++;
    }
    return index;
  }

  private isLineEnd(at: number): boolean {
    if (at >= this.text.length) return true;
    const code = this.text.charCodeAt(at);
    return code === LF || code === CR;
  }

  /** True at a space, tab, line break or the end of the text. */
  private isBlankAt(at: number): boolean {
    if (at >= this.text.length) return true;
    const code = this.text.charCodeAt(at);
    return code === SPACE || code === TAB || code === LF || code === CR;
  }

  private isDashAt(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.isBlankAt(at + 1);
  }

  private columnOf(at: number): number {
    return at - (this.text.lastIndexOf('\n', at - 1) + 1);
  }

  private nextLineStart(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.text.length : end + 1;
  }

  /**
   * The first content line after the line holding `at` that is indented at most `maxIndent`; undefined
   * at the end of the document. One native regex search skips all the deeper lines in between.
   */
  private nextShallowLine(at: number, maxIndent: number): { start: number; indent: number } | undefined {
    let pattern = this.shallowLinePatterns.get(maxIndent);
    if (pattern === undefined) {
      pattern = new RegExp(`\\n {0,${maxIndent}}(?=[^ \\t\\r\\n#])`, 'g');
      this.shallowLinePatterns.set(maxIndent, pattern);
    }
    pattern.lastIndex = at;
    const match = pattern.exec(this.text);
    if (match === null) return undefined;
    const start = match.index + 1;
    const indent = match[0].length - 1;
    const text = this.text;
    if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start)) && this.isBlankAt(start + 3)) {
      return undefined;
    }
    return { start, indent };
  }

  /** The first line at or after `lineStart` that is neither blank nor a comment; undefined at a document end. */
  private nextContentLine(lineStart: number): { start: number; indent: number } | undefined {
    const text = this.text;
    for (let start = lineStart; start < text.length; start = this.nextLineStart(start)) {
      let index = start;
      while (text.charCodeAt(index) === SPACE) index++;
      const first = this.skipInline(index);
      if (this.isLineEnd(first) || text.charCodeAt(first) === HASH) continue;
      if (
        index === start &&
        (text.startsWith('---', start) || text.startsWith('...', start)) &&
        this.isBlankAt(start + 3)
      ) {
        return undefined;
      }
      return { start, indent: index - start };
    }
    return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Decodes the body of a double-quoted key (JSON escapes plus YAML's `\x`, `\U`, `\N`, ...). */
function decodeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('\n')) return raw;
  let result = '';
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '\n' || char === '\r') {
      // Line folding inside a multi-line quoted key: rare enough to approximate.
      result = `${result.trimEnd()} `;
      while (raw[index + 1] === ' ' || raw[index + 1] === '\t' || raw[index + 1] === '\n') index++;
      continue;
    }
    if (char !== '\\') {
      result += char;
      continue;
    }
    const escaped = raw[++index];
    const hexLength = escaped === 'x' ? 2 : escaped === 'u' ? 4 : escaped === 'U' ? 8 : 0;
    if (hexLength > 0) {
      result += String.fromCodePoint(Number.parseInt(raw.slice(index + 1, index + 1 + hexLength), 16));
      index += hexLength;
    } else {
      result += SIMPLE_ESCAPES[escaped] ?? escaped;
    }
  }
  return result;
}

// ---- exact fallback: an index of every node, from js-yaml's parser events ----

interface EventFrame {
  /** Pointer of the collection; undefined inside a complex key, which has no pointer. */
  pointer: string | undefined;
  kind: 'document' | 'mapping' | 'sequence';
  count: number;
  key: string | undefined;
  keyOffset: number;
}

function eventOffset(event: Event): number {
  if (event.type === EVENT_ID.POP || event.type === EVENT_ID.DOCUMENT) return -1;
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart - 1;
  if (event.anchorStart >= 0) return event.anchorStart - 1;
  if (event.tagStart >= 0) return event.tagStart;
  if (event.type === EVENT_ID.SCALAR) {
    const quoted = event.style === SCALAR_STYLE.DOUBLE_QUOTED || event.style === SCALAR_STYLE.SINGLE_QUOTED;
    return quoted ? event.valueStart - 1 : event.valueStart;
  }
  return event.start;
}

/** Every pointer in the (first) document mapped to its report offset. */
export function buildEventIndex(text: string): Map<string, number> {
  const index = new Map<string, number>();
  const events = parseEvents(text, { maxDepth: 10000 });
  const frames: EventFrame[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      frames.pop();
      if (frames.length === 0) break;
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      frames.push({ pointer: '', kind: 'document', count: 0, key: undefined, keyOffset: 0 });
      continue;
    }
    const parent = frames[frames.length - 1];
    const offset = eventOffset(event);
    let pointer: string | undefined;
    if (parent.kind === 'mapping' && parent.count++ % 2 === 0) {
      parent.key = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event as ScalarEvent) : undefined;
      parent.keyOffset = offset;
      pointer = undefined;
    } else if (parent.pointer === undefined) {
      pointer = undefined;
    } else if (parent.kind === 'mapping') {
      pointer = parent.key === undefined ? undefined : appendPointer(parent.pointer, parent.key);
      if (pointer !== undefined && !index.has(pointer)) index.set(pointer, parent.keyOffset);
    } else {
      pointer = parent.kind === 'sequence' ? appendPointer(parent.pointer, parent.count++) : '';
      if (!index.has(pointer)) index.set(pointer, offset);
    }
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const kind = event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence';
      frames.push({ pointer, kind, count: 0, key: undefined, keyOffset: offset });
    }
  }
  return index;
}
