/**
 * Cheap proof that an operation did not change: its raw JSON is byte-identical in both documents
 * and so is everything it references, transitively. Such operations are skipped before any
 * schema is built; between two releases of a large API that is almost all of them.
 * Anything not provably identical (external references, a changed component) is compared fully.
 */
import type { Contract, Operation } from '../normalize/model.js';

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

  private sameReferencesIn(text: string): boolean {
    if (!text.includes('"$ref"')) return true;
    for (const match of text.matchAll(REF_PATTERN)) {
      if (!this.sameReference(JSON.parse(match[1]) as string)) return false;
    }
    return true;
  }

  private sameReference(ref: string): boolean {
    const known = this.sameRefs.get(ref);
    if (known !== undefined) return known;
    if (!ref.startsWith('#/')) {
      this.sameRefs.set(ref, false);
      return false;
    }
    // In progress counts as same: a cycle adds nothing that is not checked elsewhere on it.
    this.sameRefs.set(ref, true);
    const baseValue = valueAt(this.base.doc.root, ref);
    const revisionValue = valueAt(this.revision.doc.root, ref);
    let same = baseValue !== undefined && revisionValue !== undefined;
    if (same) {
      const text = JSON.stringify(baseValue);
      same = text === JSON.stringify(revisionValue) && this.sameReferencesIn(text);
    }
    this.sameRefs.set(ref, same);
    return same;
  }
}

function valueAt(root: unknown, ref: string): unknown {
  let current = root;
  for (const segment of ref.slice(2).split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}
