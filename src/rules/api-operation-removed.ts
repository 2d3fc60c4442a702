import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-removed',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Operation removed without deprecation' },
  check(context) {
    for (const operation of context.diff.removedOperations) {
      if (operation.deprecated) continue;
      context.report({ side: 'base', doc: operation.doc, pointer: operation.pointer, operation, args: {} });
    }
  },
});
