import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-discriminator-property-changed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response discriminator property changed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.discriminator?.propertyName;
      const to = pair.revision.core.discriminator?.propertyName;
      if (from !== undefined && to !== undefined && from !== to) reportPair(context, pair, { from, to });
    }
  },
});
