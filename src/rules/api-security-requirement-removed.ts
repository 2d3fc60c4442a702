import { accepts, alternativesOf, describeAlternative, renamedSchemes, translate } from './_security.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-security-requirement-removed',
  level: 'info',
  taxonomy: { direction: 'api', area: 'security' },
  docs: { description: 'Operation accepts more credentials' },
  check(context) {
    const renames = renamedSchemes(context.diff);
    for (const { base, revision } of context.diff.operations) {
      for (const alternative of alternativesOf(revision.security)) {
        if (accepts(base.security, translate(alternative, renames)) === 'yes') continue;
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
