import { operationsInBoth } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'api-security-scheme-changed',
  level: 'breaking',
  taxonomy: { direction: 'api', area: 'security' },
  docs: { description: 'Security scheme changed' },
  check(context) {
    for (const [name, scheme] of context.diff.base.securitySchemes) {
      const other = context.diff.revision.securitySchemes.get(name);
      if (!other || other.signature === scheme.signature) continue;
      context.report({
        side: 'revision',
        doc: other.doc,
        pointer: other.pointer,
        operation: null,
        // Every operation that can be called with this scheme: its clients send the old credentials.
        affects: {
          operations: operationsInBoth(context.diff).filter((operation) =>
            operation.security?.some((alternative) => alternative.has(name)),
          ),
          group: `#${other.pointer}`,
        },
        args: { name, from: scheme.signature, to: other.signature },
      });
    }
  },
});
