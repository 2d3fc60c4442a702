import { pairsOf, reportPair, schemaLabel } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-variant-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response oneOf/anyOf variant removed' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      for (const variant of pair.removedVariants) {
        reportPair(context, pair, { variant: schemaLabel(variant) }, { side: 'base', schema: variant });
      }
    }
  },
});
