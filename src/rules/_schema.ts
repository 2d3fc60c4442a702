/**
 * Shared helpers for schema rules: iterate the compared pairs of one direction, and read a
 * schema's effective types, nullability and bounds the same way in every rule.
 */
import type { ContractDiff, Direction, SchemaPair, SchemaView } from '../diff/index.js';
import { escapePointerSegment } from '../load/pointer.js';
import type { Schema, SchemaTypeName } from '../normalize/model.js';
import { aliasOf, sameValue, unwrap } from '../normalize/schema.js';
import { typesDisjoint, variantsOverlap } from './_overlap.js';
import type { RuleContext } from './define.js';

const pairsByDirection = new WeakMap<ContractDiff, Record<Direction, SchemaPair[]>>();

/**
 * Every compared schema pair of one direction, each once.
 * Split once per diff: ~110 rules each walk this list.
 */
export function pairsOf(context: RuleContext, direction: Direction): readonly SchemaPair[] {
  let split = pairsByDirection.get(context.diff);
  if (!split) {
    split = { request: [], response: [] };
    for (const pair of context.diff.schemaPairs) split[pair.direction].push(pair);
    pairsByDirection.set(context.diff, split);
  }
  return split[direction];
}

/** Report at the revision side of a pair (the base side when `side` says so). */
export function reportPair(
  context: RuleContext,
  pair: SchemaPair,
  args: Record<string, unknown>,
  at: { side: 'base' | 'revision'; schema?: Schema; suffix?: string } = { side: 'revision' },
): void {
  const schema = at.schema ?? (at.side === 'base' ? pair.base.outer : pair.revision.outer);
  context.report({ side: at.side, doc: schema.doc, pointer: schema.pointer + (at.suffix ?? ''), pair, args });
}

/**
 * Types a schema allows. Without `type`, the keywords used imply it (`properties` -> object):
 * writers often omit `type: object`, and reporting that as a change would be a false alarm.
 */
export function typesOf(core: Schema): Set<SchemaTypeName> | undefined {
  if (core.types) return core.types;
  if (core.properties.size > 0 || core.required.size > 0 || core.additionalProperties !== undefined)
    return new Set(['object']);
  if (core.items !== undefined || core.prefixItems) return new Set(['array']);
  if (core.enum && core.enum.length > 0) {
    const types = new Set<SchemaTypeName>();
    for (const value of core.enum) types.add(jsonTypeOf(value));
    return types;
  }
  return undefined;
}

/**
 * The types of the values a schema allows, for inclusion: an enum narrows the declared type to its
 * members' (`type: number, enum: [1, 2]` allows integers only, like `type: integer, enum: [1, 2]`).
 */
export function valueTypesOf(core: Schema): Set<SchemaTypeName> | undefined {
  const declared = typesOf(core);
  if (!core.enum || core.enum.length === 0) return declared;
  const members = new Set<SchemaTypeName>();
  for (const value of core.enum) {
    const type = jsonTypeOf(value);
    if (typesIncluded(new Set([type]), declared)) members.add(type);
  }
  return members.size > 0 ? members : declared;
}

export function jsonTypeOf(value: unknown): SchemaTypeName {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

export function isUnion(core: Schema): boolean {
  return core.oneOf !== undefined || core.anyOf !== undefined;
}

/** Whether `null` is an allowed value of this use of a schema. */
export function allowsNull(view: SchemaView): boolean {
  if (view.nullable) return true;
  const core = view.core;
  if (core.isFalse) return false;
  if (isUnion(core)) return (core.oneOf ?? core.anyOf ?? []).some((variant) => allowsNull(viewOfVariant(variant)));
  return typesOf(core) === undefined && !core.allOf;
}

function viewOfVariant(schema: Schema): SchemaView {
  let nullable = false;
  let current = schema;
  for (let alias = aliasOf(current); alias; alias = aliasOf(current)) {
    nullable ||= current.nullable;
    current = alias;
  }
  return {
    outer: schema,
    core: current,
    nullable: nullable || current.nullable,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    hasDefault: false,
  };
}

/** Does type set `inner` fit inside `outer`? undefined means any type; integer fits in number. */
export function typesIncluded(inner: Set<SchemaTypeName> | undefined, outer: Set<SchemaTypeName> | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  for (const type of inner) {
    if (outer.has(type)) continue;
    if (type === 'integer' && outer.has('number')) continue;
    return false;
  }
  return true;
}

export function formatTypes(types: Set<SchemaTypeName> | undefined): string {
  return types === undefined ? 'any' : types.size === 0 ? 'null' : [...types].sort().join(' | ');
}

/** The side that must include the other: request old ⊆ new, response new ⊆ old. */
export function sides(pair: SchemaPair): { wider: SchemaView; narrower: SchemaView } {
  return pair.direction === 'request'
    ? { narrower: pair.base, wider: pair.revision }
    : { narrower: pair.revision, wider: pair.base };
}

/** A short name for a schema in messages: its component name, title or type. */
export function schemaLabel(schema: Schema): string {
  let current: Schema | undefined = schema;
  while (current) {
    if (current.component) return current.component.slice(current.component.lastIndexOf('/') + 1);
    current = current.derivedFrom ?? aliasOf(current);
  }
  const core = viewOfVariant(schema).core;
  if (core.title) return core.title;
  const types = typesOf(core);
  return formatTypes(types);
}

/** Formats known to be subsets of others: every int32 is an int64, every float a double. */
const FORMAT_SUBSETS: Record<string, string[]> = {
  int32: ['int64'],
  float: ['double'],
  'date-time': [],
};

/** Is every value of format `inner` also a value of format `outer`? */
export function formatIncluded(inner: string, outer: string): boolean {
  return inner === outer || (FORMAT_SUBSETS[inner] ?? []).includes(outer);
}

/** Is `value` a whole multiple of `step`? Tolerates float noise (0.3 / 0.1). */
export function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** Whether an object accepts properties it does not list. */
export function openness(core: Schema): 'open' | 'constrained' | 'closed' {
  const extra = core.additionalProperties ?? core.unevaluatedProperties;
  if (extra === false || core.unevaluatedProperties === false) return 'closed';
  if (extra === undefined || extra === true) return 'open';
  return 'constrained';
}

/** Whether an array rejects items beyond its listed `prefixItems`. */
export function closedItems(core: Schema): boolean {
  return core.unevaluatedItems === false || (core.prefixItems !== undefined && core.items === false);
}

/** Openness as a rank: a higher rank accepts fewer extra properties. */
export const OPENNESS_RANK: Record<ReturnType<typeof openness>, number> = { open: 0, constrained: 1, closed: 2 };

/**
 * Where a oneOf/anyOf variant is written: `<union>/oneOf/<i>`, the `$ref` site inside the union,
 * not the component the variant refers to (a variant added to `Pet` is a change of `Pet` and is
 * grouped under `Pet`, not under the variant's own component). An inline variant, or the single
 * variant of a side that is not a union, is located at itself.
 */
export function variantLocation(
  side: 'base' | 'revision',
  view: SchemaView,
  variant: Schema,
): { side: 'base' | 'revision'; schema: Schema; suffix?: string } {
  const core = view.core;
  const keyword = core.oneOf ? 'oneOf' : core.anyOf ? 'anyOf' : undefined;
  if (!keyword || variant.component === null) return { side, schema: variant };
  const list = isRecord(core.raw) ? core.raw[keyword] : undefined;
  if (Array.isArray(list)) {
    for (let index = 0; index < list.length; index++) {
      const entry: unknown = list[index];
      const site = variant.pointer === `${core.pointer}/${keyword}/${index}`;
      if (site || (isRecord(entry) && entry.$ref === variant.component)) {
        return { side, schema: core, suffix: `/${keyword}/${index}` };
      }
    }
  }
  return { side, schema: core };
}

/**
 * Can the if/then/else of `to` reject a value `from` accepted, though both have one? A
 * conditional only restricts, so dropping it (or its `then`/`else`) cannot; a conditional added
 * where there was none is `conditionalAdded`; changing one may (undecidable in general).
 */
export function conditionalMayReject(from: Schema, to: Schema): boolean {
  if (to.ifSchema === undefined || from.ifSchema === undefined || conditionalIsNoop(to)) return false;
  if (!sameValue(from.ifSchema.raw, to.ifSchema.raw)) return true;
  return (
    (to.thenSchema !== undefined && from.thenSchema === undefined) ||
    (to.elseSchema !== undefined && from.elseSchema === undefined)
  );
}

/**
 * `to` has an if/then/else that constrains something and `from` has none: a value `from` accepted
 * that meets the `if` and not the `then` (or neither, and not the `else`) is now rejected.
 */
export function conditionalAdded(from: Schema, to: Schema): boolean {
  return from.ifSchema === undefined && to.ifSchema !== undefined && !conditionalIsNoop(to);
}

/** `then` and `else` both absent or allowing anything: the condition decides nothing. */
function conditionalIsNoop(core: Schema): boolean {
  return [core.thenSchema, core.elseSchema].every((branch) => branch === undefined || allowsAnything(branch));
}

/** `{}`, `true`, or only annotations. */
export function allowsAnything(schema: Schema): boolean {
  if (schema.isFalse) return false;
  if (schema.raw === undefined)
    return unwrap(schema) === schema && schema.types === undefined && schema.enum === undefined;
  if (!isRecord(schema.raw)) return false;
  return Object.keys(schema.raw).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example', '$comment', 'deprecated', 'default']);

/**
 * `to` gained a `not` that certainly excludes a value `from` allows: the `not` schema shares a
 * value with what `to` says beside it (`{type: string, not: {const: x}}` now rejects "x").
 */
export function notAdded(from: Schema, to: Schema): boolean {
  return from.not === undefined && to.not !== undefined && variantsOverlap(to, to.not);
}

/**
 * Can the `not` of `to` reject a value `from` accepted (beyond `notAdded`)? Dropping `not`
 * cannot. `not` turns inclusion around: `not: A` -> `not: B` rejects nothing new when every value
 * of B was in A, decided here for enums.
 */
export function notMayReject(from: Schema, to: Schema): boolean {
  if (to.not === undefined || sameValue(from.not?.raw, to.not.raw)) return false;
  // A `not` sharing no type with the schema beside it excludes nothing.
  if (from.not === undefined) return !notAdded(from, to) && !typesDisjoint(to, to.not);
  const excluded = unwrap(from.not).enum;
  const nowExcluded = unwrap(to.not).enum;
  if (excluded && nowExcluded && onlyValueKeywords(from.not) && onlyValueKeywords(to.not))
    return nowExcluded.some((value) => !excluded.some((old) => sameValue(old, value)));
  return true;
}

/**
 * A dependentSchemas entry that adds nothing to its object (merged in, the object is the same):
 * `{}`, or only `required` names the object requires anyway.
 */
export function dependentSchemaIsNoop(object: Schema, dependent: Schema): boolean {
  if (allowsAnything(dependent)) return true;
  if (!isRecord(dependent.raw)) return false;
  const keys = Object.keys(dependent.raw).filter((key) => !ANNOTATIONS.has(key));
  if (keys.length !== 1 || keys[0] !== 'required') return false;
  return [...unwrap(dependent).required].every((name) => object.required.has(name));
}

/** A schema that says nothing but its values (`{const: x}`, `{enum: [...]}`). */
function onlyValueKeywords(schema: Schema): boolean {
  return (
    isRecord(schema.raw) &&
    Object.keys(schema.raw).every((key) => key === 'enum' || key === 'const' || key === 'type' || ANNOTATIONS.has(key))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The component name (`Cat`) a schema is, or refers to through its aliases; null if inline. */
function componentNameOf(schema: Schema): string | null {
  let current: Schema | undefined = schema;
  while (current) {
    if (current.component) return current.component.slice(current.component.lastIndexOf('/') + 1);
    current = current.derivedFrom ?? aliasOf(current);
  }
  return null;
}

/**
 * The discriminator values a union accepts through its `discriminator`, each with the component it
 * selects: a variant's `mapping` keys, or its component name when the mapping names it nowhere;
 * mapping keys of components that are not listed variants (a discriminator on a parent schema)
 * count as given. A variant that pins the property itself (`kind: {const: cat}`) is left out: its
 * values are its schema's, compared (and reported) by the enum rules. Undefined without a
 * discriminator.
 */
export function discriminatorValues(core: Schema): Map<string, string> | undefined {
  const discriminator = core.discriminator;
  if (!discriminator) return undefined;
  const values = new Map<string, string>();
  const listed = new Set<string>();
  for (const variant of core.oneOf ?? core.anyOf ?? []) {
    const name = componentNameOf(variant);
    if (name === null) continue;
    listed.add(name);
    const property = unwrap(variant).properties.get(discriminator.propertyName);
    if (property && (unwrap(property).enum?.length ?? 0) > 0) continue;
    let mapped = false;
    for (const [value, target] of discriminator.mapping) {
      if (target !== name) continue;
      values.set(value, name);
      mapped = true;
    }
    if (!mapped) values.set(name, name);
  }
  for (const [value, target] of discriminator.mapping) if (!listed.has(target)) values.set(value, target);
  return values;
}

/** The step every allowed number is a multiple of: `multipleOf`, or 1 for integer-only schemas. */
export function stepOf(core: Schema): number | undefined {
  if (core.multipleOf !== undefined) return core.multipleOf;
  return core.types?.size === 1 && core.types.has('integer') ? 1 : undefined;
}

/**
 * Where property `name` of an object is declared: the property schema when written inline
 * (`.../properties/name`), else the `properties` entry of the object (a `$ref` property points
 * elsewhere: `owner: {$ref: User}` added to Item is a change of Item, grouped under Item, not
 * under the unchanged User), else the object itself.
 */
export function propertyLocation(
  side: 'base' | 'revision',
  view: SchemaView,
  name: string,
): { side: 'base' | 'revision'; schema: Schema; suffix?: string } {
  const core = view.core;
  const suffix = `/properties/${escapePointerSegment(name)}`;
  const property = core.properties.get(name);
  if (property?.pointer.endsWith(suffix)) return { side, schema: property };
  const declared = isRecord(core.raw) && isRecord(core.raw.properties) && name in core.raw.properties;
  return declared ? { side, schema: core, suffix } : { side, schema: core };
}

const changedByDirection = new WeakMap<ContractDiff, Record<Direction, SchemaPair[]>>();

/**
 * The pairs whose own keywords differ (bounds, types, enum, required, property names, flags...).
 * Rules that judge one pair's own keywords walk only these: between two consecutive versions of
 * a large API almost every pair is unchanged, and ~100 rules would otherwise each re-check it.
 */
export function changedPairsOf(context: RuleContext, direction: Direction): readonly SchemaPair[] {
  let split = changedByDirection.get(context.diff);
  if (!split) {
    split = { request: [], response: [] };
    for (const pair of context.diff.schemaPairs) if (!sameOwnKeywords(pair)) split[pair.direction].push(pair);
    changedByDirection.set(context.diff, split);
  }
  return split[direction];
}

function sameOwnKeywords(pair: SchemaPair): boolean {
  const a = pair.base;
  const b = pair.revision;
  if (
    a.nullable !== b.nullable ||
    a.readOnly !== b.readOnly ||
    a.writeOnly !== b.writeOnly ||
    a.deprecated !== b.deprecated ||
    a.hasDefault !== b.hasDefault ||
    (a.hasDefault && !sameValue(a.default, b.default))
  ) {
    return false;
  }
  const x = a.core;
  const y = b.core;
  if (isUnion(x) || isUnion(y) || x.allOf || y.allOf) return false;
  return (
    x.isFalse === y.isFalse &&
    sameSet(x.types, y.types) &&
    sameValue(x.enum, y.enum) &&
    sameValue(x.extensibleEnum, y.extensibleEnum) &&
    sameSet(x.required, y.required) &&
    sameKeys(x.properties, y.properties) &&
    sameSchemaOrBoolean(x.additionalProperties, y.additionalProperties) &&
    sameSchemaOrBoolean(x.unevaluatedProperties, y.unevaluatedProperties) &&
    sameSchemaOrBoolean(x.unevaluatedItems, y.unevaluatedItems) &&
    sameSchemaOrBoolean(x.items, y.items) &&
    sameKeys(x.patternProperties, y.patternProperties) &&
    sameKeys(x.dependentSchemas, y.dependentSchemas) &&
    sameValue(x.dependentRequired && [...x.dependentRequired], y.dependentRequired && [...y.dependentRequired]) &&
    (x.propertyNames === undefined) === (y.propertyNames === undefined) &&
    (x.contains === undefined) === (y.contains === undefined) &&
    (x.prefixItems?.length ?? -1) === (y.prefixItems?.length ?? -1) &&
    x.minProperties === y.minProperties &&
    x.maxProperties === y.maxProperties &&
    x.minContains === y.minContains &&
    x.maxContains === y.maxContains &&
    x.minItems === y.minItems &&
    x.maxItems === y.maxItems &&
    x.uniqueItems === y.uniqueItems &&
    x.minimum === y.minimum &&
    x.exclusiveMinimum === y.exclusiveMinimum &&
    x.maximum === y.maximum &&
    x.exclusiveMaximum === y.exclusiveMaximum &&
    x.multipleOf === y.multipleOf &&
    x.minLength === y.minLength &&
    x.maxLength === y.maxLength &&
    x.pattern === y.pattern &&
    x.format === y.format &&
    x.contentMediaType === y.contentMediaType &&
    x.contentEncoding === y.contentEncoding &&
    (x.contentSchema === undefined) === (y.contentSchema === undefined) &&
    sameValue(x.discriminator?.propertyName, y.discriminator?.propertyName) &&
    sameValue(x.discriminator && [...x.discriminator.mapping], y.discriminator && [...y.discriminator.mapping]) &&
    sameValue(x.ifSchema?.raw, y.ifSchema?.raw) &&
    (x.thenSchema === undefined) === (y.thenSchema === undefined) &&
    (x.elseSchema === undefined) === (y.elseSchema === undefined) &&
    sameValue(x.not?.raw, y.not?.raw)
  );
}

function sameSet<T>(a: Set<T> | undefined, b: Set<T> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

function sameKeys(a: Map<string, unknown> | undefined, b: Map<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}

function sameSchemaOrBoolean(a: Schema | boolean | undefined, b: Schema | boolean | undefined): boolean {
  if (typeof a === 'object' && typeof b === 'object') return true;
  return a === b;
}

/**
 * Whether `allowing` admits null only because it admits anything (no type, no explicit nullable)
 * while `other` has types: the type rules already say "any -> string", which includes null, so
 * the nullable rules stay silent rather than report the same change twice.
 */
export function nullOnlyFromAnyType(allowing: SchemaView, other: SchemaView): boolean {
  if (allowing.nullable || isUnion(allowing.core) || isUnion(other.core)) return false;
  return typesOf(allowing.core) === undefined && typesOf(other.core) !== undefined;
}

/**
 * How the types of a pair relate, for the four type rules: `fits` when the side that must be
 * included is (request: old in new; response: new in old), `back` when the reverse also holds.
 * Undefined for unions, which the variant rules judge.
 */
export function typeComparison(
  pair: SchemaPair,
  context?: RuleContext,
): { from: string; to: string; fits: boolean; back: boolean } | undefined {
  if (isUnion(pair.base.core) || isUnion(pair.revision.core)) return undefined;
  const { narrower, wider } = sides(pair);
  const text = context !== undefined && textParameterPairs(context).has(pair);
  const typesOfSide = (core: Schema) => (text ? textTypesOf(core) : valueTypesOf(core));
  const from = formatTypes(typesOf(pair.base.core));
  const to = formatTypes(typesOf(pair.revision.core));
  // The declared types are the same: what changed is an enum, a pattern or a format, which their
  // own rules name ("type widened from string to string" would name nothing).
  if (from === to) return undefined;
  return {
    from,
    to,
    fits: typesIncluded(typesOfSide(narrower.core), typesOfSide(wider.core)),
    back: typesIncluded(typesOfSide(wider.core), typesOfSide(narrower.core)),
  };
}

const textPairsByDiff = new WeakMap<ContractDiff, Set<SchemaPair>>();

/**
 * Pairs only ever used as the value of a parameter (or the items of an array parameter): sent as
 * text in a path, query, header or cookie, where the integer 5 and the string "5" are the same
 * characters. Pairs also used in a body are not (JSON tells 5 from "5").
 */
function textParameterPairs(context: RuleContext): Set<SchemaPair> {
  let pairs = textPairsByDiff.get(context.diff);
  if (pairs) return pairs;
  const parameterRoots = new Set<SchemaPair>();
  const otherRoots = new Set<SchemaPair>();
  for (const operation of context.diff.operations) {
    const ofParameters = new Set(operation.parameterRoots);
    for (const root of operation.roots) (ofParameters.has(root) ? parameterRoots : otherRoots).add(root);
  }
  pairs = new Set();
  for (const pair of parameterRoots) {
    if (otherRoots.has(pair) || pair.parents.length > 0) continue;
    pairs.add(pair);
    if (pair.items && pair.items.parents.length === 1) pairs.add(pair.items);
  }
  textPairsByDiff.set(context.diff, pairs);
  return pairs;
}

/**
 * The types whose text a parameter schema accepts: an unconstrained string also takes what a
 * number or a boolean is written as.
 */
function textTypesOf(core: Schema): Set<SchemaTypeName> | undefined {
  const types = valueTypesOf(core);
  if (!types?.has('string') || core.enum || core.pattern || core.format || core.maxLength !== undefined) return types;
  return new Set([...types, 'integer', 'number', 'boolean']);
}

/**
 * Both sides list enum values and none is on both (a `const` changed, say): the old and new values
 * for the message, else undefined.
 */
export function enumValuesReplaced(pair: SchemaPair): { from: string; to: string } | undefined {
  const from = pair.base.core.enum;
  const to = pair.revision.core.enum;
  if (!from || !to || from.length === 0 || to.length === 0) return undefined;
  if (to.some((value) => from.some((old) => sameValue(old, value)))) return undefined;
  const list = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');
  return { from: list(from), to: list(to) };
}

/** Enum values of `values` that `others` lacks, with the display text rules put in messages. */
export function enumValuesMissing(
  values: unknown[],
  others: unknown[],
): { values: unknown[]; value: string } | undefined {
  const missing = values.filter((value) => !others.some((other) => sameValue(value, other)));
  if (missing.length === 0) return undefined;
  return { values: missing, value: missing.map((value) => JSON.stringify(value)).join(', ') };
}

/**
 * The properties a pair is: each parent pair that lists it as a common property, with the name
 * and whether the revision requires it. Empty when the pair is not a property (a body, an item).
 */
export function propertyUses(pair: SchemaPair): { parent: SchemaPair; name: string; required: boolean }[] {
  const uses: { parent: SchemaPair; name: string; required: boolean }[] = [];
  for (const parent of pair.parents) {
    for (const property of parent.commonProperties) {
      if (property.pair === pair)
        uses.push({ parent, name: property.name, required: parent.revision.core.required.has(property.name) });
    }
  }
  return uses;
}

/**
 * A property that every parent left optional in the base: clients built against it already cope
 * with it missing. (Pydantic 2 marks a defaulted field required in responses, where Pydantic 1 left
 * it optional: that upgrade must not turn an optional field into a required one for this test.)
 */
export function onlyOptionalProperty(pair: SchemaPair): string | undefined {
  const uses = propertyUses(pair);
  if (uses.length === 0 || uses.some((use) => use.parent.base.core.required.has(use.name))) return undefined;
  return uses[0].name;
}

/**
 * A matched variant of a union: whether the value may be null is judged once, on the union. A
 * value still nullable through another branch has not lost null (`anyOf: [{type: integer,
 * nullable: true}, string]` -> `anyOf: [integer, string, {type: null}]` changes nothing).
 */
export function nullJudgedByUnion(pair: SchemaPair): boolean {
  return pair.parents.length > 0 && pair.parents.every((parent) => parent.isUnion);
}
