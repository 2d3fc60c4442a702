import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-property-names-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response object property names no longer restricted' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (pair.base.core.propertyNames !== undefined && pair.revision.core.propertyNames === undefined)
        reportPair(context, pair, {});
    }
  },
});
