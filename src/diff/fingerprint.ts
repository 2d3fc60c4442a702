/**
 * Cheap proof that an operation did not change: its raw JSON is byte-identical in both documents
 * and so is everything it references, transitively. Such operations are skipped before any
 * schema is built; between two releases of a large API that is almost all of them. An operation
 * written identically whose references reach a change has only its schemas compared
 * (diff/operations.ts). Anything else (external references, a changed operation) is compared fully.
 */
import { parsePointer, walkValue } from '../load/pointer.js';
import type { Contract, Operation, Schema } from '../normalize/model.js';

export class Fingerprints {
  private readonly sameRefs = new Map<string, boolean>();
  /** Per reference: undefined when its target differs (or is not local), else what it references. */
  private readonly targets = new Map<string, { references: string[] } | undefined>();
  private readonly sameGlobals: boolean;
  /** Set when a document has YAML aliases: each pair of shared nodes is compared once. */
  private readonly memo: AliasMemo | undefined;

  constructor(
    private readonly base: Contract,
    private readonly revision: Contract,
  ) {
    const baseRoot = base.doc.root as Record<string, unknown>;
    const revisionRoot = revision.doc.root as Record<string, unknown>;
    // Operations without their own `security` inherit the document's.
    this.sameGlobals = JSON.stringify(baseRoot.security) === JSON.stringify(revisionRoot.security);
    const baseShared = base.doc.shared;
    const revisionShared = revision.doc.shared;
    this.memo =
      baseShared || revisionShared
        ? { base: baseShared ?? NONE, revision: revisionShared ?? NONE, pairs: new WeakMap() }
        : undefined;
  }

  /**
   * For two operations written identically (`compareOperations` said `text`): true when the
   * objects holding their schemas once `$ref`s are followed are the same too (`holders` from
   * `schemaPositions`, compared without their `schema` keys). Then only those schemas can
   * differ, and the diff compares just them instead of building both operations.
   */
  sameExceptSchemas(baseHolders: unknown[], revisionHolders: unknown[]): boolean {
    if (!this.sameGlobals || baseHolders.length !== revisionHolders.length) return false;
    for (let index = 0; index < baseHolders.length; index++) {
      if (!sameOutsideSchemas(baseHolders[index], revisionHolders[index], this.checkReference, this.memo)) return false;
    }
    return true;
  }

  /**
   * How two operations compare by their text, in one walk: `same` when they are provably the same
   * contract (identical text, every reference's closure identical too), `text` when they are
   * written identically but something they reference differs, else `different`.
   */
  compareOperations(base: Operation, revision: Operation): 'same' | 'text' | 'different' {
    if (base.sources.length !== revision.sources.length) return 'different';
    // `#/...` inside another file points into that file: only the root documents are walked here.
    if (base.doc !== this.base.doc || revision.doc !== this.revision.doc) return 'different';
    let referencesDiffer = false;
    const onReference = (ref: string) => {
      if (!referencesDiffer && !this.sameReference(ref)) referencesDiffer = true;
      return true;
    };
    for (let index = 0; index < base.sources.length; index++) {
      if (!sameJson(base.sources[index], revision.sources[index], onReference, this.memo)) return 'different';
    }
    return referencesDiffer || !this.sameGlobals ? 'text' : 'same';
  }

  /** Two schemas as written, at the same place of operations written identically: provably the same? */
  sameRawSchema(base: unknown, revision: unknown): boolean {
    return sameJson(base, revision, this.checkReference, this.memo);
  }

  /**
   * True when two schema nodes are written identically and reference identical targets, so
   * their comparison can stop here. Only for nodes of the two root documents (refs inside other
   * files resolve against those files).
   */
  sameSchema(base: Schema, revision: Schema): boolean {
    if (base.doc !== this.base.doc || revision.doc !== this.revision.doc) return false;
    if (base.raw === undefined || revision.raw === undefined) return false;
    // A `$ref` with sibling keywords keeps its target outside `raw`: compare those fully.
    if (hasPendingTargets(base) || hasPendingTargets(revision)) return false;
    return sameJson(base.raw, revision.raw, this.checkReference, this.memo);
  }

  /**
   * Checks each reference as the walk meets it, so a walk stops at the first reference to
   * something that changed (between two releases of a large API, one changed component is often
   * reachable from every operation).
   */
  private readonly checkReference = (ref: string): boolean => this.sameReference(ref);

  /**
   * Is everything reachable from `ref` written identically in both documents? Explores the whole
   * reference closure (cycles included) before answering, so no answer depends on an
   * assumption made while a cycle was still open.
   */
  private sameReference(ref: string): boolean {
    const known = this.sameRefs.get(ref);
    if (known !== undefined) return known;
    const visited = new Set<string>([ref]);
    const stack = [ref];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (this.sameRefs.get(current) === true) continue;
      const target = this.target(current);
      if (!target) {
        this.sameRefs.set(ref, false);
        return false;
      }
      for (const next of target.references) {
        if (!visited.has(next)) {
          visited.add(next);
          stack.push(next);
        }
      }
    }
    // The whole closure is identical, so is the closure of every reference in it.
    for (const each of visited) this.sameRefs.set(each, true);
    return true;
  }

  /** A reference target written identically in both documents, with the references it holds. */
  private target(ref: string): { references: string[] } | undefined {
    if (this.targets.has(ref)) return this.targets.get(ref);
    let result: { references: string[] } | undefined;
    if (ref.startsWith('#/')) {
      const baseValue = valueAt(this.base.doc.root, ref);
      const revisionValue = valueAt(this.revision.doc.root, ref);
      const references = new Set<string>();
      // A reference already known to differ makes this target differ too: stop there.
      const collect = (each: string) => {
        references.add(each);
        return this.sameRefs.get(each) !== false;
      };
      if (baseValue !== undefined && sameJson(baseValue, revisionValue, collect, this.memo)) {
        result = { references: [...references] };
      }
    }
    this.targets.set(ref, result);
    return result;
  }
}

/**
 * Deep equality of two JSON values that stops at the first difference (key order is ignored, as it
 * carries no meaning in OpenAPI). Every `$ref` string met on the way is passed to `onReference`;
 * returning false from it stops the walk with the answer false.
 */
export function sameJson(a: unknown, b: unknown, onReference: (ref: string) => boolean, memo?: AliasMemo): boolean {
  if (a === b) {
    return a === null || typeof a !== 'object' || everyReference(a, onReference);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (memo !== undefined && (memo.base.has(a) || memo.revision.has(b))) return sameShared(a, b, onReference, memo);
  return sameStructure(a, b, onReference, memo);
}

/** Nodes YAML aliases share, and what comparing two of them found (the `$ref`s inside, or false). */
interface AliasMemo {
  base: ReadonlySet<object>;
  revision: ReadonlySet<object>;
  pairs: WeakMap<object, Map<object, string[] | false>>;
}

const NONE: ReadonlySet<object> = new Set();

/**
 * A pair involving a shared node is compared once, like a `$ref` target: the answer and the
 * references inside are kept, and replayed to `onReference` each time the pair is met again.
 * (The loader refuses alias cycles, so a pair never contains itself.)
 */
function sameShared(a: object, b: object, onReference: (ref: string) => boolean, memo: AliasMemo): boolean {
  let byRevision = memo.pairs.get(a);
  if (!byRevision) {
    byRevision = new Map();
    memo.pairs.set(a, byRevision);
  }
  let known = byRevision.get(b);
  if (known === undefined) {
    const references = new Set<string>();
    const collect = (ref: string) => {
      references.add(ref);
      return true;
    };
    known = sameStructure(a, b, collect, memo) ? [...references] : false;
    byRevision.set(b, known);
  }
  if (known === false) return false;
  for (const ref of known) if (!onReference(ref)) return false;
  return true;
}

function sameStructure(a: object, b: object, onReference: (ref: string) => boolean, memo?: AliasMemo): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index], onReference, memo)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // for-in and counting instead of Object.keys(): this walk touches every value of both
  // documents, and the key arrays were most of its garbage.
  let count = 0;
  for (const key in left) {
    count++;
    const value = left[key];
    const other = right[key];
    if (other === undefined && !(key in right)) return false;
    if (key === '$ref' && typeof value === 'string') {
      if (value !== other || !onReference(value)) return false;
    } else if (
      (value !== other || (value !== null && typeof value === 'object')) &&
      !sameJson(value, other, onReference, memo)
    ) {
      return false;
    }
  }
  for (const _key in right) count--;
  return count === 0;
}

/** `sameJson` that leaves out every `schema` member (schemas are compared by the diff itself). */
function sameOutsideSchemas(a: unknown, b: unknown, onReference: (ref: string) => boolean, memo?: AliasMemo): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return sameJson(a, b, onReference, memo);
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    count++;
    if (!(key in right)) return false;
    if (key === 'schema') continue;
    const value = left[key];
    if (key === '$ref' && typeof value === 'string') {
      if (value !== right[key] || !onReference(value)) return false;
    } else if (!sameOutsideSchemas(value, right[key], onReference, memo)) return false;
  }
  for (const _key in right) count--;
  return count === 0;
}

/** Passes the `$ref`s inside one value (a subtree shared by both documents, e.g. a YAML alias) to `onReference`. */
function everyReference(value: object, onReference: (ref: string) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !everyReference(item, onReference)) return false;
    }
    return true;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string') {
      if (!onReference(item)) return false;
    } else if (item !== null && typeof item === 'object' && !everyReference(item, onReference)) return false;
  }
  return true;
}

function hasPendingTargets(schema: Schema): boolean {
  return 'pendingAllOf' in schema && schema.pendingAllOf !== undefined;
}

/** The value at a local `#/...` reference, or undefined when it does not exist. */
function valueAt(root: unknown, ref: string): unknown {
  const segments = parsePointer(ref) ?? [];
  const { found, value } = walkValue(root, segments);
  return found === segments.length ? value : undefined;
}
