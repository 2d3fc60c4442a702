import { isIgnoredHeader } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-optional-parameter-added',
  level: 'info',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'New optional request parameter' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const parameter of parameters.added) {
        if (isIgnoredHeader(parameter)) continue;
        if (parameter.required) continue;
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
