import { changedPairsOf, enumValuesMissing, reportPair } from './_schema.js';
import { defineRule } from './define.js';

/**
 * `x-extensible-enum` lists the values the server knows without closing the set (any string
 * validates). A known value removed from what clients send means the server no longer takes it:
 * clients sending it lose what they asked for, though no validator rejects it.
 */
export default defineRule({
  id: 'request-extensible-enum-value-removed',
  level: 'breaking',
  // The contract's own words make it a break: the value still validates (see Rule.proof).
  proof: 'declared',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request x-extensible-enum value removed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.extensibleEnum;
      const to = pair.revision.core.extensibleEnum;
      if (!from || !to) continue;
      const missing = enumValuesMissing(from, to);
      if (missing) reportPair(context, pair, missing);
    }
  },
});
