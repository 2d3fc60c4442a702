import { coveredByRange, isSuccess } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'response-success-status-added',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'responses' },
  docs: { description: 'Success response status added' },
  check(context) {
    for (const { base, revision, responses } of context.diff.operations) {
      for (const response of responses.added) {
        if (!isSuccess(response.status)) continue;
        // `2XX` documented before and `201` now: not a new status.
        if (coveredByRange(response.status, base.responses)) continue;
        context.report({
          side: 'revision',
          doc: response.doc,
          pointer: response.pointer,
          operation: revision,
          args: { status: response.status },
        });
      }
    }
  },
});
