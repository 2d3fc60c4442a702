import { defineRule } from './define.js';

export default defineRule({
  id: 'api-base-path-changed',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Base path changed' },
  check(context) {
    const from = context.diff.base.servers[0];
    const to = context.diff.revision.servers[0];
    if (from && to && from.basePath !== to.basePath) {
      context.report({
        side: 'revision',
        doc: to.doc,
        pointer: to.pointer,
        operation: null,
        args: { from: from.basePath || '/', to: to.basePath || '/' },
      });
    }
  },
});
