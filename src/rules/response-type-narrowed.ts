import { changedPairsOf, reportPair, typeComparison } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-type-narrowed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema type narrowed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const c = typeComparison(pair);
      if (c?.fits && !c.back) reportPair(context, pair, { from: c.from, to: c.to });
    }
  },
});
