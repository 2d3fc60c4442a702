import { changedPairsOf, conditionalMayReject, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-conditional-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response if/then/else removed or changed (inclusion undecidable)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      // Adding a conditional only returns less: safe for what clients receive.
      if (conditionalMayReject(pair.revision.core, pair.base.core)) reportPair(context, pair, {});
    }
  },
});
