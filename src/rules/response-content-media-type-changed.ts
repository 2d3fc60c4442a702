import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-content-media-type-changed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response string content media type changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.contentMediaType;
      const to = pair.revision.core.contentMediaType;
      if (from !== to && from !== undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
