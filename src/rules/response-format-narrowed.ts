import { changedPairsOf, formatIncluded, isUnion, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-format-narrowed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema format added or narrowed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (isUnion(pair.base.core) || isUnion(pair.revision.core)) continue;
      const from = pair.base.core.format;
      const to = pair.revision.core.format;
      if (from === to) continue;
      if (to !== undefined && (from === undefined || formatIncluded(to, from)))
        reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
