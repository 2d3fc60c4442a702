import { changedPairsOf, conditionalAdded, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-conditional-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema lost an if/then/else that constrained something' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      // Without the conditional the response may hold what its `then`/`else` used to exclude.
      if (conditionalAdded(pair.revision.core, pair.base.core)) reportPair(context, pair, {});
    }
  },
});
