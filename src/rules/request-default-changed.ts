import { sameValue } from '../normalize/schema.js';
import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-default-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request default value changed' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      if (!pair.base.hasDefault) continue;
      if (pair.revision.hasDefault && sameValue(pair.base.default, pair.revision.default)) continue;
      reportPair(context, pair, {
        from: pair.base.default,
        to: pair.revision.hasDefault ? pair.revision.default : null,
      });
    }
  },
});
