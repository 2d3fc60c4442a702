import {
  allowsNull,
  changedPairsOf,
  nullJudgedByUnion,
  nullOnlyFromAnyType,
  onlyOptionalProperty,
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
        // An optional property that may now be null is response-optional-property-nullable-added.
        if (onlyOptionalProperty(pair) === undefined) reportPair(context, pair, {});
      }
    }
  },
});
