import { changedPairsOf, dependentSchemaIsNoop, reportPair } from './_schema.js';
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
      for (const [key, schema] of to ?? []) {
        if (from?.has(key) || dependentSchemaIsNoop(pair.revision.core, schema)) continue;
        reportPair(context, pair, { key });
      }
    }
  },
});
