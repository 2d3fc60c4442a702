import { changedPairsOf, OPENNESS_RANK, openness, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-additional-properties-allowed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response object may now have extra properties' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = openness(pair.base.core);
      const to = openness(pair.revision.core);
      // closed -> constrained -> open each return extra properties clients were told not to expect.
      // constrained -> open is judged on the value schemas (the old one -> {}), like a property.
      if (from === 'closed' && OPENNESS_RANK[to] < OPENNESS_RANK[from]) reportPair(context, pair, { from, to });
    }
  },
});
