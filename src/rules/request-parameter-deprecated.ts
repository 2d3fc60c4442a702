import { isIgnoredHeader } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-parameter-deprecated',
  level: 'info',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'Request parameter deprecated' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const { base, revision: parameter } of parameters.modified) {
        if (isIgnoredHeader(parameter)) continue;
        if (base.deprecated || !parameter.deprecated) continue;
        context.report({
          side: 'revision',
          doc: parameter.doc,
          pointer: parameter.pointer,
          operation: revision,
          args: { in: parameter.in, name: parameter.name },
        });
      }
    }
  },
});
