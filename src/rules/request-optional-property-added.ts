import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-optional-property-added',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'New optional property in a request' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const [name] of pair.addedProperties) {
        if (!pair.revision.core.required.has(name))
          reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
      }
    }
  },
});
