import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-content-encoding-changed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response string content encoding changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.contentEncoding;
      const to = pair.revision.core.contentEncoding;
      if (from !== to && from !== undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
