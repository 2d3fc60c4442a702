import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-added',
  level: 'info',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Operation added' },
  check(context) {
    for (const operation of context.diff.addedOperations) {
      context.report({ side: 'revision', doc: operation.doc, pointer: operation.pointer, operation, args: {} });
    }
  },
});
