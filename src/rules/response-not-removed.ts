import { changedPairsOf, notAdded, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-not-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema lost a `not`: values it excluded may now be returned' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      // `not` is inclusion turned around: removing it from a response widens it.
      if (notAdded(pair.revision.core, pair.base.core)) reportPair(context, pair, {});
    }
  },
});
