import { defineRule } from './define.js';

export default defineRule({
  id: 'response-header-became-optional',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'headers' },
  docs: { description: 'Response header may now be absent' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const { base, revision: header } of response.headers.modified) {
          if (!base.required || header.required) continue;
          context.report({
            side: 'revision',
            doc: header.doc,
            pointer: header.pointer,
            operation: revision,
            args: { status: response.base.status, name: header.name },
          });
        }
      }
    }
  },
});
