/**
 * A schema as a validator reads it: the raw OpenAPI schema a normalized node was built from,
 * rewritten as JSON Schema 2020-12 for a validator (validator.ts; the tests use Ajv). Each `$ref` target becomes
 * one entry of `$defs` (so shared nodes are written once and `$ref` cycles stay cycles), and the
 * OpenAPI-only spellings are translated to what they mean (DESIGN.md §3):
 *
 * - `nullable: true` / `x-nullable: true` (3.0, Swagger 2.0), and `null` in an `enum`: the value
 *   may also be null (as the normalizer reads them: also beside a `$ref` or an `allOf` wrapper);
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) become the 2020-12 numeric bounds;
 * - Swagger's `type: file` is a string; draft-4 tuple `items: [...]` is `prefixItems`;
 * - `readOnly` properties are not sent (request) and `writeOnly` properties are not received
 *   (response): the property is `false` there and not required (OpenAPI 3.1 §4.8.24).
 *
 * Only keywords a validator checks are kept, each only when its value is well-formed (an invalid
 * `pattern` is dropped), so odd documents never make the validator throw; annotations,
 * `discriminator`, `xml`, `example` and `x-*` are left out. Written independently of the
 * normalizer on purpose: it is the oracle the comparer's verdicts are checked against.
 */
import { parsePointer, walkValue } from '../load/pointer.js';
import type { ParsedDocument } from '../load/types.js';
import type { Contract, Schema } from '../normalize/model.js';

export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Whose values: `request` drops `readOnly` properties, `response` drops `writeOnly` ones. */
export type Direction = 'request' | 'response';

type Resolver = Contract['references'];
type Raw = Record<string, unknown>;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const NUMBER_KEYWORDS = [
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
] as const;
const SCHEMA_KEYWORDS = ['not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
const SCHEMA_OR_BOOLEAN_KEYWORDS = ['additionalProperties', 'unevaluatedProperties', 'unevaluatedItems'] as const;
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const MAP_KEYWORDS = ['patternProperties', 'dependentSchemas'] as const;
const ONLY_ANNOTATIONS = new Set(['description', 'title', 'example', 'examples']);

/** The raw schema a normalized node stands for, with the document its `$ref`s resolve against. */
export function rawOf(node: Schema): { raw: unknown; doc: ParsedDocument; pointer: string } {
  // A branch of a union with the keywords beside the union applied to it (normalize/schema.ts
  // derive): it means the branch as written AND those keywords, as a validator reads the union.
  if (node.derivedFrom !== undefined) {
    const segments = parsePointer(node.pointer) ?? [];
    const union = walkValue(node.doc.root, segments.slice(0, -2)).value;
    const branch = rawOf(node.derivedFrom);
    if (isRecord(union) && branch.doc === node.doc) {
      const { oneOf: _oneOf, anyOf: _anyOf, ...beside } = union;
      return { raw: { allOf: [beside, branch.raw] }, doc: node.doc, pointer: node.pointer };
    }
  }
  const written = walkValue(node.doc.root, parsePointer(node.pointer) ?? []).value;
  // A `$ref` with siblings is built as a node holding only the siblings: read it as written.
  if (isRecord(written) && typeof written.$ref === 'string' && isRecord(node.raw) && node.raw.$ref === undefined) {
    return { raw: written, doc: node.doc, pointer: node.pointer };
  }
  if (node.raw !== undefined) return { raw: node.raw, doc: node.doc, pointer: node.pointer };
  return { raw: !node.isFalse, doc: node.doc, pointer: node.pointer };
}

/**
 * The JSON Schema 2020-12 document for a normalized node, as `direction` reads it, self-contained
 * (referenced schemas in its `$defs`).
 *
 * @example
 * const schema = toJsonSchema(pair.base.outer, baseContract.references, 'request');
 * new Ajv2020({ strict: false }).compile(schema)({ name: 'a' });
 */
export function toJsonSchema(node: Schema, references: Resolver, direction: Direction): JsonSchema {
  const translator = new Translator(references, direction, '#/$defs/');
  const root = translator.translate(node);
  const $defs: Record<string, JsonSchema> = {};
  for (let name = translator.untranslated(); name !== undefined; name = translator.untranslated()) {
    $defs[name] = translator.resolve(`#/$defs/${name}`);
  }
  if (Object.keys($defs).length === 0) return root;
  if (typeof root === 'boolean') return root ? { $defs } : { not: {}, $defs };
  return { ...root, $defs };
}

/**
 * Translates many nodes of one document for one direction, each referenced schema once and only
 * when first read: its `$ref`s read `<prefix><name>`, and `resolve` translates the target on
 * demand, so checking a small value reads only the few schemas that value reaches.
 */
export class Translator {
  private readonly defs = new Map<string, JsonSchema>();
  private readonly pending = new Map<string, { doc: ParsedDocument; pointer: string; value: unknown }>();
  private readonly names = new Map<ParsedDocument, Map<string, string>>();

  constructor(
    private readonly references: Resolver,
    private readonly direction: Direction,
    readonly prefix: string,
  ) {}

  translate(node: Schema): JsonSchema {
    const { raw, doc, pointer } = rawOf(node);
    return this.schema(raw, doc, pointer);
  }

  /** The schema a `$ref` written by this translator points at (translated now if it was not yet). */
  resolve(ref: string): JsonSchema {
    if (!ref.startsWith(this.prefix)) return true;
    const name = ref.slice(this.prefix.length);
    let schema = this.defs.get(name);
    if (schema === undefined) {
      const target = this.pending.get(name);
      if (!target) return true;
      this.pending.delete(name);
      schema = this.schema(target.value, target.doc, target.pointer);
      this.defs.set(name, schema);
    }
    return schema;
  }

  /** A referenced schema not translated yet, if any. */
  untranslated(): string | undefined {
    for (const name of this.pending.keys()) return name;
    return undefined;
  }

  schema(raw: unknown, doc: ParsedDocument, pointer: string): JsonSchema {
    if (typeof raw === 'boolean') return raw;
    if (!isRecord(raw)) return true;
    if (typeof raw.$ref === 'string') return this.reference(raw, doc, pointer);
    const nullable = raw.nullable === true || raw['x-nullable'] === true || hasNull(raw.enum) || raw.const === null;
    const out = this.keywords(raw, doc, pointer);
    return nullable ? orNull(out) : out;
  }

  private reference(raw: Raw, doc: ParsedDocument, pointer: string): JsonSchema {
    const target = this.target(raw.$ref as string, doc, pointer);
    const siblings = Object.keys(raw).filter(
      (key) => key !== '$ref' && !key.startsWith('x-') && !ONLY_ANNOTATIONS.has(key),
    );
    if (siblings.length === 0) return target;
    // Keywords beside a `$ref` apply together with its target (3.1; the normalizer reads 3.0 alike).
    const rest: Raw = {};
    for (const key of siblings) rest[key] = raw[key];
    const nullable = rest.nullable === true || rest['x-nullable'] === true;
    const own = this.keywords(rest, doc, pointer);
    const both: JsonSchema =
      isRecord(own) && Object.keys(own).length === 0 ? target : { ...asObject(own), allOf: [target] };
    return nullable ? orNull(both) : both;
  }

  /** `{$ref: '#/$defs/dN'}` for a referenced schema, translating it once. */
  private target(ref: string, doc: ParsedDocument, pointer: string): JsonSchema {
    let resolved: { doc: ParsedDocument; pointer: string; value: unknown };
    try {
      resolved = this.references.resolve(ref, { doc, pointer });
    } catch {
      return true; // The diff reports unresolvable references; here it constrains nothing.
    }
    let byPointer = this.names.get(resolved.doc);
    if (!byPointer) {
      byPointer = new Map();
      this.names.set(resolved.doc, byPointer);
    }
    let name = byPointer.get(resolved.pointer);
    if (name === undefined) {
      name = `d${this.names.size}_${byPointer.size}`;
      byPointer.set(resolved.pointer, name);
      this.pending.set(name, resolved);
    }
    return { $ref: `${this.prefix}${name}` };
  }

  private keywords(raw: Raw, doc: ParsedDocument, pointer: string): JsonSchema {
    const out: Raw = {};
    const child = (value: unknown, ...segments: (string | number)[]) =>
      this.schema(
        value,
        doc,
        `${pointer}/${segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
      );

    const type = typeOf(raw.type);
    if (type !== undefined) out.type = type;
    if (Array.isArray(raw.enum)) out.enum = raw.enum.filter((value) => value !== null);
    if ('const' in raw && raw.const !== null) out.const = raw.const;
    for (const keyword of NUMBER_KEYWORDS) if (isNumber(raw[keyword])) out[keyword] = raw[keyword];
    if (isNumber(raw.multipleOf) && raw.multipleOf > 0) out.multipleOf = raw.multipleOf;
    bound(raw, out, 'exclusiveMinimum', 'minimum');
    bound(raw, out, 'exclusiveMaximum', 'maximum');
    if (raw.uniqueItems === true) out.uniqueItems = true;
    if (typeof raw.pattern === 'string' && isRegExp(raw.pattern)) out.pattern = raw.pattern;
    if (typeof raw.format === 'string') out.format = raw.format;
    integerFormat(raw, out);
    if (Array.isArray(raw.required)) out.required = raw.required.filter((name) => typeof name === 'string');

    if (isRecord(raw.properties)) {
      const properties: Raw = {};
      const hidden = this.direction === 'request' ? 'readOnly' : 'writeOnly';
      for (const [name, value] of Object.entries(raw.properties)) {
        if (this.flagged(value, hidden, doc, `${pointer}/properties/${name}`, 0)) {
          properties[name] = false;
          if (Array.isArray(out.required)) out.required = out.required.filter((each) => each !== name);
        } else properties[name] = child(value, 'properties', name);
      }
      out.properties = properties;
    }
    for (const keyword of SCHEMA_KEYWORDS) if (raw[keyword] !== undefined) out[keyword] = child(raw[keyword], keyword);
    for (const keyword of SCHEMA_OR_BOOLEAN_KEYWORDS) {
      if (raw[keyword] !== undefined) out[keyword] = child(raw[keyword], keyword);
    }
    for (const keyword of LIST_KEYWORDS) {
      const list = raw[keyword];
      if (Array.isArray(list) && list.length > 0) out[keyword] = list.map((item, index) => child(item, keyword, index));
    }
    for (const keyword of MAP_KEYWORDS) {
      const map = raw[keyword];
      if (!isRecord(map)) continue;
      const translated: Raw = {};
      for (const [key, value] of Object.entries(map)) {
        if (keyword === 'patternProperties' && !isRegExp(key)) continue;
        translated[key] = child(value, keyword, key);
      }
      out[keyword] = translated;
    }
    if (isRecord(raw.dependentRequired)) {
      const dependent: Record<string, string[]> = {};
      for (const [key, list] of Object.entries(raw.dependentRequired)) {
        if (Array.isArray(list)) dependent[key] = list.filter((name): name is string => typeof name === 'string');
      }
      out.dependentRequired = dependent;
    }
    if (Array.isArray(raw.items)) {
      // Draft 4-2019 tuples.
      out.prefixItems = raw.items.map((item, index) => child(item, 'items', index));
      if (raw.additionalItems !== undefined) out.items = child(raw.additionalItems, 'additionalItems');
    } else if (raw.items !== undefined) out.items = child(raw.items, 'items');
    return out;
  }

  /** Whether a property schema carries `readOnly`/`writeOnly`, directly or through a `$ref`/single `allOf`. */
  private flagged(raw: unknown, flag: string, doc: ParsedDocument, pointer: string, depth: number): boolean {
    if (!isRecord(raw) || depth > 8) return false;
    if (raw[flag] === true) return true;
    if (typeof raw.$ref === 'string') {
      try {
        const target = this.references.resolve(raw.$ref, { doc, pointer });
        return this.flagged(target.value, flag, target.doc, target.pointer, depth + 1);
      } catch {
        return false;
      }
    }
    if (Array.isArray(raw.allOf) && raw.allOf.length === 1) {
      return this.flagged(raw.allOf[0], flag, doc, `${pointer}/allOf/0`, depth + 1);
    }
    return false;
  }
}

/** 3.0's boolean `exclusiveMinimum: true` beside `minimum` is 2020-12's numeric `exclusiveMinimum`. */
function bound(raw: Raw, out: Raw, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', inclusive: string): void {
  const value = raw[exclusive];
  if (isNumber(value)) out[exclusive] = value;
  else if (value === true && isNumber(raw[inclusive])) {
    out[exclusive] = raw[inclusive];
    delete out[inclusive];
  }
}

/**
 * OpenAPI's integer formats are ranges (OpenAPI 3.1 §4.4 Data Types: signed 32 and 64 bits):
 * written as the bounds they mean, so any 2020-12 validator checks them.
 */
function integerFormat(raw: Raw, out: Raw): void {
  const limit = raw.format === 'int32' ? 2 ** 31 : raw.format === 'int64' ? 2 ** 63 : undefined;
  if (limit === undefined) return;
  const integerOnly = raw.type === 'integer' || (Array.isArray(raw.type) && !raw.type.includes('string'));
  if (!integerOnly) return;
  out.minimum = Math.max(-limit, typeof out.minimum === 'number' ? out.minimum : -limit);
  out.maximum = Math.min(limit - 1, typeof out.maximum === 'number' ? out.maximum : limit - 1);
}

function typeOf(type: unknown): string | string[] | undefined {
  const map = (name: unknown) => (name === 'file' ? 'string' : name);
  if (typeof type === 'string') return TYPES.has(map(type) as string) ? (map(type) as string) : undefined;
  if (!Array.isArray(type)) return undefined;
  const names = [
    ...new Set(type.map(map).filter((name): name is string => typeof name === 'string' && TYPES.has(name))),
  ];
  return names.length > 0 ? names : undefined;
}

function orNull(schema: JsonSchema): JsonSchema {
  if (schema === true) return true;
  return { anyOf: [schema, { type: 'null' }] };
}

function asObject(schema: JsonSchema): Raw {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema;
}

function hasNull(list: unknown): boolean {
  return Array.isArray(list) && list.includes(null);
}

const regExps = new Map<string, boolean>();

/** Validators compile `pattern` with the `u` flag; a pattern JavaScript cannot read is left out. */
function isRegExp(pattern: string): boolean {
  let valid = regExps.get(pattern);
  if (valid === undefined) {
    try {
      new RegExp(pattern, 'u');
      valid = true;
    } catch {
      valid = false;
    }
    regExps.set(pattern, valid);
  }
  return valid;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
