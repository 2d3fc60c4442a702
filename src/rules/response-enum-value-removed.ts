import { changedPairsOf, enumValuesMissing, enumValuesReplaced, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-enum-value-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response enum value removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      // All values replaced is one breaking change (response-enum-values-replaced), not two.
      if (!from || !to || enumValuesReplaced(pair)) continue;
      const missing = enumValuesMissing(from, to);
      if (missing) reportPair(context, pair, missing);
    }
  },
});
