import { movedBasePath, serverUrl, serverUrls } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-server-removed',
  level: 'warning',
  taxonomy: { direction: 'api', area: 'servers' },
  docs: { description: 'Server removed' },
  check(context) {
    const { base, revision } = context.diff;
    const urls = serverUrls(revision);
    for (const server of base.servers) {
      if (urls.has(serverUrl(server)) || movedBasePath(server, base, revision)) continue;
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
