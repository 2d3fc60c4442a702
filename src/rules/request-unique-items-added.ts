import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-unique-items-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request array must now have unique items' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (!pair.base.core.uniqueItems && pair.revision.core.uniqueItems) reportPair(context, pair, {});
    }
  },
});
