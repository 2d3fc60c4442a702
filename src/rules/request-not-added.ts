import { changedPairsOf, notAdded, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-not-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema gained a `not` that excludes values it allowed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (notAdded(pair.base.core, pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
