import { changedPairsOf, isUnion, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-format-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema format removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (isUnion(pair.base.core) || isUnion(pair.revision.core)) continue;
      const from = pair.base.core.format;
      const to = pair.revision.core.format;
      if (from === to) continue;
      if (from !== undefined && to === undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
