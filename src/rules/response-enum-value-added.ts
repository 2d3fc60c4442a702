import { sameValue } from '../normalize/schema.js';
import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-enum-value-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response enum value added' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      if (!from || !to) continue;
      const values = to.filter((value) => !from.some((other) => sameValue(value, other)));
      if (values.length > 0)
        reportPair(context, pair, { values, value: values.map((v) => JSON.stringify(v)).join(', ') });
    }
  },
});
