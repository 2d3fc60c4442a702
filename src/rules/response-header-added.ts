import { defineRule } from './define.js';

export default defineRule({
  id: 'response-header-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'headers' },
  docs: { description: 'Response header added' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const header of response.headers.added) {
          context.report({
            side: 'revision',
            doc: header.doc,
            pointer: header.pointer,
            operation: revision,
            args: { status: response.revision.status, name: header.name },
          });
        }
      }
    }
  },
});
