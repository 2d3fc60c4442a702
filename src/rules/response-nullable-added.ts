import { writtenByPydantic1 } from './_dialect.js';
import {
  allowsNull,
  changedPairsOf,
  nullJudgedByUnion,
  nullOnlyFromAnyType,
  propertyUses,
  reportPair,
} from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-nullable-added',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema may now be null' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (nullJudgedByUnion(pair)) continue;
      const from = allowsNull(pair.base);
      const to = allowsNull(pair.revision);
      if (!from && to && !nullOnlyFromAnyType(pair.revision, pair.base)) {
        // A property of a document Pydantic 1 wrote (it cannot write null) is judged by
        // response-optional-property-nullable-added and response-property-null-documented.
        if (propertyUses(pair).length > 0 && writtenByPydantic1(context.diff.base)) continue;
        reportPair(context, pair, {});
      }
    }
  },
});
