import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-pattern-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema gained a pattern' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.pattern;
      const to = pair.revision.core.pattern;
      if (from === to) continue;
      if (from === undefined) reportPair(context, pair, { from: from ?? null, to: to ?? null });
    }
  },
});
