import { viewOf } from '../diff/index.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-became-optional',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response property may now be absent' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      for (const name of pair.base.core.required) {
        const property = pair.revision.core.properties.get(name);
        if (pair.revision.core.required.has(name) || !pair.base.core.properties.has(name) || !property) continue;
        if (viewOf(property).writeOnly) continue;
        reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
      }
    }
  },
});
