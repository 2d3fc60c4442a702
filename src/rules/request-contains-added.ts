import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-contains-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request array gained a contains constraint' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (pair.base.core.contains === undefined && pair.revision.core.contains !== undefined)
        reportPair(context, pair, {});
    }
  },
});
