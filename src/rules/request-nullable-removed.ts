import { allowsNull, changedPairsOf, nullJudgedByUnion, nullOnlyFromAnyType, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-nullable-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema no longer accepts null' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (nullJudgedByUnion(pair)) continue;
      const from = allowsNull(pair.base);
      const to = allowsNull(pair.revision);
      if (from && !to && !nullOnlyFromAnyType(pair.base, pair.revision)) reportPair(context, pair, {});
    }
  },
});
