/**
 * Runs the rule catalog over a contract diff and turns what rules report into Findings:
 * schema findings are attributed to every operation whose schemas reach the changed pair
 * (a component used by 300 operations is compared once, reported per operation, grouped by
 * component in reports), positions are looked up only now, and messages are rendered.
 */
import type { ContractDiff, OperationDiff, SchemaPair } from '../diff/index.js';
import { codeLocationOf } from '../extract/code-map.js';
import { parsePointer, walkValue } from '../load/pointer.js';
import type { Operation } from '../normalize/model.js';
import { rules as catalog } from './catalog.js';
import type { Report, Rule } from './define.js';
import { messages } from './messages.js';
import { type Finding, type FindingLocation, LEVEL_RANK, type Level, type Summary, type Witness } from './types.js';

export interface RunOptions {
  /** Evaluation time for sunset dates; defaults to now. */
  now?: Date;
  /** Per-rule level overrides (`off` disables the rule). */
  levels?: Record<string, Level | 'off'>;
  rules?: readonly Rule[];
  /**
   * Proves breaking schema findings with a witness (src/witness: `createProver(diff)`). A breaking
   * schema finding it cannot prove is demoted to a warning that says so. Without one, findings
   * keep their levels and carry no witness.
   */
  prove?: Prover;
}

/** What a prover is asked: the finding's rule and arguments, its pair, and where it is used. */
export interface ProofRequest {
  rule: string;
  args: Record<string, unknown>;
  pair: SchemaPair;
  /** The operation's root pair (request body, parameter, response body) the finding was reached from. */
  root?: SchemaPair;
  operation?: OperationDiff;
}

export interface Prover {
  /** A confirmed witness for the finding, or undefined when none was found. */
  prove(request: ProofRequest): Witness | undefined;
}

interface Collected {
  rule: Rule;
  report: Report;
  /** What its findings share whatever the operation, computed with the first one. */
  shared?: Shared;
}

export function runRules(diff: ContractDiff, options: RunOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const collected: Collected[] = [];
  for (const rule of options.rules ?? catalog) {
    if (options.levels?.[rule.id] === 'off') continue;
    rule.check({ diff, now, report: (report) => collected.push({ rule, report }) });
  }

  const findings: Finding[] = [];
  const seen = new Set<string>();
  const emit = (entry: Collected, operation: Operation | null, root?: SchemaPair, operationDiff?: OperationDiff) => {
    const override = options.levels?.[entry.rule.id];
    const { finding, argsKey } = toFinding(entry, operation, override);
    const key = `${operation?.key ?? ''}|${finding.id}|${finding.location.pointer}|${argsKey}`;
    if (seen.has(key)) return;
    seen.add(key);
    const pair = entry.report.pair;
    if (options.prove && pair && finding.level === 'breaking' && entry.rule.proof !== 'declared') {
      const witness = options.prove.prove({
        rule: finding.id,
        args: finding.args,
        pair,
        root,
        operation: operationDiff,
      });
      if (witness) finding.witness = witness;
      // A level set in the configuration is the user's word; only the rule's default is demoted.
      else if (override === undefined) demote(finding, pair.direction);
    }
    findings.push(finding);
  };

  const bySchemaPair = new Map<SchemaPair, Collected[]>();
  for (const entry of collected) {
    const pair = entry.report.pair;
    if (!pair) {
      const affects = entry.report.affects;
      if (affects && affects.operations.length > 0) for (const operation of affects.operations) emit(entry, operation);
      else emit(entry, entry.report.operation ?? null);
      continue;
    }
    const list = bySchemaPair.get(pair);
    if (list) list.push(entry);
    else bySchemaPair.set(pair, [entry]);
  }
  if (bySchemaPair.size > 0) {
    const reachable = findingPairsReachable(ancestorsOf(bySchemaPair.keys()), bySchemaPair);
    const reached = new Set<SchemaPair>();
    for (const operation of diff.operations) {
      const seenHere = new Set<SchemaPair>();
      for (const root of operation.roots) {
        for (const pair of reachable.get(root) ?? []) {
          if (seenHere.has(pair)) continue;
          seenHere.add(pair);
          reached.add(pair);
          for (const entry of bySchemaPair.get(pair) ?? []) emit(entry, operation.revision, root, operation);
        }
      }
    }
    // Pairs no operation reaches (not expected) are still reported, without an operation.
    for (const [pair, entries] of bySchemaPair) if (!reached.has(pair)) for (const entry of entries) emit(entry, null);
  }
  return findings.sort(compareFindings);
}

/**
 * A breaking schema finding without a witness: the comparer says inclusion fails, but no value
 * showing it was found and confirmed, so it may not break anyone. Kept, with its id, as a warning.
 */
function demote(finding: Finding, direction: 'request' | 'response'): void {
  const value =
    direction === 'request' ? 'the base accepts and the revision rejects' : 'the revision allows and the base did not';
  finding.level = 'warning';
  finding.message = `${finding.message} (the break could not be demonstrated: no value was found that ${value}, so this is a warning)`;
  const check = 'Check it by hand; holdfast could not demonstrate this break with an example value.';
  finding.hint = finding.hint === '' ? check : `${finding.hint} ${check}`;
}

/** Every pair from which a pair with findings can be reached (including those pairs). */
function ancestorsOf(pairs: Iterable<SchemaPair>): Set<SchemaPair> {
  const dirty = new Set<SchemaPair>();
  const stack = [...pairs];
  while (stack.length > 0) {
    const pair = stack.pop() as SchemaPair;
    if (dirty.has(pair)) continue;
    dirty.add(pair);
    for (const parent of pair.parents) if (!dirty.has(parent)) stack.push(parent);
  }
  return dirty;
}

/**
 * For every pair in `dirty` (the pairs from which a pair with findings can be reached), the pairs
 * with findings it reaches, itself included. One pass over the pair graph instead of a walk per
 * operation: Tarjan's strongly connected components (recursive schemas make cycles) finish in an
 * order where everything a component reaches is known before it. Chains share one array.
 */
function findingPairsReachable(
  dirty: Set<SchemaPair>,
  withFindings: Map<SchemaPair, Collected[]>,
): Map<SchemaPair, SchemaPair[]> {
  const reach = new Map<SchemaPair, SchemaPair[]>();
  const order = new Map<SchemaPair, number>();
  const low = new Map<SchemaPair, number>();
  const open: SchemaPair[] = [];
  const isOpen = new Set<SchemaPair>();
  const visit = (pair: SchemaPair) => {
    order.set(pair, order.size);
    low.set(pair, order.size - 1);
    open.push(pair);
    isOpen.add(pair);
  };
  for (const start of dirty) {
    if (order.has(start)) continue;
    visit(start);
    const frames = [{ pair: start, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const children = frame.pair.children;
      if (frame.next < children.length) {
        const child = children[frame.next++];
        if (!dirty.has(child)) continue;
        if (!order.has(child)) {
          visit(child);
          frames.push({ pair: child, next: 0 });
        } else if (isOpen.has(child)) {
          low.set(frame.pair, Math.min(low.get(frame.pair) ?? 0, order.get(child) ?? 0));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.pair, Math.min(low.get(parent.pair) ?? 0, low.get(frame.pair) ?? 0));
      if (low.get(frame.pair) !== order.get(frame.pair)) continue;
      // frame.pair roots a component: its members are on `open` down to it.
      const members: SchemaPair[] = [];
      let member: SchemaPair | undefined;
      do {
        member = open.pop() as SchemaPair;
        isOpen.delete(member);
        members.push(member);
      } while (member !== frame.pair);
      // Children in the same component have no entry yet; all others are finished.
      const own: SchemaPair[] = [];
      const below = new Set<SchemaPair[]>();
      for (const each of members) {
        if (withFindings.has(each)) own.push(each);
        for (const child of each.children) {
          const reached = reach.get(child);
          if (reached) below.add(reached);
        }
      }
      let result: SchemaPair[];
      if (own.length === 0 && below.size === 1) [result] = below;
      else result = [...new Set([...own, ...[...below].flat()])];
      for (const each of members) reach.set(each, result);
    }
  }
  return reach;
}

/** The parts of a finding that do not depend on the operation it is attributed to. */
interface Shared {
  level: Level;
  where: string;
  /** The finding's location but for the operation (the code's, when the contract came from Python). */
  location: FindingLocation;
  component: string | null;
  /** Rendered once when the template does not name the operation. */
  message: string | undefined;
  hint: string | undefined;
  /** The arguments as text, for telling findings apart. */
  argsKey: string;
}

/**
 * A change in a shared component is one report attributed to every operation that reaches it
 * (hundreds, in large APIs): what does not depend on the operation is computed once per report.
 */
function toFinding(
  entry: Collected,
  operation: Operation | null,
  override: Level | 'off' | undefined,
): { finding: Finding; argsKey: string } {
  const { rule, report } = entry;
  const template = messages[rule.id] ?? { message: rule.docs.description, hint: '' };
  let shared = entry.shared;
  if (shared === undefined) {
    const where = report.pair ? describeSchemaLocation(report.pair, report.side) : '';
    const once = { ...report.args, where };
    shared = {
      level: override && override !== 'off' ? override : rule.level,
      where,
      location: locationOf(report),
      component: componentOf(report),
      message: template.message.includes('{operation}') ? undefined : render(template.message, once),
      hint: template.hint.includes('{operation}') ? undefined : render(template.hint, once),
      argsKey: JSON.stringify(report.args),
    };
    entry.shared = shared;
  }
  const placeholders = (): Record<string, unknown> => ({
    ...report.args,
    operation: operation ? `${operation.method} ${operation.path}` : '',
    where: shared.where,
  });
  const finding: Finding = {
    id: rule.id,
    level: shared.level,
    operation: operation ? { method: operation.method, path: operation.path } : null,
    location: { ...shared.location },
    message: shared.message ?? render(template.message, placeholders()),
    hint: shared.hint ?? render(template.hint, placeholders()),
    component: shared.component,
    side: report.side,
    args: report.args,
    ...(operation ? lifecycleOf(operation) : {}),
  };
  return { finding, argsKey: shared.argsKey };
}

/** `x-stability-level` and, for a deprecated operation, `x-sunset`: only the ones declared. */
function lifecycleOf(operation: Operation): Pick<Finding, 'stability' | 'sunset'> {
  const raw = operation.sources[0];
  const stability = isRecord(raw) ? raw['x-stability-level'] : undefined;
  return {
    ...(typeof stability === 'string' ? { stability } : {}),
    ...(operation.deprecated && operation.sunset ? { sunset: operation.sunset } : {}),
  };
}

/**
 * Where a report points: the Python code that defines the part, when the contract was extracted
 * from an app and the extractor placed it (the most specific enclosing part: a field before its
 * model, a parameter before its operation); else the line in the contract document.
 */
function locationOf(report: Report): FindingLocation {
  const source = report.doc.source;
  const code = source.codeMap === undefined ? undefined : codeLocationOf(source.codeMap, report.pointer);
  if (code === undefined || source.codeMap === undefined) {
    return { file: source.displayName, line: locate(report.doc, report.pointer), pointer: report.pointer };
  }
  const removedIn = report.side === 'base' ? (source.codeMap.revision ?? source.displayName) : undefined;
  return {
    file: code.file,
    line: code.line,
    pointer: report.pointer,
    code: removedIn === undefined ? { contract: source.displayName } : { contract: source.displayName, removedIn },
  };
}

const positions = new WeakMap<Report['doc'], Map<string, number>>();

/** Line of a pointer, cached: a change in a shared component is reported once per operation. */
function locate(doc: Report['doc'], pointer: string): number {
  let lines = positions.get(doc);
  if (!lines) {
    lines = new Map();
    positions.set(doc, lines);
  }
  let line = lines.get(pointer);
  if (line === undefined) {
    line = doc.lineOf ? doc.lineOf(pointer) : (doc.locate(pointer)?.line ?? 1);
    lines.set(pointer, line);
  }
  return line;
}

function render(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const value = values[name];
    if (value === null || value === undefined) return 'none';
    if (typeof value === 'string') return value;
    return JSON.stringify(value);
  });
}

function componentOf(report: Report): string | null {
  if (report.affects && report.affects.operations.length > 0) return report.affects.group;
  if (!report.pair) return null;
  const match = /^\/(?:components\/schemas|definitions)\/[^/]+/.exec(report.pointer);
  return match ? `#${match[0]}` : null;
}

/**
 * A short, human name for where a schema sits: `Item.tags[].name` inside a component,
 * `request body.name`, `response 200 body[]`, `query parameter limit`.
 */
export function describeSchemaLocation(pair: SchemaPair, side: 'base' | 'revision'): string {
  const schema = side === 'base' ? pair.base.outer : pair.revision.outer;
  const segments = parsePointer(schema.pointer) ?? [];
  const root = schema.doc.root;
  let label = '';
  let rest: string[] = [];
  if ((segments[0] === 'components' && segments[1] === 'schemas') || segments[0] === 'definitions') {
    const offset = segments[0] === 'definitions' ? 1 : 2;
    label = segments[offset];
    rest = segments.slice(offset + 1);
  } else {
    const contentAt = segments.indexOf('content');
    const responsesAt = segments.indexOf('responses');
    const parametersAt = segments.indexOf('parameters');
    const headersAt = segments.indexOf('headers');
    const schemaAt = segments.indexOf('schema');
    if (headersAt >= 0 && schemaAt > headersAt) {
      label = `${responsesAt >= 0 ? `response ${segments[responsesAt + 1]} ` : ''}header ${segments[headersAt + 1]}`;
      rest = segments.slice(schemaAt + 1);
    } else if (responsesAt >= 0 && schemaAt > responsesAt) {
      label = `response ${segments[responsesAt + 1]} body`;
      rest = segments.slice(schemaAt + 1);
    } else if (segments.includes('requestBody') || segments.includes('requestBodies')) {
      label = contentAt >= 0 ? `request body (${segments[contentAt + 1]})` : 'request body';
      rest = segments.slice(schemaAt + 1);
    } else if (parametersAt >= 0 && schemaAt > parametersAt) {
      const parameter = walkValue(root, segments.slice(0, parametersAt + 2)).value;
      const name = isRecord(parameter) ? String(parameter.name) : segments[parametersAt + 1];
      const location = isRecord(parameter) ? String(parameter.in) : '';
      label = location === 'body' ? 'request body' : `${location} parameter ${name}`.trim();
      rest = segments.slice(schemaAt + 1);
    } else {
      label = schema.pointer || '/';
    }
  }
  return label + describeSegments(rest);
}

function describeSegments(segments: string[]): string {
  let text = '';
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const next = segments[index + 1];
    switch (segment) {
      case 'properties':
      case 'patternProperties':
      case 'dependentSchemas':
        text += `.${next}`;
        index++;
        break;
      case 'items':
        // Draft-4 tuples: `items/0` is position 0.
        if (next !== undefined && /^\d+$/.test(next)) {
          text += `[${next}]`;
          index++;
        } else text += '[]';
        break;
      case 'additionalItems':
        text += '[]';
        break;
      case 'prefixItems':
        text += `[${next}]`;
        index++;
        break;
      case 'additionalProperties':
        text += '.*';
        break;
      case 'oneOf':
      case 'anyOf':
        text += ` (${segment} #${Number(next) + 1})`;
        index++;
        break;
      case 'allOf':
        index++;
        break;
      default:
        text += `/${segment}`;
    }
  }
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One collator for every comparison (`localeCompare` is many times slower), the same on every machine. */
const collator = new Intl.Collator('en');

function compareFindings(a: Finding, b: Finding): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    collator.compare(a.operation?.path ?? '', b.operation?.path ?? '') ||
    collator.compare(a.operation?.method ?? '', b.operation?.method ?? '') ||
    collator.compare(a.id, b.id) ||
    collator.compare(a.location.pointer, b.location.pointer)
  );
}

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { breaking: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.level]++;
  return summary;
}
