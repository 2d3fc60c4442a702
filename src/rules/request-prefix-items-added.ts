import { pairsOf, reportPair } from './_schema.js';
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
      if (to > from) reportPair(context, pair, { from, to });
    }
  },
});
