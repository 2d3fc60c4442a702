import { viewOf } from '../diff/index.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-optional-property-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
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
