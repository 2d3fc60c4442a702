/**
 * Candidate values for a witness, generated from two JSON Schema 2020-12 documents (see
 * json-schema.ts): `accepting` (the side that must accept the value) and `rejecting`. Nothing here
 * decides: every candidate is checked by the validator. The order matters only for speed and for
 * showing the change the rule names: first what the rule id points at (a missing property for
 * `...-required-...`, a longer string for `...-max-length-decreased`), then values at every edge
 * where the two schemas differ (types, null, enum values, bounds, lengths, properties, variants),
 * then the same one level down (each property and item). Bounded: a generator, stopped by the caller.
 */
import randexp from 'randexp';
import type { JsonSchema } from './json-schema.js';

type Raw = Record<string, unknown>;

/** Reads translated schemas of one side, following their `$ref`s. */
export class SchemaReader {
  constructor(private readonly resolve: (ref: string) => JsonSchema) {}

  /** The schema with `$ref` followed and `allOf` merged in (a flat view for sampling). */
  flat(schema: JsonSchema | undefined, depth = 0): Raw | false {
    if (schema === undefined || schema === true) return {};
    if (schema === false) return false;
    let current: Raw = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
      const target = this.resolve(current.$ref as string);
      const { $ref: _ref, ...rest } = current;
      if (target === false) return false;
      current = { ...(target === true ? {} : target), ...rest };
    }
    if (Array.isArray(current.allOf) && depth < 8) {
      let merged: Raw = { ...current, allOf: undefined };
      for (const branch of current.allOf as JsonSchema[]) {
        const flat = this.flat(branch, depth + 1);
        if (flat === false) return false;
        merged = merge(merged, flat);
      }
      current = merged;
    }
    return current;
  }
}

function merge(a: Raw, b: Raw): Raw {
  const out: Raw = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (key === 'properties' && typeof out.properties === 'object') {
      // A property both declare must match both (allOf), not only the later one.
      const merged: Raw = { ...(out.properties as Raw) };
      for (const [name, schema] of Object.entries(value as Raw)) {
        merged[name] = name in merged ? { allOf: [merged[name], schema] } : schema;
      }
      out.properties = merged;
    } else if (key === 'required' && Array.isArray(out.required)) {
      out.required = [...new Set([...(out.required as string[]), ...(value as string[])])];
    } else if (out[key] === undefined) out[key] = value;
  }
  return out;
}

// 'a\nb': `.` does not match a line break, so `^.*$` rejects it.
const STRINGS = [
  'a',
  '',
  'abc',
  'A',
  '0',
  '1',
  'a-b',
  'a_b',
  'a b',
  'aaaaaaaaaa',
  'x@example.com',
  '2024-01-01',
  'a\nb',
];
const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'a@example.com',
  'idn-email': 'a@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  'iri-reference': 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  duration: 'P1D',
  byte: 'YQ==',
  regex: 'a',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  'uri-template': 'https://example.com/{a}',
};

/** Minimal instances: one valid value per schema when it is easy to find, else a best effort. */
export class Sampler {
  constructor(private readonly reader: SchemaReader) {}

  /** A small value the schema allows (best effort); `full` adds every declared property. */
  sample(
    schema: JsonSchema | undefined,
    options: { full?: boolean; type?: string; seed?: number } = {},
    depth = 0,
  ): unknown {
    const flat = this.reader.flat(schema);
    if (flat === false) return undefined;
    if (depth > 12) return null;
    if ('const' in flat) return flat.const;
    if (Array.isArray(flat.enum)) return flat.enum[(options.seed ?? 0) % Math.max(flat.enum.length, 1)];
    const variants = (flat.oneOf ?? flat.anyOf) as JsonSchema[] | undefined;
    if (variants && variants.length > 0 && !options.type) {
      const { oneOf: _one, anyOf: _any, ...own } = flat;
      const branch = this.reader.flat(variants[0]);
      if (branch === false) return undefined;
      return this.sample(merge(own, branch), options, depth + 1);
    }
    const type = options.type ?? typesOf(flat)[0];
    const seed = options.seed ?? 0;
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return seed % 2 === 0;
      case 'integer':
      case 'number':
        return this.number(flat, type, seed);
      case 'string':
        return this.string(flat, seed);
      case 'array':
        return this.array(flat, options, depth);
      case 'object':
        return this.object(flat, options, depth);
      default:
        return 'a';
    }
  }

  number(flat: Raw, type: string, seed = 0): number {
    const step = typeof flat.multipleOf === 'number' ? flat.multipleOf : type === 'integer' ? 1 : 1;
    let low = -Infinity;
    if (typeof flat.minimum === 'number') low = flat.minimum;
    if (typeof flat.exclusiveMinimum === 'number')
      low = Math.max(low, flat.exclusiveMinimum + (type === 'integer' ? 1 : step / 2));
    let value = Number.isFinite(low) ? low : 0;
    value += seed;
    if (typeof flat.multipleOf === 'number') value = Math.ceil(value / step) * step;
    if (type === 'integer') value = Math.ceil(value);
    const high = typeof flat.maximum === 'number' ? flat.maximum : undefined;
    if (high !== undefined && value > high) value = high;
    return value;
  }

  string(flat: Raw, seed = 0): string {
    const min = typeof flat.minLength === 'number' ? flat.minLength : 0;
    const max = typeof flat.maxLength === 'number' ? flat.maxLength : Infinity;
    const fits = (text: string) => text.length >= min && text.length <= max && matches(flat.pattern, text);
    const format = typeof flat.format === 'string' ? FORMAT_SAMPLES[flat.format] : undefined;
    if (format !== undefined && fits(format)) return format;
    const found = [...STRINGS.slice(seed), ...STRINGS.slice(0, seed)].find(fits);
    if (found !== undefined) return found;
    if (typeof flat.pattern === 'string') {
      for (let attempt = 0; attempt < 3; attempt++) {
        const text = fromPattern(flat.pattern, seed + attempt, min);
        if (text !== undefined && fits(text)) return text;
      }
    }
    return 'a'.repeat(Math.min(Math.max(min, 1), 10_000));
  }

  private array(flat: Raw, options: { full?: boolean }, depth: number): unknown[] {
    const out: unknown[] = [];
    const prefix = (flat.prefixItems as JsonSchema[] | undefined) ?? [];
    for (const item of prefix) out.push(this.sample(item, {}, depth + 1));
    const min = typeof flat.minItems === 'number' ? flat.minItems : 0;
    if (flat.contains !== undefined && out.length === 0)
      out.push(this.sample(flat.contains as JsonSchema, {}, depth + 1));
    const want = Math.min(Math.max(min, options.full ? 1 : 0), 1000);
    for (let index = out.length; index < want; index++) {
      out.push(this.sample(flat.items as JsonSchema | undefined, { seed: flat.uniqueItems ? index : 0 }, depth + 1));
    }
    return out;
  }

  private object(flat: Raw, options: { full?: boolean }, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const properties = (flat.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set(Array.isArray(flat.required) ? (flat.required as string[]) : []);
    for (const name of required) {
      const value = this.sample(properties[name] ?? additionalOf(flat), {}, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    if (options.full && depth < 4) {
      for (const [name, schema] of Object.entries(properties)) {
        if (name in out) continue;
        const value = this.sample(schema, { full: true }, depth + 1);
        if (value !== undefined) out[name] = value;
      }
    }
    const min = typeof flat.minProperties === 'number' ? Math.min(flat.minProperties, 100) : 0;
    for (let index = 0; Object.keys(out).length < min; index++) {
      const declared = Object.keys(properties).find((name) => !(name in out));
      if (declared !== undefined) out[declared] = this.sample(properties[declared], {}, depth + 1);
      else out[`property${index}`] = this.sample(additionalOf(flat), {}, depth + 1);
    }
    return out;
  }
}

function additionalOf(flat: Raw): JsonSchema {
  const additional = flat.additionalProperties;
  return additional === undefined ? true : (additional as JsonSchema);
}

/** The JSON types a flat schema allows, most likely first (inferred from keywords when `type` is absent). */
export function typesOf(flat: Raw): string[] {
  if (typeof flat.type === 'string') return [flat.type];
  if (Array.isArray(flat.type)) return flat.type as string[];
  if (flat.properties || flat.required || flat.additionalProperties !== undefined) return ['object'];
  if (flat.items !== undefined || flat.prefixItems) return ['array'];
  if (flat.minLength !== undefined || flat.maxLength !== undefined || flat.pattern || flat.format) return ['string'];
  if (flat.minimum !== undefined || flat.maximum !== undefined || flat.multipleOf !== undefined) return ['number'];
  return ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
}

/**
 * A string a pattern matches (randexp), deterministic: `seed` picks among the choices, repetitions
 * start at their minimum (and at least `min` where the pattern repeats freely).
 */
function fromPattern(pattern: string, seed: number, min: number): string | undefined {
  try {
    const generator = new RandExp(pattern);
    generator.max = Math.max(min, 3);
    let turn = seed;
    // Seed 0: every choice and repetition at its minimum; others: a fixed walk through the choices.
    (generator as unknown as { randInt: (low: number, high: number) => number }).randInt = (low, high) =>
      seed === 0 ? low : low + (turn++ % (high - low + 1));
    return generator.gen();
  } catch {
    return undefined;
  }
}

// randexp is CommonJS whose `module.exports` is the class (its typings describe an ES default export).
const RandExp = randexp as unknown as typeof randexp.default;

const regExps = new Map<string, RegExp | null>();

function matches(pattern: unknown, text: string): boolean {
  if (typeof pattern !== 'string') return true;
  let regExp = regExps.get(pattern);
  if (regExp === undefined) {
    try {
      regExp = new RegExp(pattern, 'u');
    } catch {
      regExp = null;
    }
    regExps.set(pattern, regExp);
  }
  return regExp === null || regExp.test(text);
}

/** What a finding says changed, for ordering candidates: its rule id and arguments. */
export interface Hint {
  rule: string;
  args: Record<string, unknown>;
}

/**
 * Candidate values the `accepting` schema may allow and `rejecting` may not: targeted ones first
 * (by the rule id), then generic mutations, then one level down. The caller stops when one is
 * confirmed or its budget is spent.
 */
export function* candidates(
  accepting: JsonSchema,
  rejecting: JsonSchema,
  hint: Hint,
  readers: { accepting: SchemaReader; rejecting: SchemaReader },
  depth = 0,
): Generator<unknown> {
  const acceptReader = readers.accepting;
  const rejectReader = readers.rejecting;
  const a = acceptReader.flat(accepting);
  const x = rejectReader.flat(rejecting);
  if (a === false) return;
  const sampler = new Sampler(acceptReader);
  const base = sampler.sample(accepting);
  const families = mutations(a, x === false ? {} : x, sampler, readers, base, depth, hint);
  const order = Object.keys(families).sort((p, q) => score(q, hint.rule) - score(p, hint.rule));
  if (depth === 0) yield base;
  for (const family of order) yield* families[family]();
}

/** Families whose tag appears in the rule id come first. */
function score(family: string, rule: string): number {
  return family.split('|').some((tag) => rule.includes(tag)) ? 1 : 0;
}

type Family = () => Generator<unknown>;

function mutations(
  a: Raw,
  x: Raw,
  sampler: Sampler,
  readers: { accepting: SchemaReader; rejecting: SchemaReader },
  base: unknown,
  depth: number,
  hint: Hint,
): Record<string, Family> {
  const types = typesOf(a);
  const nullable = types.includes('null') || hasNullVariant(a);
  return {
    'nullable|null': function* () {
      if (nullable) yield null;
    },
    'type|format': function* () {
      for (const type of types) yield sampler.sample(a, { type });
      if (types.includes('number')) yield* [0.5, 0.1, 0.25, 1 / 3];
      if (types.includes('number') || types.includes('integer')) {
        yield 1.5;
        // Integer formats differ by range (int32 vs int64), float formats by precision.
        if (typeof x.format === 'string' || typeof a.format === 'string')
          yield* [2_147_483_648, -2_147_483_649, 2 ** 53 + 2, 1e300];
      }
      if (typeof x.format === 'string' && types.includes('string'))
        yield* ['a', 'not-a-value', '2024-01-01', '2024-01-01T00:00:00Z'];
    },
    enum: function* () {
      if (Array.isArray(a.enum)) yield* a.enum;
      for (const key of ['value', 'values', 'removed', 'from']) {
        const value = hint.args[key];
        if (Array.isArray(value)) yield* value;
        else if (value !== undefined && typeof value !== 'object') yield value;
      }
      if (Array.isArray(x.enum) && types.includes('string')) yield* ['zz-not-listed', ''];
      if (Array.isArray(x.enum) && (types.includes('integer') || types.includes('number'))) yield* [-1, 999_999];
    },
    'length|pattern': function* () {
      if (!types.includes('string')) return;
      for (const length of lengths(a, x, 'minLength', 'maxLength')) {
        yield sampler.string({ ...a, minLength: length, maxLength: length });
        yield 'a'.repeat(length);
      }
      for (let seed = 0; seed < STRINGS.length; seed++) yield sampler.string(a, seed);
      yield* STRINGS;
    },
    'minimum|maximum|multiple': function* () {
      if (!types.includes('number') && !types.includes('integer')) return;
      for (const key of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const) {
        for (const schema of [x, a]) {
          const bound = schema[key];
          if (typeof bound !== 'number') continue;
          yield* [bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5];
        }
      }
      for (let seed = 1; seed < 12; seed++)
        yield sampler.number(a, types.includes('integer') ? 'integer' : 'number', seed);
    },
    'items|unique|contains': function* () {
      if (!types.includes('array')) return;
      const one = sampler.sample(a.items as JsonSchema | undefined);
      for (const length of lengths(a, x, 'minItems', 'maxItems')) yield Array.from({ length }, () => one);
      yield [one, one];
      if (x.contains !== undefined) yield [];
      const contains = a.contains ?? x.contains;
      if (contains !== undefined) {
        const match = sampler.sample(contains as JsonSchema);
        for (const length of lengths(a, x, 'minContains', 'maxContains')) yield Array.from({ length }, () => match);
        yield [match];
      }
    },
    'propert|required|additional|discriminator': function* () {
      if (!types.includes('object')) return;
      const object = isObject(base) ? base : {};
      const full = sampler.sample(a, { full: true });
      if (isObject(full)) yield full;
      const properties = (a.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
      for (const name of hintNames(hint)) {
        if (name in object && !required.has(name)) {
          const { [name]: _drop, ...rest } = object;
          yield rest;
        }
        if (!(name in object)) yield { ...object, [name]: sampler.sample(properties[name] ?? additionalOf(a)) };
      }
      for (const name of Object.keys(properties)) {
        if (!(name in object)) yield { ...object, [name]: sampler.sample(properties[name]) };
      }
      if (a.additionalProperties !== false) {
        const extra = sampler.sample(additionalOf(a));
        yield { ...object, additionalProperty: extra === undefined ? 'a' : extra };
        for (const other of OTHER_TYPES) yield { ...object, additionalProperty: other };
        for (const pattern of Object.keys((x.patternProperties ?? {}) as Raw)) {
          const key = STRINGS.find((text) => text !== '' && matches(pattern, text)) ?? literalOf(pattern);
          if (key === undefined) continue;
          for (const other of OTHER_TYPES) yield { ...object, [key]: other };
        }
        for (const name of Object.keys((x.properties ?? {}) as Raw))
          if (!(name in properties)) yield { ...object, [name]: 1 };
      }
      const max = typeof x.maxProperties === 'number' ? x.maxProperties : undefined;
      if (max !== undefined && a.additionalProperties !== false) {
        const many: Record<string, unknown> = { ...object };
        for (let index = 0; Object.keys(many).length <= max && index < 1000; index++) many[`property${index}`] = 'a';
        yield many;
      }
      if (Object.keys(object).length > 0) yield {};
    },
    'variant|one-of|any-of': function* () {
      for (const variants of [a.oneOf, a.anyOf]) {
        if (!Array.isArray(variants)) continue;
        const { oneOf: _one, anyOf: _any, ...own } = a;
        for (const variant of variants as JsonSchema[]) {
          const flat = readers.accepting.flat(variant);
          if (flat === false) continue;
          const merged = { ...own, ...flat };
          yield sampler.sample(merged);
          yield sampler.sample(merged, { full: true });
        }
      }
    },
    'conditional|not': function* () {
      if (depth >= 2) return;
      // `not` on the rejecting side: a value its subschema (and so not the rejecting side) allows.
      const negated = x.not === undefined ? false : readers.rejecting.flat(x.not as JsonSchema);
      if (negated !== false) {
        const merged = merge(a, negated);
        yield sampler.sample(merged);
        yield sampler.sample(merged, { full: true });
        yield* limited(candidates(merged, { not: negated }, hint, readers, depth + 1), 40);
      }
      // if/then/else on the rejecting side: a value inside `if` that `then` rejects, or one
      // outside `if` that `else` rejects, each one the accepting side allows.
      const condition = x.if === undefined ? false : readers.rejecting.flat(x.if as JsonSchema);
      if (condition === false) return;
      if (x.then !== undefined) {
        const inside = merge(a, condition);
        yield* limited(candidates(inside, x.then as JsonSchema, hint, readers, depth + 1), 60);
      }
      if (x.else !== undefined) {
        for (const outside of limited(candidates(a, condition, hint, readers, depth + 1), 30)) yield outside;
      }
    },
    'nested|dependent|conditional|not|unevaluated': function* () {
      if (depth >= 2) return;
      // One level down: a property or an item where the two sides differ, placed in a valid value.
      const object = isObject(base) ? base : undefined;
      const aProperties = (a.properties ?? {}) as Record<string, JsonSchema>;
      const xProperties = (x.properties ?? {}) as Record<string, JsonSchema>;
      if (object) {
        for (const [name, schema] of Object.entries(aProperties)) {
          const other = xProperties[name];
          if (other === undefined) continue;
          let count = 0;
          for (const value of candidates(schema, other, hint, readers, depth + 1)) {
            if (value !== undefined) yield { ...object, [name]: value };
            if (++count > 40) break;
          }
        }
      }
      if (Array.isArray(base) && a.items !== undefined && x.items !== undefined) {
        let count = 0;
        for (const value of candidates(a.items as JsonSchema, x.items as JsonSchema, hint, readers, depth + 1)) {
          yield [value];
          if (++count > 40) break;
        }
      }
    },
  };
}

/** At most `count` values of `values`. */
function* limited(values: Generator<unknown>, count: number): Generator<unknown> {
  let taken = 0;
  for (const value of values) {
    yield value;
    if (++taken >= count) return;
  }
}

/** One value of each JSON type, for a position the rejecting side constrains and the accepting side does not. */
const OTHER_TYPES: unknown[] = ['a', 1, 1.5, true, null, {}, []];

/** A key a simple pattern such as `^x-` or `^[a-z]+$` matches: its literal part, checked. */
function literalOf(pattern: string): string | undefined {
  const literal = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/[\\[\](){}.*+?|^$]/g, '');
  for (const text of [literal, `${literal}a`, `${literal}1`]) if (text !== '' && matches(pattern, text)) return text;
  return undefined;
}

function hasNullVariant(a: Raw): boolean {
  const variants = (a.anyOf ?? a.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(variants) && variants.some((variant) => typeof variant === 'object' && variant.type === 'null');
}

/** Lengths at the edges of both sides' bounds: where one side stops allowing values. */
function lengths(a: Raw, x: Raw, minKey: string, maxKey: string): number[] {
  const out = new Set<number>();
  const add = (value: unknown, delta: number) => {
    if (typeof value === 'number' && value + delta >= 0 && value + delta <= 10_000) out.add(value + delta);
  };
  add(x[minKey], -1);
  add(x[maxKey], 1);
  add(a[minKey], 0);
  add(a[maxKey], 0);
  add(0, 0);
  add(0, 2);
  return [...out];
}

/** Property names a finding's arguments mention (`name`, `property`, `properties`, ...). */
function hintNames(hint: Hint): string[] {
  const names: string[] = [];
  for (const key of ['name', 'property', 'properties', 'propertyName', 'names']) {
    const value = hint.args[key];
    if (typeof value === 'string') names.push(value);
    else if (Array.isArray(value)) names.push(...value.filter((each): each is string => typeof each === 'string'));
  }
  return names;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
