import { pairsOf, reportPair, schemaLabel, variantLocation } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-variant-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response oneOf/anyOf variant removed' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      for (const variant of pair.removedVariants) {
        reportPair(context, pair, { variant: schemaLabel(variant) }, variantLocation('base', pair.base, variant));
      }
    }
  },
});
