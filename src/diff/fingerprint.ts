/**
 * Cheap proof that an operation did not change: its raw JSON is byte-identical in both documents
 * and so is everything it references, transitively. Such operations are skipped before any
 * schema is built; between two releases of a large API that is almost all of them.
 * Anything not provably identical (external references, a changed component) is compared fully.
 */
import type { Contract, Operation, Schema } from '../normalize/model.js';

const REF_PATTERN = /"\$ref":("(?:[^"\\]|\\.)*")/g;

export class Fingerprints {
  private readonly sameRefs = new Map<string, boolean>();
  private readonly sameGlobals: boolean;

  constructor(
    private readonly base: Contract,
    private readonly revision: Contract,
  ) {
    const baseRoot = base.doc.root as Record<string, unknown>;
    const revisionRoot = revision.doc.root as Record<string, unknown>;
    // Operations without their own `security` inherit the document's.
    this.sameGlobals = JSON.stringify(baseRoot.security) === JSON.stringify(revisionRoot.security);
  }

  /** True only when both operations are provably the same contract. */
  sameOperation(base: Operation, revision: Operation): boolean {
    if (!this.sameGlobals || base.sources.length !== revision.sources.length) return false;
    for (let index = 0; index < base.sources.length; index++) {
      const text = JSON.stringify(base.sources[index]);
      if (text !== JSON.stringify(revision.sources[index])) return false;
      if (!this.sameReferencesIn(text)) return false;
    }
    return true;
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
    const text = JSON.stringify(base.raw);
    return text === JSON.stringify(revision.raw) && this.sameReferencesIn(text);
  }

  private sameReferencesIn(text: string): boolean {
    if (!text.includes('"$ref"')) return true;
    for (const match of text.matchAll(REF_PATTERN)) {
      if (!this.sameReference(JSON.parse(match[1]) as string)) return false;
    }
    return true;
  }

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
      const cached = this.sameRefs.get(current);
      if (cached === true) continue;
      const text = cached === false ? undefined : this.sameText(current);
      if (text === undefined) {
        this.sameRefs.set(ref, false);
        return false;
      }
      if (!text.includes('"$ref"')) continue;
      for (const match of text.matchAll(REF_PATTERN)) {
        const next = JSON.parse(match[1]) as string;
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

  /** The target's text when it is identical in both documents (and local), else undefined. */
  private sameText(ref: string): string | undefined {
    if (!ref.startsWith('#/')) return undefined;
    const baseValue = valueAt(this.base.doc.root, ref);
    const revisionValue = valueAt(this.revision.doc.root, ref);
    if (baseValue === undefined || revisionValue === undefined) return undefined;
    const text = JSON.stringify(baseValue);
    return text === JSON.stringify(revisionValue) ? text : undefined;
  }
}

function hasPendingTargets(schema: Schema): boolean {
  return 'pendingAllOf' in schema && schema.pendingAllOf !== undefined;
}

function valueAt(root: unknown, ref: string): unknown {
  let current = root;
  for (const segment of ref.slice(2).split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}
