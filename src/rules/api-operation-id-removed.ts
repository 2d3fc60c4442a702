import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-id-removed',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'operationId removed' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      if (base.operationId && !revision.operationId) {
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: revision.pointer,
          operation: revision,
          args: { from: base.operationId },
        });
      }
    }
  },
});
