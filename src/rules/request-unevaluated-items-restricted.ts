import { changedPairsOf, closedItems, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-unevaluated-items-restricted',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request array no longer accepts extra items' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (!closedItems(pair.base.core) && closedItems(pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
