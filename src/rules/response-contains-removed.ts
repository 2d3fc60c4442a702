import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-contains-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response array lost its contains constraint' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (pair.base.core.contains !== undefined && pair.revision.core.contains === undefined)
        reportPair(context, pair, {});
    }
  },
});
