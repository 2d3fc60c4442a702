import { ensureFilled } from '../normalize/schema.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';
import { beforeSunset } from './request-parameter-removed-before-sunset.js';

export default defineRule({
  id: 'request-property-removed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const [name, property] of pair.removedProperties) {
        // Removed before its announced sunset: request-property-removed-before-sunset.
        if (beforeSunset(ensureFilled(property).sunset, context.now)) continue;
        reportPair(context, pair, { name }, propertyLocation('base', pair.base, name));
      }
    }
  },
});
