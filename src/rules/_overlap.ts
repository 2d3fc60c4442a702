/**
 * Whether two oneOf variants can both match one value: `oneOf` accepts a value only when exactly
 * one variant matches, so a value in two variants is rejected (JSON Schema 2020-12 §10.2.1.3).
 * `variantsOverlap` answers yes only when it can name such a value's shape: a break is reported
 * only where a validator would reject something (DESIGN.md §2), and variants it cannot prove
 * overlapping (two string patterns, two formats) are left alone.
 */
import type { Schema, SchemaTypeName } from '../normalize/model.js';
import { sameValue, unwrap } from '../normalize/schema.js';
import { jsonTypeOf, typesIncluded, valueTypesOf } from './_schema.js';

/** Do two variants (as written, aliases followed) certainly share a value? */
export function variantsOverlap(first: Schema, second: Schema, depth = 0): boolean {
  const a = unwrap(first);
  const b = unwrap(second);
  if (a.isFalse || b.isFalse) return false;
  if (nullableThrough(first) && nullableThrough(second)) return true;
  if (a.enum || b.enum) return enumsOverlap(a, b);
  const common = commonTypes(valueTypesOf(a), valueTypesOf(b));
  if (common !== undefined && common.size === 0) return false;
  const shared = common ?? new Set<SchemaTypeName>(['object', 'array', 'string', 'number', 'integer', 'boolean']);
  if (shared.has('boolean')) return true;
  if (shared.has('object') && objectsOverlap(a, b, depth)) return true;
  if (shared.has('array') && arraysOverlap(a, b)) return true;
  if (shared.has('string') && stringsOverlap(a, b)) return true;
  if ((shared.has('number') || shared.has('integer')) && numbersOverlap(a, b, !shared.has('number'))) return true;
  return false;
}

/** Do two schemas certainly share no value? Decided on their types only. */
export function typesDisjoint(first: Schema, second: Schema): boolean {
  if (nullableThrough(first) && nullableThrough(second)) return false;
  const common = commonTypes(valueTypesOf(unwrap(first)), valueTypesOf(unwrap(second)));
  return common !== undefined && common.size === 0;
}

function nullableThrough(schema: Schema): boolean {
  let current: Schema | undefined = schema;
  while (current) {
    if (current.nullable) return true;
    current = current.alias;
  }
  return false;
}

function commonTypes(
  a: Set<SchemaTypeName> | undefined,
  b: Set<SchemaTypeName> | undefined,
): Set<SchemaTypeName> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const common = new Set<SchemaTypeName>();
  for (const type of a) {
    if (b.has(type)) common.add(type);
    else if (type === 'integer' && b.has('number')) common.add('integer');
    else if (type === 'number' && b.has('integer')) common.add('integer');
  }
  return common;
}

/** An enum side overlaps when one of its values is accepted by the other side's scalar keywords. */
function enumsOverlap(a: Schema, b: Schema): boolean {
  const [withEnum, other] = a.enum ? [a, b] : [b, a];
  return (withEnum.enum ?? []).some((value) => scalarAccepts(withEnum, value) && scalarAccepts(other, value));
}

/** Does a schema accept a scalar value, judging only keywords it can check exactly? */
function scalarAccepts(schema: Schema, value: unknown): boolean {
  if (schema.enum && !schema.enum.some((member) => sameValue(member, value))) return false;
  if (value === null || typeof value === 'object') return false;
  if (!typesIncluded(new Set([jsonTypeOf(value)]), valueTypesOf(schema) ?? undefined)) return false;
  if (typeof value === 'string') {
    if (schema.pattern !== undefined || schema.format !== undefined) return false;
    const length = [...value].length;
    return length >= (schema.minLength ?? 0) && length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  }
  if (typeof value === 'number') return inRange(schema, value);
  return true;
}

function inRange(schema: Schema, value: number): boolean {
  if (schema.minimum !== undefined && value < schema.minimum) return false;
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
  if (schema.maximum !== undefined && value > schema.maximum) return false;
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) return false;
  return true;
}

function stringsOverlap(a: Schema, b: Schema): boolean {
  // Two patterns or formats may or may not share a string; only the same one certainly does.
  if ((a.pattern ?? b.pattern) !== (b.pattern ?? a.pattern)) return false;
  if ((a.format ?? b.format) !== (b.format ?? a.format)) return false;
  const min = Math.max(a.minLength ?? 0, b.minLength ?? 0);
  const max = Math.min(a.maxLength ?? Number.POSITIVE_INFINITY, b.maxLength ?? Number.POSITIVE_INFINITY);
  // One pattern (or format) against plain strings: assume it has a string of any length.
  const shaped = a.pattern !== undefined || b.pattern !== undefined || a.format !== undefined || b.format !== undefined;
  return min <= max && (!shaped || (min === 0 && max === Number.POSITIVE_INFINITY));
}

function numbersOverlap(a: Schema, b: Schema, integersOnly: boolean): boolean {
  if (a.multipleOf !== undefined || b.multipleOf !== undefined) return false;
  const low = Math.max(a.minimum ?? Number.NEGATIVE_INFINITY, b.minimum ?? Number.NEGATIVE_INFINITY);
  const candidates = [0, 1, -1, low, Math.ceil(low), Math.ceil(low) + 1];
  for (const bound of [a.exclusiveMinimum, b.exclusiveMinimum])
    if (bound !== undefined) candidates.push(Math.floor(bound) + 1);
  return candidates.some(
    (value) =>
      Number.isFinite(value) && (!integersOnly || Number.isInteger(value)) && inRange(a, value) && inRange(b, value),
  );
}

function arraysOverlap(a: Schema, b: Schema): boolean {
  // The empty array, unless either needs items.
  return (
    (a.minItems ?? 0) === 0 && (b.minItems ?? 0) === 0 && !a.contains && !b.contains && !a.prefixItems && !b.prefixItems
  );
}

/**
 * Two object variants share an object unless one requires a property the other forbids: a
 * property whose values differ (distinct `const`s of a discriminator, disjoint types), or a
 * property outside a closed (`additionalProperties: false`) variant.
 */
function objectsOverlap(a: Schema, b: Schema, depth: number): boolean {
  if (a.maxProperties !== undefined || b.maxProperties !== undefined) return false;
  if (a.propertyNames || b.propertyNames || a.dependentSchemas || b.dependentSchemas) return false;
  if (a.unevaluatedProperties !== undefined || b.unevaluatedProperties !== undefined) return false;
  return !excludes(a, b, depth) && !excludes(b, a, depth);
}

/** Does `a` require something `b` forbids? */
function excludes(a: Schema, b: Schema, depth: number): boolean {
  for (const name of a.required) {
    const own = a.properties.get(name);
    const other = b.properties.get(name);
    if (!other) {
      if (b.additionalProperties === false || b.patternProperties) return true;
      if (typeof b.additionalProperties === 'object' && !propertiesOverlap(own, b.additionalProperties, depth))
        return true;
      continue;
    }
    if (!propertiesOverlap(own, other, depth)) return true;
  }
  return false;
}

function propertiesOverlap(first: Schema | undefined, second: Schema, depth: number): boolean {
  // Deeper than a few levels (or a recursive schema), assume a value both accept exists.
  if (!first || depth > 4) return true;
  return variantsOverlap(first, second, depth + 1);
}
