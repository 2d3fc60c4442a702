import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-deprecated',
  level: 'info',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Operation deprecated' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      if (!base.deprecated && revision.deprecated) {
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: `${revision.pointer}/deprecated`,
          operation: revision,
          args: {},
        });
      }
    }
  },
});
