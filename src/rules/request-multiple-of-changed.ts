import { changedPairsOf, isMultiple, reportPair, sides, stepOf } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-multiple-of-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema multipleOf no longer accepts old values' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const { narrower, wider } = sides(pair);
      // An integer-only schema steps by 1 (type changes themselves are the type rules' job).
      const inner = stepOf(narrower.core);
      const outer = wider.core.multipleOf;
      if (outer === undefined || (inner !== undefined && isMultiple(inner, outer))) continue;
      reportPair(context, pair, { from: pair.base.core.multipleOf ?? null, to: pair.revision.core.multipleOf ?? null });
    }
  },
});
