import { allowsNull, pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-nullable-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema no longer accepts null' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      const from = allowsNull(pair.base);
      const to = allowsNull(pair.revision);
      if (from && !to) reportPair(context, pair, {});
    }
  },
});
