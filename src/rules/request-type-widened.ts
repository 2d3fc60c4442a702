import { changedPairsOf, reportPair, typeComparison } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-type-widened',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema type widened' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const c = typeComparison(pair, context);
      if (c?.fits && !c.back) reportPair(context, pair, { from: c.from, to: c.to });
    }
  },
});
