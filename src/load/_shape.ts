/**
 * One iterative walk over a freshly parsed document that enforces the limits later walks rely on
 * (limits.ts): nesting depth, finite numbers, and for YAML the alias graph (no cycle, a bounded
 * expansion) and merge keys (`<<`), applied as YAML 1.1 tools do. It returns the objects that YAML
 * aliases make appear more than once, so later walks can treat them as references. Private to load/.
 */
import { appendPointer } from './pointer.js';

export type ShapeProblem =
  | { kind: 'depth'; pointer: string }
  | { kind: 'cycle'; pointer: string }
  | { kind: 'expansion'; pointer: string; expanded: number }
  | { kind: 'non-finite'; pointer: string; value: number }
  | { kind: 'merge'; pointer: string };

export interface Shape {
  /** Objects reached more than once (YAML aliases); empty for a tree. */
  shared: Set<object>;
  /** Members of all mappings together (compared with the text's count to find JSON duplicates). */
  members: number;
}

interface Frame {
  value: object;
  keys: string[] | undefined;
  index: number;
  depth: number;
  parent: Frame | undefined;
  key: string;
  /** Values below and including this one, aliases expanded. */
  size: number;
}

const MERGE_KEY = '<<';

/**
 * Walks `root` depth-first without recursion. `yaml` enables merge keys; `aliases` (the YAML text
 * had an alias) enables the identity bookkeeping a tree does not need.
 */
export function inspectShape(
  root: unknown,
  options: { yaml: boolean; aliases: boolean; maxDepth: number; maxExpansion: number },
): Shape | ShapeProblem {
  // A plain tree (no alias) that breaks no limit, the usual case, needs no bookkeeping at all.
  if (!options.aliases) {
    const members = quickInspect(root, options.maxDepth);
    if (members >= 0) return { shared: new Set(), members };
  }
  return inspectFully(root, options);
}

/**
 * Members of all mappings of a tree, or -1 when the full walk must look closer: too deep, a
 * non-finite number, or a merge key. Parallel stacks, no allocation per node: this walk runs on
 * every document, including 4 MB ones.
 */
function quickInspect(root: unknown, maxDepth: number): number {
  if (root === null || typeof root !== 'object') return 0;
  const values: object[] = [root];
  const depths: number[] = [1];
  let members = 0;
  while (values.length > 0) {
    const value = values.pop() as object;
    const depth = depths.pop() as number;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const child: unknown = value[index];
        if (child !== null && typeof child === 'object') {
          if (depth >= maxDepth) return -1;
          values.push(child);
          depths.push(depth + 1);
        } else if (typeof child === 'number' && !Number.isFinite(child)) return -1;
      }
      continue;
    }
    for (const key in value) {
      members++;
      if (key === MERGE_KEY) return -1;
      const child: unknown = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') {
        if (depth >= maxDepth) return -1;
        values.push(child);
        depths.push(depth + 1);
      } else if (typeof child === 'number' && !Number.isFinite(child)) return -1;
    }
  }
  return members;
}

function inspectFully(
  root: unknown,
  options: { yaml: boolean; aliases: boolean; maxDepth: number; maxExpansion: number },
): Shape | ShapeProblem {
  const shared = new Set<object>();
  let members = 0;
  if (root === null || typeof root !== 'object') return { shared, members };
  const sizes = options.aliases ? new Map<object, number>() : undefined;
  const onPath = options.aliases ? new Set<object>() : undefined;
  let distinct = 0;
  const stack: Frame[] = [];
  const pointerOf = (frame: Frame | undefined, last?: string): string => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let each = frame; each?.parent; each = each.parent) keys.push(each.key);
    let pointer = '';
    for (let index = keys.length - 1; index >= 0; index--) pointer = appendPointer(pointer, keys[index]);
    return pointer;
  };
  const enter = (value: object, parent: Frame | undefined, key: string): ShapeProblem | undefined => {
    const depth = parent ? parent.depth + 1 : 1;
    if (depth > options.maxDepth) return { kind: 'depth', pointer: pointerOf(parent, key) };
    if (sizes && onPath) {
      const known = sizes.get(value);
      if (known !== undefined) {
        shared.add(value);
        if (parent) parent.size += known;
        return undefined;
      }
      if (onPath.has(value)) return { kind: 'cycle', pointer: pointerOf(parent, key) };
      onPath.add(value);
    }
    distinct++;
    let keys: string[] | undefined;
    if (!Array.isArray(value)) {
      if (options.yaml && MERGE_KEY in value) {
        const merged = applyMerge(value as Record<string, unknown>);
        if (!merged) return { kind: 'merge', pointer: pointerOf(parent, key) };
      }
      keys = Object.keys(value);
      members += keys.length;
    }
    stack.push({ value, keys, index: 0, depth, parent, key, size: 1 });
    return undefined;
  };
  const first = enter(root, undefined, '');
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const length = frame.keys ? frame.keys.length : (frame.value as unknown[]).length;
    if (frame.index >= length) {
      stack.pop();
      if (sizes && onPath) {
        sizes.set(frame.value, frame.size);
        onPath.delete(frame.value);
        if (frame.parent) frame.parent.size += frame.size;
        // Checked at every mapping, so a billion-laughs graph is refused at the first subtree too large.
        if (frame.size - distinct > options.maxExpansion) {
          return { kind: 'expansion', pointer: pointerOf(frame), expanded: frame.size };
        }
      }
      continue;
    }
    const key = frame.keys ? frame.keys[frame.index] : String(frame.index);
    const child = frame.keys ? (frame.value as Record<string, unknown>)[key] : (frame.value as unknown[])[frame.index];
    frame.index++;
    if (child !== null && typeof child === 'object') {
      const problem = enter(child, frame, key);
      if (problem) return problem;
    } else {
      if (sizes) {
        frame.size++;
        distinct++;
      }
      if (typeof child === 'number' && !Number.isFinite(child)) {
        return { kind: 'non-finite', pointer: pointerOf(frame, key), value: child };
      }
    }
  }
  return { shared, members };
}

/**
 * YAML 1.1 merge: the keys of the mapping (or list of mappings) under `<<` are added where the
 * mapping does not set them itself; in a list, earlier mappings win. False when `<<` holds
 * something else.
 */
function applyMerge(target: Record<string, unknown>, depth = 0): boolean {
  const source = target[MERGE_KEY];
  const sources = Array.isArray(source) ? source : [source];
  if (sources.length === 0 || depth > 100) return false;
  for (const each of sources) {
    if (each === null || typeof each !== 'object' || Array.isArray(each)) return false;
    if (MERGE_KEY in each && !applyMerge(each as Record<string, unknown>, depth + 1)) return false;
  }
  delete target[MERGE_KEY];
  for (const each of sources as Record<string, unknown>[]) {
    for (const key of Object.keys(each)) {
      if (!(key in target)) target[key] = each[key];
    }
  }
  return true;
}

/**
 * Members (`"key":`) in a JSON text: strings followed by a colon. Jumps from quote to quote with
 * indexOf (a 4 MB document in a few milliseconds); only meaningful for text JSON.parse accepted.
 */
export function countJsonMembers(text: string): number {
  let count = 0;
  let index = text.indexOf('"');
  while (index >= 0) {
    // The closing quote: the next one not escaped by an odd number of backslashes.
    let end = text.indexOf('"', index + 1);
    while (end > 0 && text.charCodeAt(end - 1) === 92) {
      let slashes = 1;
      while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    if (end < 0) break;
    let next = end + 1;
    let code = text.charCodeAt(next);
    while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++next);
    if (code === 58) count++;
    index = text.indexOf('"', next);
  }
  return count;
}

/** The first key written twice in one JSON object: its decoded name and the offset of the second. */
export function findJsonDuplicateKey(text: string): { key: string; offset: number } | undefined {
  const objects: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 123) {
      objects.push(new Set());
      expectKey = true;
    } else if (code === 91) {
      objects.push(undefined);
      expectKey = false;
    } else if (code === 125 || code === 93) {
      objects.pop();
      expectKey = false;
    } else if (code === 44) {
      expectKey = objects[objects.length - 1] !== undefined;
    } else if (code === 58) {
      expectKey = false;
    } else if (code === 34) {
      const start = index;
      index++;
      while (index < text.length) {
        const inner = text.charCodeAt(index);
        if (inner === 92) index += 2;
        else if (inner === 34) break;
        else index++;
      }
      const keys = objects[objects.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(start, index + 1)) as string;
        if (keys.has(key)) return { key, offset: start };
        keys.add(key);
      }
    }
  }
  return undefined;
}
