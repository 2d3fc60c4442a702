import { pairsOf, reportPair, schemaLabel, variantLocation } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-variant-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request oneOf/anyOf variant removed' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      for (const variant of pair.removedVariants) {
        reportPair(context, pair, { variant: schemaLabel(variant) }, variantLocation('base', pair.base, variant));
      }
    }
  },
});
