import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-pattern-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema gained a pattern' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.pattern;
      const to = pair.revision.core.pattern;
      if (from === to) continue;
      if (from === undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
