import { changedPairsOf, notMayReject, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-not-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request `not` schema added or changed (inclusion undecidable)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      // Dropping `not` only accepts more: safe for what clients send.
      if (notMayReject(pair.base.core, pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
