import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-id-changed',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'operationId changed' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      if (base.operationId && revision.operationId && base.operationId !== revision.operationId) {
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: `${revision.pointer}/operationId`,
          operation: revision,
          args: { from: base.operationId, to: revision.operationId },
        });
      }
    }
  },
});
