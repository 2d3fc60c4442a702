import { ensureFilled } from '../normalize/schema.js';
import { changedPairsOf, propertyLocation, reportPair } from './_schema.js';
import { defineRule } from './define.js';
import { beforeSunset } from './request-parameter-removed-before-sunset.js';

/**
 * A request property with an `x-sunset` date still ahead was promised to clients until then:
 * removing it early is a break, not the warning of request-property-removed.
 */
export default defineRule({
  id: 'request-property-removed-before-sunset',
  level: 'breaking',
  // The contract's own words make it a break: the value still validates (see Rule.proof).
  proof: 'declared',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request property removed before its announced sunset date' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      for (const [name, property] of pair.removedProperties) {
        const sunset = ensureFilled(property).sunset;
        if (!beforeSunset(sunset, context.now)) continue;
        reportPair(context, pair, { name, sunset }, propertyLocation('base', pair.base, name));
      }
    }
  },
});
