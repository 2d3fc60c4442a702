import { movedBasePath, serverUrl, serverUrls } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-server-added',
  level: 'info',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Server added' },
  check(context) {
    const { base, revision } = context.diff;
    const urls = serverUrls(base);
    for (const server of revision.servers) {
      if (urls.has(serverUrl(server)) || movedBasePath(server, base, revision)) continue;
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
