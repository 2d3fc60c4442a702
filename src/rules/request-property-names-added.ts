import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-property-names-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request object property names restricted' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (pair.base.core.propertyNames === undefined && pair.revision.core.propertyNames !== undefined)
        reportPair(context, pair, {});
    }
  },
});
