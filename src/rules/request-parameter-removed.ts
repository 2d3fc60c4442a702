import { isIgnoredHeader } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-parameter-removed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'Request parameter removed' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const parameter of parameters.removed) {
        if (isIgnoredHeader(parameter)) continue;
        context.report({
          side: 'base',
          doc: parameter.doc,
          pointer: parameter.pointer,
          operation: revision,
          args: { in: parameter.in, name: parameter.name },
        });
      }
    }
  },
});
