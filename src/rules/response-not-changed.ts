import { changedPairsOf, notMayReject, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-not-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response `not` schema removed or changed (inclusion undecidable)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      // Adding `not` only returns less: safe for what clients receive.
      if (notMayReject(pair.revision.core, pair.base.core)) reportPair(context, pair, {});
    }
  },
});
