import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-property-removed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const [name] of pair.removedProperties)
        reportPair(context, pair, { name }, propertyLocation('base', pair.base, name));
    }
  },
});
