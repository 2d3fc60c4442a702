import { defineRule } from './define.js';

export default defineRule({
  id: 'response-media-type-added',
  level: 'info',
  taxonomy: { direction: 'response', area: 'responses' },
  docs: { description: 'Response media type added' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const media of response.mediaTypes.added) {
          context.report({
            side: 'revision',
            doc: media.doc,
            pointer: media.pointer,
            operation: revision,
            args: { status: response.revision.status, mediaType: media.name },
          });
        }
      }
    }
  },
});
