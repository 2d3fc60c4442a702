import { accepts, alternativesOf, describeAlternative } from './_security.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-security-requirement-removed',
  level: 'info',
  taxonomy: { direction: 'api', area: 'security' },
  docs: { description: 'Operation accepts more credentials' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      for (const alternative of alternativesOf(revision.security)) {
        if (accepts(base.security, alternative) === 'yes') continue;
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: revision.securityPointer,
          operation: revision,
          args: { to: describeAlternative(alternative) },
        });
      }
    }
  },
});
