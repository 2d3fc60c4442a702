import {
  accepts,
  alternativesOf,
  describeAlternative,
  describeSecurity,
  renamedSchemes,
  withBaseNames,
} from './_security.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-security-requirement-added',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'security' },
  docs: { description: 'Operation now requires other credentials' },
  check(context) {
    const renames = renamedSchemes(context.diff);
    for (const { base, revision } of context.diff.operations) {
      const required = withBaseNames(revision.security, renames);
      for (const alternative of alternativesOf(base.security)) {
        if (accepts(required, alternative) !== 'no') continue;
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
