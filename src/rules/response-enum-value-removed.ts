import { changedPairsOf, enumValuesMissing, reportPair } from './_schema.js';
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
      if (!from || !to) continue;
      const missing = enumValuesMissing(from, to);
      if (missing) reportPair(context, pair, missing);
    }
  },
});
