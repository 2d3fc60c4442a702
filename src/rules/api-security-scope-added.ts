import { accepts, alternativesOf, describeAlternative, describeSecurity } from './_security.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-security-scope-added',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'security' },
  docs: { description: 'Operation now requires more OAuth scopes' },
  check(context) {
    for (const { base, revision } of context.diff.operations) {
      for (const alternative of alternativesOf(base.security)) {
        if (accepts(revision.security, alternative) !== 'scopes') continue;
        context.report({
          side: 'revision',
          doc: revision.doc,
          pointer: revision.securityPointer,
          operation: revision,
          args: { from: describeAlternative(alternative), to: describeSecurity(revision.security) },
        });
      }
    }
  },
});
