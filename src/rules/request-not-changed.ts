import { sameValue } from '../normalize/schema.js';
import { pairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-not-changed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request `not` schema changed (inclusion undecidable)' },
  check(context) {
    for (const pair of pairsOf(context, 'request')) {
      if (!sameValue(pair.base.core.not?.raw, pair.revision.core.not?.raw)) reportPair(context, pair, {});
    }
  },
});
