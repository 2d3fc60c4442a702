import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-enum-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema restricted to an enum' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
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
