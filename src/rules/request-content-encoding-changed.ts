import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-content-encoding-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request string content encoding changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.contentEncoding;
      const to = pair.revision.core.contentEncoding;
      if (from !== to && to !== undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
