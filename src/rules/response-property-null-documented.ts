import { writtenByPydantic1 } from './_dialect.js';
import {
  allowsNull,
  changedPairsOf,
  nullJudgedByUnion,
  nullOnlyFromAnyType,
  onlyOptionalProperty,
  propertyUses,
  reportPair,
} from './_schema.js';
import { defineRule } from './define.js';

/**
 * A required property of a base document Pydantic 1 wrote (_dialect.ts) that may now be null: the
 * generator could not write null, so the service may have returned it all along (an `Optional[X]`
 * field without a default); the revision only says so. A warning that says why, not a break.
 */
export default defineRule({
  id: 'response-property-null-documented',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response property may now be null, in a base written by Pydantic 1 (which cannot write null)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (nullJudgedByUnion(pair)) continue;
      if (allowsNull(pair.base) || !allowsNull(pair.revision) || nullOnlyFromAnyType(pair.revision, pair.base))
        continue;
      const uses = propertyUses(pair);
      if (uses.length === 0 || onlyOptionalProperty(pair) !== undefined) continue;
      if (writtenByPydantic1(context.diff.base)) reportPair(context, pair, { name: uses[0].name });
    }
  },
});
