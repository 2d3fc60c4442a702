import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-property-became-optional',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property became optional' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const name of pair.base.core.required) {
        if (!pair.revision.core.required.has(name) && pair.revision.core.properties.has(name)) {
          reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
        }
      }
    }
  },
});
