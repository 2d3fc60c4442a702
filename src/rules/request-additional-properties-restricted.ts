import { changedPairsOf, OPENNESS_RANK, openness, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-additional-properties-restricted',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request object no longer accepts extra properties' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = openness(pair.base.core);
      const to = openness(pair.revision.core);
      // open -> constrained -> closed each reject extra properties clients could send before.
      // open -> constrained is judged on the value schemas ({} -> the new one), like a property.
      if (to === 'closed' && OPENNESS_RANK[to] > OPENNESS_RANK[from]) reportPair(context, pair, { from, to });
    }
  },
});
