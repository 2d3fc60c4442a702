import { changedPairsOf, conditionalMayReject, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-conditional-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request if/then/else added or changed (inclusion undecidable)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      // Dropping a conditional only accepts more: safe for what clients send.
      if (conditionalMayReject(pair.base.core, pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
