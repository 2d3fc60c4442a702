import type { SchemaPair } from '../diff/index.js';
import { sameValue } from '../normalize/schema.js';
import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-default-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request default value changed' },
  check(context) {
    // A path parameter is always sent (it is part of the path): its default never applies.
    const pathValues = new Set<SchemaPair>();
    for (const operation of context.diff.operations) {
      for (const parameter of operation.parameters.modified) {
        if (parameter.base.in === 'path' && parameter.schema) pathValues.add(parameter.schema);
      }
    }
    for (const pair of changedPairsOf(context, 'request')) {
      if (pathValues.has(pair) && pair.parents.length === 0) continue;
      // `default: null` on an optional value says what omitting it already means (Pydantic's
      // `Optional[X] = None`), so it counts as no default.
      const from = pair.base.hasDefault ? pair.base.default : null;
      const to = pair.revision.hasDefault ? pair.revision.default : null;
      if (from === null || sameValue(from, to)) continue;
      reportPair(context, pair, { from, to });
    }
  },
});
