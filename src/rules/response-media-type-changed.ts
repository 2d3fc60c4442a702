import { defineRule } from './define.js';

export default defineRule({
  id: 'response-media-type-changed',
  level: 'warning',
  taxonomy: { direction: 'response', area: 'responses' },
  docs: { description: 'Response JSON media type renamed' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const media of response.mediaTypes.modified) {
          if (!media.renamed) continue;
          context.report({
            side: 'revision',
            doc: media.revision.doc,
            pointer: media.revision.pointer,
            operation: revision,
            args: { status: response.revision.status, from: media.base.name, to: media.revision.name },
          });
        }
      }
    }
  },
});
