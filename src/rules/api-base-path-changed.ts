import { basePathChange, operationsInBoth } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-base-path-changed',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Base path changed' },
  check(context) {
    const change = basePathChange(context.diff.base, context.diff.revision);
    if (!change) return;
    const { from, to } = change;
    context.report({
      side: 'revision',
      doc: to.doc,
      pointer: to.pointer,
      operation: null,
      // Every operation clients already call moves with it.
      affects: { operations: operationsInBoth(context.diff), group: '#/servers' },
      args: { from: from.basePath || '/', to: to.basePath || '/' },
    });
  },
});
