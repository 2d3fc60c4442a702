import { isIgnoredHeader, mattersForSerialization, serializationOf } from './_operations.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-parameter-style-changed',
  level: 'breaking',
  taxonomy: { direction: 'request', area: 'parameters' },
  docs: { description: 'Request parameter serialization changed' },
  check(context) {
    for (const { revision, parameters } of context.diff.operations) {
      for (const { base, revision: parameter } of parameters.modified) {
        if (isIgnoredHeader(parameter)) continue;
        const structured = mattersForSerialization(parameter);
        const from = serializationOf(base, structured);
        const to = serializationOf(parameter, structured);
        if (from === to) continue;
        context.report({
          side: 'revision',
          doc: parameter.doc,
          pointer: parameter.pointer,
          operation: revision,
          args: { in: parameter.in, name: parameter.name, from, to },
        });
      }
    }
  },
});
