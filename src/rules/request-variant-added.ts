import { pairsOf, reportPair, schemaLabel, variantLocation } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-variant-added',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request oneOf/anyOf variant added' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      for (const variant of pair.addedVariants) {
        reportPair(
          context,
          pair,
          { variant: schemaLabel(variant) },
          variantLocation('revision', pair.revision, variant),
        );
      }
    }
  },
});
