import { defineRule } from './define.js';

export default defineRule({
  id: 'api-deprecated-operation-removed',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Deprecated operation removed' },
  check(context) {
    for (const operation of context.diff.removedOperations) {
      if (!operation.deprecated) continue;
      const sunset = operation.sunset ? Date.parse(operation.sunset) : Number.NaN;
      if (!Number.isNaN(sunset) && sunset > context.now.getTime()) continue;
      context.report({ side: 'base', doc: operation.doc, pointer: operation.pointer, operation, args: {} });
    }
  },
});
