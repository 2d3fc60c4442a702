import { defineRule } from './define.js';

export default defineRule({
  id: 'request-body-removed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Request body removed' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      const { base: from, revision: to } = requestBody;
      if (from && !to) {
        const at = from;
        context.report({ side: 'base', doc: at.doc, pointer: at.pointer, operation: revision, args: {} });
      }
    }
  },
});
