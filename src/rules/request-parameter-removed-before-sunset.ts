import { isIgnoredHeader } from './_operations.js';
import { defineRule } from './define.js';

/**
 * A parameter with an `x-sunset` date still ahead was promised to clients until then: removing it
 * early is a break, not the warning of request-parameter-removed.
 */
export default defineRule({
  id: 'request-parameter-removed-before-sunset',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'Request parameter removed before its announced sunset date' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const parameter of parameters.removed) {
        if (isIgnoredHeader(parameter) || !beforeSunset(parameter.sunset, context.now)) continue;
        context.report({
          side: 'base',
          doc: parameter.doc,
          pointer: parameter.pointer,
          operation: revision,
          args: { in: parameter.in, name: parameter.name, sunset: parameter.sunset },
        });
      }
    }
  },
});

/** Is the sunset date still ahead of `now`? */
export function beforeSunset(sunset: string | undefined, now: Date): boolean {
  if (sunset === undefined) return false;
  const date = Date.parse(sunset);
  return !Number.isNaN(date) && date > now.getTime();
}
