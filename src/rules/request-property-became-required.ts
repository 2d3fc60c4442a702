import { viewOf } from '../diff/index.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-property-became-required',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property became required' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const name of pair.revision.core.required) {
        if (pair.base.core.required.has(name)) continue;
        // A property that is new and required is request-required-property-added.
        if (!pair.base.core.properties.has(name) && pair.revision.core.properties.has(name)) continue;
        const property = pair.revision.core.properties.get(name);
        if (property && viewOf(property).readOnly) continue;
        reportPair(context, pair, { name }, propertyLocation('revision', pair.revision, name));
      }
    }
  },
});
