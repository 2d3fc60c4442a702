import { changedPairsOf, enumValuesMissing, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-enum-value-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request enum value removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      if (!from || !to) continue;
      const missing = enumValuesMissing(from, to);
      if (missing) reportPair(context, pair, missing);
    }
  },
});
