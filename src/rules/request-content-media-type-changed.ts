import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-content-media-type-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request string content media type changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.contentMediaType;
      const to = pair.revision.core.contentMediaType;
      if (from !== to && to !== undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
