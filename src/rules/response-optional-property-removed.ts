import { viewOf } from '../diff/index.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-optional-property-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  // Breaking, not a warning: "optional" says a value may be absent, but clients that read the field
  // whenever the server sends it (most do) lose the data, and a rename is exactly this plus an added
  // property. Where the revision still allows other properties, the name is also left unconstrained.
  docs: { description: 'Optional response property removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      for (const [name, property] of pair.removedProperties) {
        if (!pair.base.core.required.has(name) && !viewOf(property).writeOnly)
          reportPair(context, pair, { name }, propertyLocation('base', pair.base, name));
      }
    }
  },
});
