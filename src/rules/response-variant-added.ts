import { pairsOf, reportPair, schemaLabel, variantLocation } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-variant-added',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response may be a new oneOf/anyOf variant' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
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
