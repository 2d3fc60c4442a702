import {
  allowsNull,
  changedPairsOf,
  nullJudgedByUnion,
  nullOnlyFromAnyType,
  onlyOptionalProperty,
  reportPair,
} from './_schema.js';
import { defineRule } from './define.js';

/**
 * Split from response-nullable-added: clients already handle an optional property being absent,
 * and most client languages read `null` the same way (`?.`, `Optional`, Kotlin/Swift `T?`).
 * Pydantic 1 documents `Optional[X] = None` as a plain optional X although the API returns null;
 * Pydantic 2 writes the null down, so upgrading would otherwise flag every optional field.
 */
export default defineRule({
  id: 'response-optional-property-nullable-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Optional response property may now be null' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (nullJudgedByUnion(pair)) continue;
      if (allowsNull(pair.base) || !allowsNull(pair.revision) || nullOnlyFromAnyType(pair.revision, pair.base))
        continue;
      const name = onlyOptionalProperty(pair);
      if (name !== undefined) reportPair(context, pair, { name });
    }
  },
});
