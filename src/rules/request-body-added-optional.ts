import { defineRule } from './define.js';

export default defineRule({
  id: 'request-body-added-optional',
  level: 'info',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Optional request body added' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      const { base: from, revision: to } = requestBody;
      if (!from && to && !to.required) {
        const at = to;
        context.report({ side: 'revision', doc: at.doc, pointer: at.pointer, operation: revision, args: {} });
      }
    }
  },
});
