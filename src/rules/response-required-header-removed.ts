import { defineRule } from './define.js';

export default defineRule({
  id: 'response-required-header-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'headers' },
  docs: { description: 'Required response header removed' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const header of response.headers.removed) {
          if (!header.required) continue;
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
