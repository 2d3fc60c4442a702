import { defineRule } from './define.js';

export default defineRule({
  id: 'request-body-added-required',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Required request body added' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      const { base: from, revision: to } = requestBody;
      if (!from && to?.required) {
        const at = to;
        context.report({ side: 'revision', doc: at.doc, pointer: at.pointer, operation: revision, args: {} });
      }
    }
  },
});
