import { coveredByRange, isSuccess } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-non-success-status-removed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'responses' },
  docs: { description: 'Error response status removed' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.removed) {
        if (isSuccess(response.status)) continue;
        // `201` documented before and only `2XX` now: still documented.
        if (coveredByRange(response.status, revision.responses)) continue;
        context.report({
          side: 'base',
          doc: response.doc,
          pointer: response.pointer,
          operation: revision,
          args: { status: response.status },
        });
      }
    }
  },
});
