import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-became-required',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response property is now always returned' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      for (const name of pair.revision.core.required) {
        if (!pair.base.core.required.has(name) && pair.base.core.properties.has(name)) {
          reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
        }
      }
    }
  },
});
