import { changedPairsOf, enumValuesReplaced, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-enum-values-replaced',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  // Not one more value among known ones (a warning): every value clients can now receive is new,
  // so even clients that only compare with the old values (`if kind == "v1"`) take the wrong branch.
  docs: { description: 'Response enum values all replaced' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const replaced = enumValuesReplaced(pair);
      if (replaced) reportPair(context, pair, replaced);
    }
  },
});
