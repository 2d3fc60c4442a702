import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-enum-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response enum restriction removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      if (from && !to)
        reportPair(context, pair, {
          values: from ?? to,
          value: (from ?? to ?? []).map((v) => JSON.stringify(v)).join(', '),
        });
    }
  },
});
