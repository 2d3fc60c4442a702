import { closedItems, pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-prefix-items-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request tuple gained positions' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      const from = pair.base.core.prefixItems?.length ?? 0;
      const to = pair.revision.core.prefixItems?.length ?? 0;
      // A closed tuple (no items beyond the listed ones) gaining positions accepts more, not less.
      if (to > from && !closedItems(pair.base.core)) reportPair(context, pair, { from, to });
    }
  },
});
