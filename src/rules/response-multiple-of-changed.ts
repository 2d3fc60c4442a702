import { isMultiple, pairsOf, reportPair, sides } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-multiple-of-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema multipleOf loosened' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      const { narrower, wider } = sides(pair);
      const inner = narrower.core.multipleOf;
      const outer = wider.core.multipleOf;
      if (outer === undefined || (inner !== undefined && isMultiple(inner, outer))) continue;
      reportPair(context, pair, { from: pair.base.core.multipleOf ?? null, to: pair.revision.core.multipleOf ?? null });
    }
  },
});
