import { defineRule } from './define.js';

export default defineRule({
  id: 'request-body-became-required',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Request body became required' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      const { base: from, revision: to } = requestBody;
      if (from && to && !from.required && to.required) {
        const at = to;
        context.report({ side: 'revision', doc: at.doc, pointer: at.pointer, operation: revision, args: {} });
      }
    }
  },
});
