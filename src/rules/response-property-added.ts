import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'New response property' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      for (const [name] of pair.addedProperties)
        reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
    }
  },
});
