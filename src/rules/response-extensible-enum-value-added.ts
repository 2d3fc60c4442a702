import { changedPairsOf, enumValuesMissing, reportPair } from './_schema.js';
import { defineRule } from './define.js';

/**
 * `x-extensible-enum` is open: clients were told other values may come, so a new known value in a
 * response is information, not the warning of a closed enum that grew.
 */
export default defineRule({
  id: 'response-extensible-enum-value-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response x-extensible-enum value added (an open enum)' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.extensibleEnum;
      const to = pair.revision.core.extensibleEnum;
      if (!from || !to) continue;
      const added = enumValuesMissing(to, from);
      if (added) reportPair(context, pair, added);
    }
  },
});
