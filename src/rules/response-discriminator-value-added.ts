import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-discriminator-value-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response discriminator value added' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      const from = pair.base.core.discriminator?.mapping;
      const to = pair.revision.core.discriminator?.mapping;
      if (!from || !to) continue;
      for (const value of to.keys()) if (!from.has(value)) reportPair(context, pair, { value });
    }
  },
});
