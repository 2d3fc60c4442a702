import { defineRule } from './define.js';

export default defineRule({
  id: 'api-server-removed',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Server removed' },
  check(context) {
    const urls = new Set(context.diff.revision.servers.map((server) => server.url));
    for (const server of context.diff.base.servers) {
      if (!urls.has(server.url))
        context.report({
          side: 'base',
          doc: server.doc,
          pointer: server.pointer,
          operation: null,
          args: { url: server.url },
        });
    }
  },
});
