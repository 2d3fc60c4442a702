import { viewOf } from '../diff/index.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-required-property-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'New required property in a request' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const [name, property] of pair.addedProperties) {
        if (pair.revision.core.required.has(name) && !viewOf(property).readOnly) {
          reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
        }
      }
    }
  },
});
