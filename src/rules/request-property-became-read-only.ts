import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-property-became-read-only',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property became read-only' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      for (const { name, pair: property } of pair.commonProperties) {
        if (!property.base.readOnly && property.revision.readOnly) reportPair(context, property, { name });
      }
    }
  },
});
