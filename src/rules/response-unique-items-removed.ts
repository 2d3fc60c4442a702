import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-unique-items-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response array items may now repeat' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      if (pair.base.core.uniqueItems && !pair.revision.core.uniqueItems) reportPair(context, pair, {});
    }
  },
});
