import { changedPairsOf, dependentSchemaIsNoop, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-dependent-schema-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response object lost a dependentSchemas entry' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.base.core.dependentSchemas;
      const to = pair.revision.core.dependentSchemas;
      for (const [key, schema] of from ?? []) {
        if (to?.has(key) || dependentSchemaIsNoop(pair.revision.core, schema)) continue;
        reportPair(context, pair, { key });
      }
    }
  },
});
