import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-pattern-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema pattern removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.pattern;
      const to = pair.revision.core.pattern;
      if (from === to) continue;
      if (to === undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
