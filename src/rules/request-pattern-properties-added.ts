import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-pattern-properties-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request object gained patternProperties' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.patternProperties;
      const to = pair.revision.core.patternProperties;
      // Replaced by an additionalProperties schema: those keys' values are compared with it.
      if (typeof pair.base.core.additionalProperties === 'object') continue;
      for (const key of (to ?? new Map()).keys()) if (!(from ?? new Map()).has(key)) reportPair(context, pair, { key });
    }
  },
});
