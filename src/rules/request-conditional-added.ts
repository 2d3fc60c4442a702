import { changedPairsOf, conditionalAdded, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-conditional-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema gained an if/then/else that constrains something' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      // A conditional only adds constraints: it can only narrow what clients may send.
      if (conditionalAdded(pair.base.core, pair.revision.core)) reportPair(context, pair, {});
    }
  },
});
