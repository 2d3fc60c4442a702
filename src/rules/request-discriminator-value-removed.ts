import { changedPairsOf, discriminatorValues, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-discriminator-value-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request discriminator value removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = discriminatorValues(pair.base.core);
      const to = discriminatorValues(pair.revision.core);
      if (!from || !to) continue;
      // A value whose variant is gone is request-variant-removed; report values of kept variants.
      const kept = new Set(to.values());
      for (const [value, target] of from) {
        if (!to.has(value) && kept.has(target)) reportPair(context, pair, { value });
      }
    }
  },
});
