import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'New response property' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      for (const [name, property] of pair.addedProperties)
        reportPair(context, pair, { name }, { side: 'revision', schema: property });
    }
  },
});
