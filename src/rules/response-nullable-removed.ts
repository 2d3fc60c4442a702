import { allowsNull, changedPairsOf, nullJudgedByUnion, nullOnlyFromAnyType, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-nullable-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema is no longer null' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (nullJudgedByUnion(pair)) continue;
      const from = allowsNull(pair.base);
      const to = allowsNull(pair.revision);
      if (from && !to && !nullOnlyFromAnyType(pair.base, pair.revision)) reportPair(context, pair, {});
    }
  },
});
