/**
 * Numeric bounds (maxLength, minimum, maxItems, ...): one helper for every increased/decreased
 * rule pair. A missing upper bound is +Infinity, a missing lower bound the keyword's floor, so
 * "bound added" is "decreased from infinity" and needs no rule of its own.
 */
import type { Direction } from '../diff/index.js';
import type { Schema, SchemaTypeName } from '../normalize/model.js';
import { changedPairsOf, isUnion, reportPair, typesOf } from './_schema.js';
import { defineRule, type Rule } from './define.js';
import type { Level } from './types.js';

export type BoundKeyword =
  | 'maxLength'
  | 'minLength'
  | 'maxItems'
  | 'minItems'
  | 'maxProperties'
  | 'minProperties'
  | 'maxContains'
  | 'minContains'
  | 'maximum'
  | 'minimum';

interface Bound {
  value: number;
  /** For maximum/minimum: the bound itself is excluded. */
  exclusive: boolean;
}

/** The JSON types each keyword constrains; on other values JSON Schema ignores it. */
const APPLIES_TO: Record<BoundKeyword, SchemaTypeName[]> = {
  maxLength: ['string'],
  minLength: ['string'],
  maxItems: ['array'],
  minItems: ['array'],
  maxContains: ['array'],
  minContains: ['array'],
  maxProperties: ['object'],
  minProperties: ['object'],
  maximum: ['number', 'integer'],
  minimum: ['number', 'integer'],
};

function boundOf(schema: Schema, keyword: BoundKeyword): Bound {
  // `minLength: 1` on an array constrains nothing: read it as absent, so dropping it is no change.
  const types = typesOf(schema);
  if (types !== undefined && !APPLIES_TO[keyword].some((type) => types.has(type))) {
    return keyword.startsWith('max')
      ? { value: Number.POSITIVE_INFINITY, exclusive: false }
      : { value: keyword === 'minimum' ? Number.NEGATIVE_INFINITY : 0, exclusive: false };
  }
  switch (keyword) {
    case 'maximum': {
      const inclusive = schema.maximum ?? Number.POSITIVE_INFINITY;
      const exclusive = schema.exclusiveMaximum ?? Number.POSITIVE_INFINITY;
      return exclusive <= inclusive
        ? { value: exclusive, exclusive: exclusive !== Number.POSITIVE_INFINITY }
        : { value: inclusive, exclusive: false };
    }
    case 'minimum': {
      const inclusive = schema.minimum ?? Number.NEGATIVE_INFINITY;
      const exclusive = schema.exclusiveMinimum ?? Number.NEGATIVE_INFINITY;
      return exclusive >= inclusive
        ? { value: exclusive, exclusive: exclusive !== Number.NEGATIVE_INFINITY }
        : { value: inclusive, exclusive: false };
    }
    case 'minContains':
      return { value: schema.minContains ?? (schema.contains ? 1 : 0), exclusive: false };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { value: schema[keyword] ?? 0, exclusive: false };
    default:
      return { value: schema[keyword] ?? Number.POSITIVE_INFINITY, exclusive: false };
  }
}

/**
 * The same bound as an inclusive one when the schema allows integers only: `exclusiveMaximum: 11`
 * is `maximum: 10` there (Pydantic `lt=11` vs `le=10`), and `maximum: 10.5` is `maximum: 10`.
 */
function comparable(bound: Bound, schema: Schema, keyword: BoundKeyword): Bound {
  if ((keyword !== 'maximum' && keyword !== 'minimum') || !Number.isFinite(bound.value)) return bound;
  if (schema.types?.size !== 1 || !schema.types.has('integer')) return bound;
  const value =
    keyword === 'maximum'
      ? bound.exclusive
        ? Math.ceil(bound.value) - 1
        : Math.floor(bound.value)
      : bound.exclusive
        ? Math.floor(bound.value) + 1
        : Math.ceil(bound.value);
  return { value, exclusive: false };
}

/** Does bound `to` let through values that `from` rejected? */
function allowsMore(to: Bound, from: Bound, upper: boolean): boolean {
  if (to.value !== from.value) return upper ? to.value > from.value : to.value < from.value;
  return from.exclusive && !to.exclusive;
}

function show(bound: Bound, keyword: BoundKeyword): string | number | null {
  if (!Number.isFinite(bound.value)) return null;
  if (bound.exclusive) return `${keyword === 'maximum' ? '<' : '>'} ${bound.value}`;
  return bound.value;
}

export function boundRule(options: {
  id: string;
  level: Level;
  direction: Direction;
  keyword: BoundKeyword;
  change: 'increased' | 'decreased';
  description: string;
}): Rule {
  const upper = options.keyword.startsWith('max');
  const countsContains = options.keyword === 'minContains' || options.keyword === 'maxContains';
  return defineRule({
    id: options.id,
    level: options.level,
    taxonomy: { direction: options.direction, area: 'schemas' },
    docs: { description: options.description },
    check(context) {
      for (const pair of changedPairsOf(context, options.direction)) {
        if (isUnion(pair.base.core) || isUnion(pair.revision.core) || pair.base.core === pair.revision.core) continue;
        // minContains/maxContains mean nothing without `contains` (JSON Schema ignores them), and a
        // `contains` added or removed is its own rule: compare the counts only when both sides have one.
        if (countsContains && (!pair.base.core.contains || !pair.revision.core.contains)) continue;
        const from = boundOf(pair.base.core, options.keyword);
        const to = boundOf(pair.revision.core, options.keyword);
        const fromValues = comparable(from, pair.base.core, options.keyword);
        const toValues = comparable(to, pair.revision.core, options.keyword);
        const more = allowsMore(toValues, fromValues, upper);
        const less = allowsMore(fromValues, toValues, upper);
        // A larger upper bound allows more; a larger lower bound allows less.
        const increased = upper ? more : less;
        const decreased = upper ? less : more;
        if ((options.change === 'increased' && increased) || (options.change === 'decreased' && decreased)) {
          reportPair(context, pair, {
            keyword: options.keyword,
            from: show(from, options.keyword),
            to: show(to, options.keyword),
          });
        }
      }
    },
  });
}
