import { changedPairsOf, closedItems, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-unevaluated-items-allowed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response array may now have extra items' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (closedItems(pair.base.core) && !closedItems(pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
