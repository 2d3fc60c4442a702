import {
  changedPairsOf,
  formatTypes,
  isUnion,
  reportPair,
  sides,
  typesIncluded,
  typesOf,
  valueTypesOf,
} from './_schema.js';
import { defineRule } from './define.js';

export default defineRule({
  id: 'request-type-widened',
  level: 'info',
  taxonomy: { direction: 'request', area: 'schemas' },
  docs: { description: 'Request schema type widened' },
  check(context) {
    for (const pair of changedPairsOf(context, 'request')) {
      if (isUnion(pair.base.core) || isUnion(pair.revision.core)) continue;
      const from = typesOf(pair.base.core);
      const to = typesOf(pair.revision.core);
      const { narrower, wider } = sides(pair);
      const fits = typesIncluded(valueTypesOf(narrower.core), valueTypesOf(wider.core));
      const back = typesIncluded(valueTypesOf(wider.core), valueTypesOf(narrower.core));
      if (fits && !back) reportPair(context, pair, { from: formatTypes(from), to: formatTypes(to) });
    }
  },
});
