import { sameValue } from '../normalize/schema.js';
import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-conditional-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response if/then/else changed (inclusion undecidable)' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      if (!sameValue(pair.base.core.ifSchema?.raw, pair.revision.core.ifSchema?.raw)) reportPair(context, pair, {});
    }
  },
});
