import { writtenByPydantic1 } from './_dialect.js';
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
 * Split from response-nullable-added for a base document Pydantic 1 wrote (_dialect.ts): it
 * documents `Optional[X] = None` as a plain optional X although the API returns null, and Pydantic
 * 2 writes the null down. Clients already handle the property being absent, and most client
 * languages read `null` the same way (`?.`, `Optional`, Kotlin/Swift `T?`). In a document written
 * by hand, an optional property that may now be null is response-nullable-added (breaking).
 */
export default defineRule({
  id: 'response-optional-property-nullable-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Optional response property may now be null (base written by Pydantic 1)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (nullJudgedByUnion(pair)) continue;
      if (allowsNull(pair.base) || !allowsNull(pair.revision) || nullOnlyFromAnyType(pair.revision, pair.base))
        continue;
      const name = onlyOptionalProperty(pair);
      if (name !== undefined && writtenByPydantic1(context.diff.base)) reportPair(context, pair, { name });
    }
  },
});
