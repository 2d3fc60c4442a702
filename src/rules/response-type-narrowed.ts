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
  id: 'response-type-narrowed',
  level: 'info',
  taxonomy: { direction: 'response', area: 'schemas' },
  docs: { description: 'Response schema type narrowed' },
  check(context) {
    for (const pair of changedPairsOf(context, 'response')) {
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
