/**
 * Builds normalized Schema nodes from raw JSON Schema objects (OpenAPI 3.0, 3.1 and Swagger 2.0
 * schemas), resolving `$ref`s so each definition becomes exactly one node, shared by all its users.
 *
 * Equivalent spellings become one shape here: `nullable: true`, `type: [T, "null"]`, `x-nullable`,
 * and `anyOf`/`oneOf` with a `{type: "null"}` branch all set `nullable`; `const` is a one-value
 * `enum`; 3.0 boolean `exclusiveMinimum` becomes the 3.1 number form; `allOf` branches are merged
 * into one node when that is exact; single-branch wrappers become aliases.
 */

import { AppError, retryAdvice } from '../errors.js';
import { formatCount, MAX_DEPTH } from '../load/limits.js';
import { escapePointerSegment } from '../load/pointer.js';
import type { ParsedDocument } from '../load/types.js';
import type { Schema, SchemaTypeName } from './model.js';

/** What the builder needs to follow a `$ref`; `DocumentSet` from load/ implements it. */
export interface RefResolver {
  resolve(
    ref: string,
    from: { doc: ParsedDocument; pointer: string },
  ): { doc: ParsedDocument; pointer: string; value: unknown };
}

type RawSchema = Record<string, unknown>;

const TYPE_NAMES = new Set<string>(['string', 'number', 'integer', 'boolean', 'object', 'array']);

/** Keywords that only describe; a wrapper holding nothing else is the same set as what it wraps. */
const ANNOTATION_KEYWORDS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'x-nullable',
  '$comment',
  'externalDocs',
  'xml',
  '$schema',
  '$id',
  '$anchor',
  '$defs',
  'definitions',
]);

let nextUid = 1;

const NO_PROPERTIES: Map<string, Schema> = new Map();
const NO_NAMES: Set<string> = new Set();

/**
 * Every field declared up front so all nodes share one object shape (V8 hidden class): a 4 MB
 * document has ~100k nodes, and adding fields one by one made building them 3x slower.
 */
class SchemaNode implements Schema {
  readonly uid = nextUid++;
  alias: Schema | undefined = undefined;
  derivedFrom: Schema | undefined = undefined;
  types: Set<SchemaTypeName> | undefined = undefined;
  nullable = false;
  enum: unknown[] | undefined = undefined;
  extensibleEnum: unknown[] | undefined = undefined;
  properties = NO_PROPERTIES;
  required = NO_NAMES;
  additionalProperties: Schema | boolean | undefined = undefined;
  patternProperties: Map<string, Schema> | undefined = undefined;
  propertyNames: Schema | undefined = undefined;
  dependentRequired: Map<string, string[]> | undefined = undefined;
  dependentSchemas: Map<string, Schema> | undefined = undefined;
  minProperties: number | undefined = undefined;
  maxProperties: number | undefined = undefined;
  items: Schema | boolean | undefined = undefined;
  prefixItems: Schema[] | undefined = undefined;
  contains: Schema | undefined = undefined;
  minContains: number | undefined = undefined;
  maxContains: number | undefined = undefined;
  minItems: number | undefined = undefined;
  maxItems: number | undefined = undefined;
  uniqueItems = false;
  unevaluatedProperties: Schema | boolean | undefined = undefined;
  unevaluatedItems: Schema | boolean | undefined = undefined;
  minimum: number | undefined = undefined;
  exclusiveMinimum: number | undefined = undefined;
  maximum: number | undefined = undefined;
  exclusiveMaximum: number | undefined = undefined;
  multipleOf: number | undefined = undefined;
  minLength: number | undefined = undefined;
  maxLength: number | undefined = undefined;
  pattern: string | undefined = undefined;
  format: string | undefined = undefined;
  contentMediaType: string | undefined = undefined;
  contentEncoding: string | undefined = undefined;
  contentSchema: Schema | undefined = undefined;
  oneOf: Schema[] | undefined = undefined;
  anyOf: Schema[] | undefined = undefined;
  allOf: Schema[] | undefined = undefined;
  not: Schema | undefined = undefined;
  ifSchema: Schema | undefined = undefined;
  thenSchema: Schema | undefined = undefined;
  elseSchema: Schema | undefined = undefined;
  discriminator: { propertyName: string; mapping: Map<string, string> } | undefined = undefined;
  readOnly = false;
  writeOnly = false;
  deprecated = false;
  sunset: string | undefined = undefined;
  hasDefault = false;
  default: unknown = undefined;
  title: string | undefined = undefined;
  raw: unknown = undefined;
  /** Keywords are read from `raw` on first use (see `ensureFilled`); children start unfilled. */
  filled = true;
  builder: SchemaBuilder | undefined = undefined;
  /** `$ref` targets that apply together with this node's own keywords (3.1 siblings of `$ref`). */
  pendingAllOf: Schema[] | undefined = undefined;

  constructor(
    readonly doc: ParsedDocument,
    readonly pointer: string,
    readonly component: string | null,
    public isFalse: boolean,
  ) {}
}

export class SchemaBuilder {
  private readonly nodes = new WeakMap<object, Schema>();
  /** Per document with YAML aliases: nodes in responses, elsewhere under /paths, and the rest. */
  private readonly aliasedNodes = new WeakMap<ParsedDocument, WeakMap<object, Schema>[]>();
  private readonly building = new Set<Schema>();
  private readonly resolving = new Set<object>();

  constructor(private readonly resolver: RefResolver) {}

  /** The node for a raw schema found at `pointer` in `doc` (cached by object identity). */
  build(raw: unknown, doc: ParsedDocument, pointer: string): Schema {
    if (raw === false) return this.fresh(doc, pointer, { isFalse: true });
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return this.fresh(doc, pointer, {});
    const nodes = this.nodesFor(doc, pointer);
    const cached = nodes.get(raw);
    if (cached) return cached;
    const schema = raw as RawSchema;
    if (typeof schema.$ref === 'string') return this.buildRef(schema, doc, pointer, nodes);
    const node = this.shell(doc, pointer, schema);
    nodes.set(raw, node);
    return node;
  }

  /**
   * Read a node's keywords from its raw schema. Called on first use: the diff only descends into
   * what differs, so most nodes of a large document are never filled.
   */
  fillNow(node: SchemaNode): void {
    if (node.filled) return;
    node.filled = true;
    this.building.add(node);
    this.fill(node, node.raw as RawSchema, node.pendingAllOf);
    this.building.delete(node);
  }

  private shell(doc: ParsedDocument, pointer: string, raw: RawSchema, pendingAllOf?: Schema[]): SchemaNode {
    const node = new SchemaNode(doc, pointer, componentName(doc, pointer), false);
    node.raw = raw;
    node.filled = false;
    node.builder = this;
    node.pendingAllOf = pendingAllOf;
    return node;
  }

  /**
   * The node cache for a schema at `pointer`. A YAML alias can put one raw schema in a request and
   * in a response: in a document with aliases, each side gets its own nodes, so a finding cites
   * the place it is about (not whichever use was built first).
   */
  private nodesFor(doc: ParsedDocument, pointer: string): WeakMap<object, Schema> {
    if (doc.shared === undefined) return this.nodes;
    const area = pointer.includes('/responses/') ? 0 : pointer.startsWith('/paths/') ? 1 : 2;
    let byArea = this.aliasedNodes.get(doc);
    if (!byArea) {
      byArea = [new WeakMap(), new WeakMap(), this.nodes];
      this.aliasedNodes.set(doc, byArea);
    }
    return byArea[area];
  }

  private buildRef(schema: RawSchema, doc: ParsedDocument, pointer: string, nodes: WeakMap<object, Schema>): Schema {
    if (this.resolving.has(schema)) {
      // A $ref chain that loops without ever reaching a schema allows anything.
      return this.fresh(doc, pointer, {});
    }
    if (this.resolving.size >= MAX_DEPTH) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `Could not resolve $ref "${String(schema.$ref)}" at ${pointer || '/'} in "${doc.source.displayName}": a chain of more than ${formatCount(MAX_DEPTH)} $refs, each pointing at the next (the depth limit); expected a shorter chain. ${retryAdvice(false, 'Fix the contract')}`,
      );
    }
    this.resolving.add(schema);
    let target: Schema;
    try {
      const resolved = this.resolver.resolve(schema.$ref as string, { doc, pointer });
      target = this.build(resolved.value, resolved.doc, resolved.pointer);
    } finally {
      this.resolving.delete(schema);
    }
    const siblings = Object.keys(schema).filter((key) => key !== '$ref');
    if (
      siblings.every((key) => key === 'description' || key === 'title' || key.startsWith('x-') || key === 'example')
    ) {
      nodes.set(schema, target);
      return target;
    }
    // 3.1 allows keywords beside $ref: they apply together with the target, like allOf.
    const rest: RawSchema = {};
    for (const key of siblings) rest[key] = schema[key];
    const node = this.shell(doc, pointer, rest, [target]);
    nodes.set(schema, node);
    return node;
  }

  private fresh(doc: ParsedDocument, pointer: string, init: { isFalse?: boolean }): Schema {
    return new SchemaNode(doc, pointer, componentName(doc, pointer), init.isFalse === true);
  }

  private child(raw: unknown, node: Schema, ...segments: (string | number)[]): Schema {
    let pointer = node.pointer;
    for (const segment of segments) pointer += `/${escapePointerSegment(String(segment))}`;
    return this.build(raw, node.doc, pointer);
  }

  private childMap(raw: unknown, node: Schema, keyword: string): Map<string, Schema> | undefined {
    if (!isObject(raw)) return undefined;
    const map = new Map<string, Schema>();
    for (const key of Object.keys(raw)) map.set(key, this.child(raw[key], node, keyword, key));
    return map;
  }

  private childList(raw: unknown, node: Schema, keyword: string): Schema[] | undefined {
    if (!Array.isArray(raw)) return undefined;
    return raw.map((item, index) => this.child(item, node, keyword, index));
  }

  private fill(node: Schema, raw: RawSchema, extraAllOf: Schema[] = []): void {
    // Look only at the keyword groups present: most schemas use 2-5 keywords, and asking a raw
    // object for ~50 absent keys made filling the largest cost of a diff.
    const union = unionWithSiblings(raw, extraAllOf);
    if (union) {
      this.fillComposedUnion(node, raw, union, extraAllOf);
      return;
    }
    let groups = 0;
    for (const key in raw) groups |= KEYWORD_GROUPS.get(key) ?? 0;
    if (groups & TYPE_GROUP) this.fillType(node, raw);
    if (groups & OBJECT_GROUP) this.fillObject(node, raw);
    if (groups & ARRAY_GROUP) this.fillArray(node, raw);
    if (groups & NUMBER_GROUP) fillNumber(node, raw);
    if (groups & STRING_GROUP) this.fillString(node, raw);
    if (groups & APPLICATOR_GROUP) this.fillApplicators(node, raw);
    if (groups & ANNOTATION_GROUP) fillAnnotations(node, raw);
    const allOf = [...extraAllOf, ...(this.childList(raw.allOf, node, 'allOf') ?? [])];
    if (allOf.length > 0) this.applyAllOf(node, raw, allOf);
    if (node.types && groups & (OBJECT_GROUP | ARRAY_GROUP | NUMBER_GROUP | STRING_GROUP)) respellForTypes(node);
  }

  private fillType(node: Schema, raw: RawSchema): void {
    const type = raw.type;
    if (typeof type === 'string') {
      if (type === 'null') node.types = new Set();
      else if (type === 'file') node.types = new Set(['string']);
      else if (TYPE_NAMES.has(type)) node.types = new Set([type as SchemaTypeName]);
      if (type === 'null') node.nullable = true;
    } else if (Array.isArray(type)) {
      node.types = new Set();
      for (const name of type) {
        if (name === 'null') node.nullable = true;
        else if (typeof name === 'string' && TYPE_NAMES.has(name)) node.types.add(name as SchemaTypeName);
      }
    }
    if (raw.nullable === true || raw['x-nullable'] === true) node.nullable = true;

    if (Array.isArray(raw['x-extensible-enum'])) node.extensibleEnum = raw['x-extensible-enum'];
    const values = Array.isArray(raw.enum) ? raw.enum : 'const' in raw ? [raw.const] : undefined;
    if (values) {
      node.enum = values.filter((value) => value !== null);
      if (node.enum.length < values.length) node.nullable = true;
    }
  }

  private fillObject(node: Schema, raw: RawSchema): void {
    if (isObject(raw.properties)) {
      node.properties = new Map();
      for (const name of Object.keys(raw.properties)) {
        node.properties.set(name, this.child(raw.properties[name], node, 'properties', name));
      }
    }
    if (Array.isArray(raw.required)) {
      node.required = new Set();
      for (const name of raw.required) if (typeof name === 'string') node.required.add(name);
    }
    node.additionalProperties = this.schemaOrBoolean(raw.additionalProperties, node, 'additionalProperties');
    node.unevaluatedProperties = this.schemaOrBoolean(raw.unevaluatedProperties, node, 'unevaluatedProperties');
    node.patternProperties = this.childMap(raw.patternProperties, node, 'patternProperties');
    if (raw.propertyNames !== undefined) node.propertyNames = this.child(raw.propertyNames, node, 'propertyNames');
    if (isObject(raw.dependentRequired)) {
      node.dependentRequired = new Map();
      for (const [key, list] of Object.entries(raw.dependentRequired)) {
        if (Array.isArray(list))
          node.dependentRequired.set(
            key,
            list.filter((x): x is string => typeof x === 'string'),
          );
      }
    }
    node.dependentSchemas = this.childMap(raw.dependentSchemas, node, 'dependentSchemas');
    node.minProperties = numberOrUndefined(raw.minProperties);
    node.maxProperties = numberOrUndefined(raw.maxProperties);
  }

  private fillArray(node: Schema, raw: RawSchema): void {
    node.unevaluatedItems = this.schemaOrBoolean(raw.unevaluatedItems, node, 'unevaluatedItems');
    if (Array.isArray(raw.items)) {
      // Draft 4-2019 tuple form: items: [...] + additionalItems.
      node.prefixItems = this.childList(raw.items, node, 'items');
      node.items = this.schemaOrBoolean(raw.additionalItems, node, 'additionalItems');
    } else {
      node.items = this.schemaOrBoolean(raw.items, node, 'items');
      node.prefixItems = this.childList(raw.prefixItems, node, 'prefixItems');
    }
    if (raw.contains !== undefined) node.contains = this.child(raw.contains, node, 'contains');

    node.minContains = numberOrUndefined(raw.minContains);
    node.maxContains = numberOrUndefined(raw.maxContains);
    node.minItems = numberOrUndefined(raw.minItems);
    node.maxItems = numberOrUndefined(raw.maxItems);
    node.uniqueItems = raw.uniqueItems === true;
  }

  private fillString(node: Schema, raw: RawSchema): void {
    node.minLength = numberOrUndefined(raw.minLength);
    node.maxLength = numberOrUndefined(raw.maxLength);
    // A pattern every string matches (`.*`, `^`) constrains nothing.
    node.pattern = typeof raw.pattern === 'string' && !matchesEveryString(raw.pattern) ? raw.pattern : undefined;
    node.format = typeof raw.format === 'string' ? raw.format : undefined;
    node.contentMediaType = typeof raw.contentMediaType === 'string' ? raw.contentMediaType : undefined;
    node.contentEncoding = typeof raw.contentEncoding === 'string' ? raw.contentEncoding : undefined;
    if (raw.contentSchema !== undefined) node.contentSchema = this.child(raw.contentSchema, node, 'contentSchema');
  }

  private fillApplicators(node: Schema, raw: RawSchema): void {
    if (raw.not !== undefined) node.not = this.child(raw.not, node, 'not');
    if (raw.if !== undefined) node.ifSchema = this.child(raw.if, node, 'if');
    if (raw.then !== undefined) node.thenSchema = this.child(raw.then, node, 'then');
    if (raw.else !== undefined) node.elseSchema = this.child(raw.else, node, 'else');
    if (isObject(raw.discriminator) && typeof raw.discriminator.propertyName === 'string') {
      const mapping = new Map<string, string>();
      if (isObject(raw.discriminator.mapping)) {
        for (const [key, value] of Object.entries(raw.discriminator.mapping)) {
          if (typeof value === 'string') mapping.set(key, value.slice(value.lastIndexOf('/') + 1));
        }
      }
      node.discriminator = { propertyName: raw.discriminator.propertyName, mapping };
    }
    this.fillUnion(node, raw, 'oneOf');
    this.fillUnion(node, raw, 'anyOf');
  }

  private schemaOrBoolean(raw: unknown, node: Schema, keyword: string): Schema | boolean | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw === 'boolean') return raw;
    return this.child(raw, node, keyword);
  }

  /**
   * Keywords written beside a oneOf/anyOf apply to every branch, as a validator reads them
   * (`{required: [id], oneOf: [A, B]}` is `oneOf: [A & {required: [id]}, B & {required: [id]}]`).
   * Push them into each branch here, so the diff compares branches with everything that applies
   * to them and the union itself holds only its branches: moving a keyword from inside the
   * non-null branch of `anyOf: [T, {type: null}]` to beside it is then no change at all.
   */
  private fillComposedUnion(node: Schema, raw: RawSchema, keyword: 'oneOf' | 'anyOf', extraAllOf: Schema[]): void {
    const besideRaw: RawSchema = {};
    const ownRaw: RawSchema = {};
    for (const key of Object.keys(raw)) {
      if (key === keyword) continue;
      if (key === 'discriminator' || key === 'nullable' || key === 'x-nullable' || isAnnotation(key))
        ownRaw[key] = raw[key];
      else besideRaw[key] = raw[key];
    }
    const beside = new SchemaNode(node.doc, node.pointer, null, false);
    beside.raw = besideRaw;
    this.fill(beside, besideRaw, extraAllOf);
    // `nullable: true` is written for the union as a whole (3.0); so is an annotation.
    this.fillType(node, ownRaw);
    this.fillApplicators(node, ownRaw);
    fillAnnotations(node, ownRaw);
    const branches = this.childList(raw[keyword], node, keyword) ?? [];
    // A null branch admits null only if what is written beside it does too (`type: object` does not).
    const besideAllowsNull = beside.isFalse
      ? false
      : beside.types === undefined
        ? beside.enum === undefined || beside.nullable
        : beside.nullable;
    const derived: Schema[] = [];
    for (let index = 0; index < branches.length; index++) {
      const branch = branches[index];
      if (isNullOnly(branch)) {
        if (besideAllowsNull) node.nullable = true;
        continue;
      }
      derived.push(this.derive(node, `${keyword}/${index}`, beside, branch, besideAllowsNull));
    }
    if (derived.length === 0) node.types = new Set();
    else if (derived.length === 1) node.alias = derived[0];
    else node[keyword] = derived;
  }

  /** One branch of a union with the keywords beside the union applied to it. */
  private derive(node: Schema, site: string, beside: Schema, branch: Schema, besideAllowsNull: boolean): Schema {
    let branchNullable = false;
    let core = ensureFilled(branch);
    branchNullable ||= core.nullable;
    while (core.alias) {
      core = ensureFilled(core.alias);
      branchNullable ||= core.nullable;
    }
    // `type: object` (or a `required`) beside a union of objects that each say it already: the
    // branch as written, so it keeps its own identity (findings in `Cat` stay grouped under Cat).
    if (impliedBy(core, beside) && (besideAllowsNull || !branchNullable)) return branch;
    const derived = new SchemaNode(node.doc, `${node.pointer}/${site}`, null, false);
    derived.derivedFrom = branch;
    if (
      this.building.has(core) ||
      [core, beside].some(
        (each) =>
          each.allOf ||
          each.not ||
          each.ifSchema ||
          each.oneOf ||
          each.anyOf ||
          each.alias ||
          each.unevaluatedProperties !== undefined ||
          each.unevaluatedItems !== undefined,
      )
    ) {
      // Not merged exactly: both apply, as allOf says.
      derived.allOf = [branch, beside];
    } else {
      mergeInto(derived, core);
      mergeInto(derived, beside);
    }
    derived.nullable = branchNullable && besideAllowsNull;
    derived.title = core.title;
    return derived;
  }

  /** oneOf/anyOf: drop `{type: null}` branches into `nullable`; one branch left and nothing else = alias. */
  private fillUnion(node: Schema, raw: RawSchema, keyword: 'oneOf' | 'anyOf'): void {
    const branches = this.childList(raw[keyword], node, keyword);
    if (!branches) return;
    const kept = branches.filter((branch) => !isNullOnly(branch));
    if (kept.length < branches.length) node.nullable = true;
    if (kept.length === 0) {
      node.types = new Set();
      return;
    }
    if (kept.length === 1 && hasOnlyAnnotations(raw, keyword)) {
      node.alias = kept[0];
      return;
    }
    // `anyOf: [{type: string}, {type: integer}]` is `type: [string, integer]`: one shape, so the
    // two spellings compare equal. (oneOf only when the types cannot overlap.)
    // A branch may be nullable itself (`{type: integer, nullable: true}`): null is then allowed by
    // the union, once (oneOf: null in two branches would match neither).
    const bareTypes = hasOnlyAnnotations(raw, keyword) ? kept.map(bareTypeOf) : [];
    if (bareTypes.length > 0 && bareTypes.every((type) => type !== undefined)) {
      const bare = bareTypes as BareType[];
      const types = new Set(bare.map((each) => each.type));
      const nulls = bare.filter((each) => each.nullable).length + (kept.length < branches.length ? 1 : 0);
      if (
        keyword === 'anyOf' ||
        (types.size === bare.length && !(types.has('integer') && types.has('number')) && nulls <= 1)
      ) {
        node.types = types;
        if (nulls > 0) node.nullable = true;
        return;
      }
    }
    // `oneOf: [{const: a}, {const: b}]` is `enum: [a, b]` (what some generators write for a
    // documented Literal); oneOf only when no value is in two branches (it would match neither).
    const enums = hasOnlyAnnotations(raw, keyword) && kept.length > 1 ? kept.map(bareEnumOf) : [];
    if (enums.length > 0 && enums.every((each) => each !== undefined)) {
      const values: unknown[] = [];
      let overlap = false;
      for (const each of enums as BareEnum[]) {
        for (const value of each.values) {
          if (values.some((known) => sameValue(known, value))) overlap = true;
          else values.push(value);
        }
      }
      if (keyword === 'anyOf' || !overlap) {
        node.enum = values;
        if ((enums as BareEnum[]).every((each) => each.types)) {
          node.types = new Set((enums as BareEnum[]).flatMap((each) => [...(each.types ?? [])]));
        }
        return;
      }
    }
    node[keyword] = kept;
  }

  /**
   * allOf: a value must match every branch. When the branches are plain object/scalar schemas the
   * intersection is one schema (properties and required united, bounds tightened), which is what
   * the diff should compare; Pydantic/FastAPI inheritance produces exactly this.
   */
  private applyAllOf(node: Schema, raw: RawSchema, branches: Schema[]): void {
    if (branches.length === 1 && hasOnlyAnnotations(raw, 'allOf') && !node.alias) {
      node.alias = branches[0];
      return;
    }
    const cores = branches.map(unwrap);
    if (cores.some((core) => this.building.has(core) || core.allOf || core.not || core.ifSchema)) {
      node.allOf = branches;
      return;
    }
    for (const core of cores) mergeInto(node, core);
  }
}

const anySchemas = new WeakMap<Schema, Map<string, Schema>>();

/**
 * The schema `{}` (anything) standing in for a keyword one side leaves out, so the other side's
 * subschema can be compared with what was allowed: no `items` allows any item.
 */
export function anySchemaFor(owner: Schema, keyword: string): Schema {
  let byKeyword = anySchemas.get(owner);
  if (!byKeyword) {
    byKeyword = new Map();
    anySchemas.set(owner, byKeyword);
  }
  let schema = byKeyword.get(keyword);
  if (!schema) {
    schema = new SchemaNode(owner.doc, `${owner.pointer}/${keyword}`, null, false);
    byKeyword.set(keyword, schema);
  }
  return schema;
}

const typeVariants = new WeakMap<Schema, Schema[]>();

/**
 * A schema of several types seen as one variant per type (`type: [string, integer]` is
 * `anyOf: [{type: string}, {type: integer}]`, each keeping the keywords that apply to it), to
 * match it with the variants of a union on the other side. Undefined for a single type or any.
 */
export function typeVariantsOf(core: Schema): Schema[] | undefined {
  if (!core.types || core.types.size < 2 || core.oneOf || core.anyOf || core.allOf) return undefined;
  let variants = typeVariants.get(core);
  if (!variants) {
    variants = [...core.types].sort().map((type) => {
      const variant = new SchemaNode(core.doc, core.pointer, null, false);
      mergeInto(variant, core);
      variant.types = new Set([type]);
      return variant;
    });
    typeVariants.set(core, variants);
  }
  return variants;
}

const anyAt = new WeakMap<object, Schema>();

/** The schema `{}` (anything) for a place that writes no schema (a media type without one). */
export function anySchemaAt(doc: ParsedDocument, pointer: string, owner: object): Schema {
  let schema = anyAt.get(owner);
  if (!schema) {
    schema = new SchemaNode(doc, pointer, null, false);
    anyAt.set(owner, schema);
  }
  return schema;
}

/** Make sure a node's keywords have been read (nodes are filled lazily, on first use). */
export function ensureFilled(schema: Schema): Schema {
  if (schema instanceof SchemaNode && !schema.filled) schema.builder?.fillNow(schema);
  return schema;
}

/** The node this one is a wrapper of, if any (filling it first). */
export function aliasOf(schema: Schema): Schema | undefined {
  const alias = ensureFilled(schema).alias;
  return alias && ensureFilled(alias);
}

const TYPE_GROUP = 1;
const OBJECT_GROUP = 2;
const ARRAY_GROUP = 4;
const NUMBER_GROUP = 8;
const STRING_GROUP = 16;
const APPLICATOR_GROUP = 32;
const ANNOTATION_GROUP = 64;

/** Which fill step reads each keyword. */
const KEYWORD_GROUPS = new Map<string, number>([
  ['type', TYPE_GROUP],
  ['nullable', TYPE_GROUP],
  ['x-nullable', TYPE_GROUP],
  ['enum', TYPE_GROUP],
  ['const', TYPE_GROUP],
  ['x-extensible-enum', TYPE_GROUP],
  ['properties', OBJECT_GROUP],
  ['required', OBJECT_GROUP],
  ['additionalProperties', OBJECT_GROUP],
  ['unevaluatedProperties', OBJECT_GROUP],
  ['patternProperties', OBJECT_GROUP],
  ['propertyNames', OBJECT_GROUP],
  ['dependentRequired', OBJECT_GROUP],
  ['dependentSchemas', OBJECT_GROUP],
  ['minProperties', OBJECT_GROUP],
  ['maxProperties', OBJECT_GROUP],
  ['items', ARRAY_GROUP],
  ['prefixItems', ARRAY_GROUP],
  ['additionalItems', ARRAY_GROUP],
  ['unevaluatedItems', ARRAY_GROUP],
  ['contains', ARRAY_GROUP],
  ['minContains', ARRAY_GROUP],
  ['maxContains', ARRAY_GROUP],
  ['minItems', ARRAY_GROUP],
  ['maxItems', ARRAY_GROUP],
  ['uniqueItems', ARRAY_GROUP],
  ['minimum', NUMBER_GROUP],
  ['maximum', NUMBER_GROUP],
  ['exclusiveMinimum', NUMBER_GROUP],
  ['exclusiveMaximum', NUMBER_GROUP],
  ['multipleOf', NUMBER_GROUP],
  ['minLength', STRING_GROUP],
  ['maxLength', STRING_GROUP],
  ['pattern', STRING_GROUP],
  ['format', STRING_GROUP],
  ['contentMediaType', STRING_GROUP],
  ['contentEncoding', STRING_GROUP],
  ['contentSchema', STRING_GROUP],
  ['not', APPLICATOR_GROUP],
  ['if', APPLICATOR_GROUP],
  ['then', APPLICATOR_GROUP],
  ['else', APPLICATOR_GROUP],
  ['discriminator', APPLICATOR_GROUP],
  ['oneOf', APPLICATOR_GROUP],
  ['anyOf', APPLICATOR_GROUP],
  ['readOnly', ANNOTATION_GROUP],
  ['writeOnly', ANNOTATION_GROUP],
  ['deprecated', ANNOTATION_GROUP],
  ['x-sunset', ANNOTATION_GROUP],
  ['x-sunset-date', ANNOTATION_GROUP],
  ['default', ANNOTATION_GROUP],
  ['title', ANNOTATION_GROUP],
]);

function fillNumber(node: Schema, raw: RawSchema): void {
  node.multipleOf = numberOrUndefined(raw.multipleOf);
  node.minimum = numberOrUndefined(raw.minimum);
  node.maximum = numberOrUndefined(raw.maximum);
  // OpenAPI 3.0 / Swagger: boolean exclusiveMinimum modifies minimum. 3.1: a number of its own.
  if (raw.exclusiveMinimum === true && node.minimum !== undefined) {
    node.exclusiveMinimum = node.minimum;
    node.minimum = undefined;
  } else node.exclusiveMinimum = numberOrUndefined(raw.exclusiveMinimum);
  if (raw.exclusiveMaximum === true && node.maximum !== undefined) {
    node.exclusiveMaximum = node.maximum;
    node.maximum = undefined;
  } else node.exclusiveMaximum = numberOrUndefined(raw.exclusiveMaximum);
}

/**
 * Is every string matched by `pattern` (ECMA-262, unanchored search)? Yes when it matches the
 * empty string and asserts nothing but `^`: it then matches at position 0 of any string.
 */
function matchesEveryString(pattern: string): boolean {
  if (/\$|\\[bB]|\(\?[=!<]/.test(pattern)) return false;
  try {
    return new RegExp(pattern, 'u').test('');
  } catch {
    return false;
  }
}

/** `^literal$` -> the literal, when nothing in it is a regex operator; else undefined. */
function anchoredLiteral(pattern: string): string | undefined {
  const match = /^\^((?:[^\\.^$*+?()[\]{}|]|\\[\\.^$*+?()[\]{}|/-])*)\$$/.exec(pattern);
  return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}

/**
 * Keywords of a type the schema does not allow apply to no value (`maxItems` on a string), so they
 * are dropped; `pattern: "^x$"` on a string is `const: "x"`. `format` stays: it names integer and
 * number widths too.
 */
function respellForTypes(node: Schema): void {
  const types = node.types as Set<SchemaTypeName>;
  if (!types.has('string')) {
    node.minLength = node.maxLength = node.pattern = undefined;
    node.contentMediaType = node.contentEncoding = undefined;
    node.contentSchema = undefined;
  } else if (types.size === 1 && node.pattern !== undefined) {
    const literal = anchoredLiteral(node.pattern);
    if (literal !== undefined) {
      node.enum = node.enum ? node.enum.filter((value) => value === literal) : [literal];
      node.pattern = undefined;
    }
  }
  if (!types.has('number') && !types.has('integer')) {
    node.minimum = node.maximum = node.exclusiveMinimum = node.exclusiveMaximum = node.multipleOf = undefined;
  }
  if (!types.has('array')) {
    node.items = node.unevaluatedItems = undefined;
    node.prefixItems = undefined;
    node.contains = undefined;
    node.minContains = node.maxContains = node.minItems = node.maxItems = undefined;
    node.uniqueItems = false;
  }
  if (!types.has('object')) {
    node.properties = NO_PROPERTIES;
    node.required = NO_NAMES;
    node.additionalProperties = node.unevaluatedProperties = undefined;
    node.patternProperties = node.dependentSchemas = undefined;
    node.propertyNames = undefined;
    node.dependentRequired = undefined;
    node.minProperties = node.maxProperties = undefined;
  }
}

function fillAnnotations(node: Schema, raw: RawSchema): void {
  node.readOnly = raw.readOnly === true;
  node.writeOnly = raw.writeOnly === true;
  node.deprecated = raw.deprecated === true;
  const sunset = raw['x-sunset'] ?? raw['x-sunset-date'];
  if (sunset !== undefined) node.sunset = String(sunset instanceof Date ? sunset.toISOString().slice(0, 10) : sunset);
  if ('default' in raw) {
    node.hasDefault = true;
    node.default = raw.default;
  }
  if (typeof raw.title === 'string') node.title = raw.title;
}

/** Follow aliases to the node that holds the structure. */
export function unwrap(schema: Schema): Schema {
  let current = ensureFilled(schema);
  while (current.alias) current = ensureFilled(current.alias);
  return current;
}

function mergeInto(target: Schema, source: Schema): void {
  if (source.properties.size > 0) {
    if (target.properties === NO_PROPERTIES) target.properties = new Map();
    for (const [name, property] of source.properties) {
      if (!target.properties.has(name)) target.properties.set(name, property);
    }
  }
  if (source.required.size > 0) {
    if (target.required === NO_NAMES) target.required = new Set();
    for (const name of source.required) target.required.add(name);
  }
  if (source.types) {
    if (!target.types) target.types = new Set(source.types);
    else target.types = intersectTypes(target.types, source.types);
  }
  if (source.enum)
    target.enum = target.enum ? target.enum.filter((v) => source.enum?.some((w) => sameValue(v, w))) : source.enum;
  target.minimum = tighter(target.minimum, source.minimum, Math.max);
  target.exclusiveMinimum = tighter(target.exclusiveMinimum, source.exclusiveMinimum, Math.max);
  target.maximum = tighter(target.maximum, source.maximum, Math.min);
  target.exclusiveMaximum = tighter(target.exclusiveMaximum, source.exclusiveMaximum, Math.min);
  target.minLength = tighter(target.minLength, source.minLength, Math.max);
  target.maxLength = tighter(target.maxLength, source.maxLength, Math.min);
  target.minItems = tighter(target.minItems, source.minItems, Math.max);
  target.maxItems = tighter(target.maxItems, source.maxItems, Math.min);
  target.minProperties = tighter(target.minProperties, source.minProperties, Math.max);
  target.maxProperties = tighter(target.maxProperties, source.maxProperties, Math.min);
  target.uniqueItems ||= source.uniqueItems;
  target.readOnly ||= source.readOnly;
  target.writeOnly ||= source.writeOnly;
  target.deprecated ||= source.deprecated;
  target.format ??= source.format;
  target.pattern ??= source.pattern;
  target.multipleOf ??= source.multipleOf;
  target.items ??= source.items;
  target.prefixItems ??= source.prefixItems;
  target.contains ??= source.contains;
  target.oneOf ??= source.oneOf;
  target.anyOf ??= source.anyOf;
  target.discriminator ??= source.discriminator;
  target.propertyNames ??= source.propertyNames;
  target.patternProperties ??= source.patternProperties;
  target.contentMediaType ??= source.contentMediaType;
  target.contentEncoding ??= source.contentEncoding;
  target.contentSchema ??= source.contentSchema;
  if (source.additionalProperties === false || target.additionalProperties === undefined) {
    target.additionalProperties = source.additionalProperties ?? target.additionalProperties;
  }
  if (!target.hasDefault && source.hasDefault) {
    target.hasDefault = true;
    target.default = source.default;
  }
  if (source.dependentRequired) target.dependentRequired ??= source.dependentRequired;
  if (source.dependentSchemas) target.dependentSchemas ??= source.dependentSchemas;
  // allOf of nullable branches allows null only if every branch does; 3.0 readers put nullable on
  // the wrapper instead, which `target` already carries.
  if (source.isFalse) target.isFalse = true;
}

function intersectTypes(a: Set<SchemaTypeName>, b: Set<SchemaTypeName>): Set<SchemaTypeName> {
  const result = new Set<SchemaTypeName>();
  for (const type of a) {
    if (b.has(type)) result.add(type);
    else if (type === 'number' && b.has('integer')) result.add('integer');
    else if (type === 'integer' && b.has('number')) result.add('integer');
  }
  return result;
}

function tighter(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
}

function isAnnotation(key: string): boolean {
  return ANNOTATION_KEYWORDS.has(key) || key.startsWith('x-');
}

/**
 * Does `core` already say everything `beside` says? Decided for what is commonly written beside a
 * union: `type` and `required` (the raw keywords tell which ones `beside` holds).
 */
function impliedBy(core: Schema, beside: Schema): boolean {
  if (!isRecord(beside.raw)) return false;
  for (const key of Object.keys(beside.raw)) {
    if (key === 'type') {
      if (!core.types || !beside.types || beside.nullable !== core.nullable) return false;
      for (const type of core.types) if (!beside.types.has(type)) return false;
    } else if (key === 'required') {
      for (const name of beside.required) if (!core.required.has(name)) return false;
    } else return false;
  }
  return true;
}

/**
 * The union keyword of a schema that also writes constraints beside it (`required`, `type`,
 * bounds, a `$ref` sibling...), else undefined. Only one union keyword: with both, each is kept.
 */
function unionWithSiblings(raw: RawSchema, extraAllOf: Schema[]): 'oneOf' | 'anyOf' | undefined {
  const oneOf = Array.isArray(raw.oneOf);
  const anyOf = Array.isArray(raw.anyOf);
  if (oneOf === anyOf) return undefined;
  const keyword = oneOf ? 'oneOf' : 'anyOf';
  if (extraAllOf.length > 0) return keyword;
  for (const key in raw) {
    if (key === keyword || key === 'discriminator' || isAnnotation(key)) continue;
    return keyword;
  }
  return undefined;
}

function hasOnlyAnnotations(raw: RawSchema, except: string): boolean {
  for (const key of Object.keys(raw)) {
    if (key === except || ANNOTATION_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    return false;
  }
  return true;
}

interface BareEnum {
  values: unknown[];
  types: Set<SchemaTypeName> | undefined;
}

/** A branch that says nothing but its values (`{const: a}`, `{type: string, enum: [a, b]}`), else undefined. */
function bareEnumOf(schema: Schema): BareEnum | undefined {
  if (!isRecord(schema.raw) || !('enum' in schema.raw || 'const' in schema.raw)) return undefined;
  for (const key of Object.keys(schema.raw)) {
    if (key !== 'enum' && key !== 'const' && key !== 'type' && !ANNOTATION_KEYWORDS.has(key) && !key.startsWith('x-'))
      return undefined;
  }
  const core = ensureFilled(schema);
  if (core.enum === undefined || core.nullable) return undefined;
  return { values: core.enum, types: core.types };
}

interface BareType {
  type: SchemaTypeName;
  nullable: boolean;
}

/** The single type of a branch that says nothing but its type (`{type: string}`), else undefined. */
function bareTypeOf(schema: Schema): BareType | undefined {
  // Decide from the raw keywords when they say enough, without filling the branch.
  if (isRecord(schema.raw) && !('type' in schema.raw) && !('$ref' in schema.raw)) return undefined;
  let core = ensureFilled(schema);
  let nullable = core.nullable;
  while (core.alias) {
    core = ensureFilled(core.alias);
    nullable ||= core.nullable;
  }
  if (core.types?.size !== 1 || core.enum !== undefined) return undefined;
  if (!isRecord(core.raw)) return undefined;
  for (const key of Object.keys(core.raw)) {
    if (key !== 'type' && !ANNOTATION_KEYWORDS.has(key) && !key.startsWith('x-')) return undefined;
  }
  return { type: [...core.types][0], nullable };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNullOnly(schema: Schema): boolean {
  // Only a branch that mentions `null` can be null-only; decide that without filling the branch.
  if (
    isRecord(schema.raw) &&
    !('type' in schema.raw) &&
    !('$ref' in schema.raw) &&
    !('enum' in schema.raw) &&
    !('const' in schema.raw) &&
    !('nullable' in schema.raw)
  ) {
    if (!('anyOf' in schema.raw) && !('oneOf' in schema.raw) && !('allOf' in schema.raw)) return false;
  }
  if (isRecord(schema.raw) && typeof schema.raw.type === 'string' && schema.raw.type !== 'null') return false;
  const core = unwrap(schema);
  return core.types !== undefined && core.types.size === 0 && core.nullable && !core.oneOf && !core.anyOf;
}

function componentName(doc: ParsedDocument, pointer: string): string | null {
  const prefix = pointer.startsWith('/components/schemas/') ? 20 : pointer.startsWith('/definitions/') ? 13 : 0;
  if (prefix > 0 && pointer.indexOf('/', prefix) === -1) return `#${pointer}`;
  // A whole external file used as a schema (`$ref: ./pet.yaml`) is a component of its own.
  if (pointer === '' && doc.source.displayName) return doc.source.displayName;
  return null;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep equality of JSON values (enum members, defaults). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameValue(item, b[index]));
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a as object);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every((key) => key in bRecord && sameValue((a as Record<string, unknown>)[key], bRecord[key]));
}
