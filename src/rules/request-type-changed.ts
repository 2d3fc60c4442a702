import { changedPairsOf, reportPair, typeComparison } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-type-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema type no longer accepts what clients sent' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const c = typeComparison(pair, context);
      if (c && !c.fits) reportPair(context, pair, { from: c.from, to: c.to });
    }
  },
});
