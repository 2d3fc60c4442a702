import { changedPairsOf, formatIncluded, isUnion, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-format-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema format changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (isUnion(pair.base.core) || isUnion(pair.revision.core)) continue;
      const from = pair.base.core.format;
      const to = pair.revision.core.format;
      if (from === to) continue;
      if (from !== undefined && to !== undefined && !formatIncluded(from, to))
        reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
