import { closedItems, pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-prefix-items-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response tuple lost positions' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      const from = pair.base.core.prefixItems?.length ?? 0;
      const to = pair.revision.core.prefixItems?.length ?? 0;
      // A closed tuple losing positions returns fewer items, not different ones.
      if (to < from && !closedItems(pair.revision.core)) reportPair(context, pair, { from, to });
    }
  },
});
