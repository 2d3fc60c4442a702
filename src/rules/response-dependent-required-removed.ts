import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-dependent-required-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response object lost dependentRequired' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
      const from = pair.revision.core.dependentRequired ?? new Map<string, string[]>();
      const to = pair.base.core.dependentRequired ?? new Map<string, string[]>();
      for (const [key, names] of to) {
        const known = from.get(key) ?? [];
        // A name the revision requires anyway is still guaranteed.
        const extra = names.filter((name) => !known.includes(name) && !pair.revision.core.required.has(name));
        if (extra.length > 0) reportPair(context, pair, { key, names: extra.join(', ') });
      }
    }
  },
});
