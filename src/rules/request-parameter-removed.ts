import { isIgnoredHeader } from './_operations.js';
import { defineRule } from './define.js';
import { beforeSunset } from './request-parameter-removed-before-sunset.js';

export default defineRule({
  id: 'request-parameter-removed',
  level: 'warning',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'Request parameter removed' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const parameter of parameters.removed) {
        // Removed before its announced sunset: request-parameter-removed-before-sunset.
        if (isIgnoredHeader(parameter) || beforeSunset(parameter.sunset, context.now)) continue;
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
