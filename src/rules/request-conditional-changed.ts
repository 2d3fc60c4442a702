import { sameValue } from '../normalize/schema.js';
import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-conditional-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request if/then/else changed (inclusion undecidable)' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      if (!sameValue(pair.base.core.ifSchema?.raw, pair.revision.core.ifSchema?.raw)) reportPair(context, pair, {});
    }
  },
});
