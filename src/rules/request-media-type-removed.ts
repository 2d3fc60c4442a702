import { mediaRangeCovers } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-media-type-removed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Request media type no longer accepted' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      if (!requestBody.revision) continue;
      const accepted = [...requestBody.revision.content.values()];
      for (const media of requestBody.mediaTypes.removed) {
        // Still accepted through a range (`*/*`, `application/*`).
        if (accepted.some((other) => mediaRangeCovers(other.name, media.name))) continue;
        context.report({
          side: 'base',
          doc: media.doc,
          pointer: media.pointer,
          operation: revision,
          args: { mediaType: media.name },
        });
      }
    }
  },
});
