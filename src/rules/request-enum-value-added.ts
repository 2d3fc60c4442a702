import { changedPairsOf, enumValuesMissing, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-enum-value-added',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request enum value added' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.enum;
      const to = pair.revision.core.enum;
      if (!from || !to) continue;
      const missing = enumValuesMissing(to, from);
      if (missing) reportPair(context, pair, missing);
    }
  },
});
