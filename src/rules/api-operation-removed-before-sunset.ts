import { defineRule } from './define.js';

export default defineRule({
  id: 'api-operation-removed-before-sunset',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'operations' },
  docs: { description: 'Deprecated operation removed before its sunset date' },
  check(context) {
    for (const operation of context.diff.removedOperations) {
      if (!operation.deprecated || !operation.sunset) continue;
      const sunset = Date.parse(operation.sunset);
      if (Number.isNaN(sunset) || sunset <= context.now.getTime()) continue;
      context.report({
        side: 'base',
        doc: operation.doc,
        pointer: operation.pointer,
        operation,
        args: { sunset: operation.sunset },
      });
    }
  },
});
