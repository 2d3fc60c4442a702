import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-discriminator-value-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request discriminator value removed' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      const from = pair.base.core.discriminator?.mapping;
      const to = pair.revision.core.discriminator?.mapping;
      if (!from || !to) continue;
      for (const value of from.keys()) if (!to.has(value)) reportPair(context, pair, { value });
    }
  },
});
