import { changedPairsOf, reportPair } from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-dependent-required-added',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request object gained dependentRequired' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      const from = pair.base.core.dependentRequired ?? new Map<string, string[]>();
      const to = pair.revision.core.dependentRequired ?? new Map<string, string[]>();
      for (const [key, names] of to) {
        const known = from.get(key) ?? [];
        const extra = names.filter((name) => !known.includes(name));
        if (extra.length > 0) reportPair(context, pair, { key, names: extra.join(', ') });
      }
    }
  },
});
