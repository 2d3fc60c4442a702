import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-pattern-properties-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response object lost patternProperties' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.patternProperties;
      const to = pair.revision.core.patternProperties;
      // Replaced by an additionalProperties schema: those keys' values are compared with it.
      if (typeof pair.revision.core.additionalProperties === 'object') continue;
      for (const key of (from ?? new Map()).keys()) if (!(to ?? new Map()).has(key)) reportPair(context, pair, { key });
    }
  },
});
