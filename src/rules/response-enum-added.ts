import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-enum-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema restricted to an enum' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      if (!from && to)
        reportPair(context, pair, {
          values: from ?? to,
          value: (from ?? to ?? []).map((v) => JSON.stringify(v)).join(', '),
        });
    }
  },
});
