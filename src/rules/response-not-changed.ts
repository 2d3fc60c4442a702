import { sameValue } from '../normalize/schema.js';
import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-not-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response `not` schema changed (inclusion undecidable)' },
  check(context) {
    for (const pair of pairsOf(context, 'response')) {
      if (!sameValue(pair.base.core.not?.raw, pair.revision.core.not?.raw)) reportPair(context, pair, {});
    }
  },
});
