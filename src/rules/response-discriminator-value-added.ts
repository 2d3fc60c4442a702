import { changedPairsOf, discriminatorValues, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-discriminator-value-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response discriminator value added' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = discriminatorValues(pair.base.core);
      const to = discriminatorValues(pair.revision.core);
      if (!from || !to) continue;
      // A value of a new variant is response-variant-added; report new values of existing variants.
      const existing = new Set(from.values());
      for (const [value, target] of to) {
        if (!from.has(value) && existing.has(target)) reportPair(context, pair, { value });
      }
    }
  },
});
