import { defineRule } from './define.js';

export default defineRule({
  id: 'request-media-type-added',
  level: 'info',
  taxonomy: { direction: 'request', area: 'request-body' },
  docs: { description: 'Request media type added' },
  check(context) {
    for (const { revision, requestBody } of context.diff.operations) {
      if (!requestBody.base) continue;
      for (const media of requestBody.mediaTypes.added) {
        context.report({
          side: 'revision',
          doc: media.doc,
          pointer: media.pointer,
          operation: revision,
          args: { mediaType: media.name },
        });
      }
    }
  },
});
