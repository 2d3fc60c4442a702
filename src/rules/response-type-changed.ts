import { changedPairsOf, reportPair, typeComparison } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-type-changed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema type can now be something clients do not expect' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const c = typeComparison(pair);
      if (c && !c.fits) reportPair(context, pair, { from: c.from, to: c.to });
    }
  },
});
