import { allowsNull, pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-nullable-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema is no longer null' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      const from = allowsNull(pair.base);
      const to = allowsNull(pair.revision);
      if (from && !to) reportPair(context, pair, {});
    }
  },
});
