import { defineRule } from './define.js';

export default defineRule({
  id: 'api-sunset-date-brought-forward',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Sunset date moved earlier' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      if (!base.sunset || !revision.sunset) continue;
      if (Date.parse(revision.sunset) < Date.parse(base.sunset)) {
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: revision.pointer,
          operation: revision,
          args: { from: base.sunset, to: revision.sunset },
        });
      }
    }
  },
});
