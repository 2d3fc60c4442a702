import { defineRule } from './define.js';

export default defineRule({
  id: 'response-optional-header-removed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'headers' },
  docs: { description: 'Optional response header removed' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const header of response.headers.removed) {
          if (header.required) continue;
          context.report({
            side: 'base',
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
