import type { Schema } from '../normalize/model.js';
import { variantsOverlap } from './_overlap.js';
import { pairsOf, reportPair, schemaLabel } from './_schema.js';
import { defineRule } from './define.js';

/**
 * oneOf rejects a value that matches two variants. A request union that becomes oneOf (or gains
 * a variant, or changes one) so that two variants share a value rejects values clients sent
 * before: wrapping an object into overlapping variants, anyOf -> oneOf, a new overlapping variant.
 */
export default defineRule({
  id: 'request-variant-overlap-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request oneOf variants now overlap (a value matching two is rejected)' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      const variants = pair.revision.core.oneOf;
      if (!variants) continue;
      const baseUnion = pair.base.core.oneOf;
      const counterpart = new Map<Schema, Schema>();
      for (const child of pair.children) counterpart.set(child.revision.outer, child.base.outer);
      const overlap = firstOverlap(variants, (first, second) => {
        if (!variantsOverlap(first, second)) return false;
        // Already overlapping in the base oneOf: those values were rejected before too.
        const before = [counterpart.get(first), counterpart.get(second)];
        if (baseUnion && before[0] && before[1] && before[0] !== before[1] && variantsOverlap(before[0], before[1]))
          return false;
        return true;
      });
      if (!overlap) continue;
      let [first, second] = overlap.map((variant) => schemaLabel(variant));
      if (first === second) {
        first = `${first} #${variants.indexOf(overlap[0]) + 1}`;
        second = `${second} #${variants.indexOf(overlap[1]) + 1}`;
      }
      reportPair(context, pair, { first, second });
    }
  },
});

function firstOverlap(
  variants: Schema[],
  overlaps: (first: Schema, second: Schema) => boolean,
): [Schema, Schema] | undefined {
  for (let i = 0; i < variants.length; i++) {
    for (let j = i + 1; j < variants.length; j++)
      if (overlaps(variants[i], variants[j])) return [variants[i], variants[j]];
  }
  return undefined;
}
