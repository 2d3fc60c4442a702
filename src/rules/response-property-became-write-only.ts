import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-became-write-only',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response property became write-only' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      for (const { name, pair: property } of pair.commonProperties) {
        if (!property.base.writeOnly && property.revision.writeOnly) reportPair(context, property, { name });
      }
    }
  },
});
