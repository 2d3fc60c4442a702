import { defineRule } from './define.js';

export default defineRule({
  id: 'api-server-added',
  level: 'info',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Server added' },
  check(context) {
    const urls = new Set(context.diff.base.servers.map((server) => server.url));
    for (const server of context.diff.revision.servers) {
      if (!urls.has(server.url))
        context.report({
          side: 'revision',
          doc: server.doc,
          pointer: server.pointer,
          operation: null,
          args: { url: server.url },
        });
    }
  },
});
