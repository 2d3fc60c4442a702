import { mediaRangeCovers } from './_operations.js';
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
          // A range (`*/*`) narrowed to what it covers: clients accepting the range still can.
          const narrowed = [...response.revision.content.values()].some((other) =>
            mediaRangeCovers(media.name, other.name),
          );
          if (narrowed) continue;
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
