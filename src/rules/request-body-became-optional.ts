import { defineRule } from './define.js';

export default defineRule({
  id: 'request-body-became-optional',
  level: 'info',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Request body became optional' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      const { base: from, revision: to } = requestBody;
      if (from?.required && to && !to.required) {
        const at = to;
        context.report({ side: 'revision', doc: at.doc, pointer: at.pointer, operation: revision, args: {} });
      }
    }
  },
});
