import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-dependent-schema-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request object gained a dependentSchemas entry' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.dependentSchemas;
      const to = pair.revision.core.dependentSchemas;
      for (const key of (to ?? new Map()).keys()) if (!(from ?? new Map()).has(key)) reportPair(context, pair, { key });
    }
  },
});
