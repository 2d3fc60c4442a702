import { defineRule } from './define.js';

export default defineRule({
  id: 'response-media-type-removed',
  level: 'breaking',
  taxonomy: { direction: 'response', area: 'responses' },
  docs: { description: 'Response media type removed' },
  check(context) {
    for (const { revision, responses } of context.diff.operations) {
      for (const response of responses.modified) {
        for (const media of response.mediaTypes.removed) {
          context.report({
            side: 'base',
            doc: media.doc,
            pointer: media.pointer,
            operation: revision,
            args: { status: response.base.status, mediaType: media.name },
          });
        }
      }
    }
  },
});
