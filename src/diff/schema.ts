/**
 * Pairs schema nodes of the base and the revision, recursively and once per
 * (base node, revision node, direction): a shared component is compared once however many
 * operations use it (DESIGN.md §2). Rules then judge each pair; this file only matches.
 */
import { AppError, retryAdvice } from '../errors.js';
import { formatCount, MAX_DEPTH } from '../load/limits.js';
import type { Schema } from '../normalize/model.js';
import { aliasOf, anySchemaFor, ensureFilled, typeVariantsOf, unwrap } from '../normalize/schema.js';

/** `request`: clients send it (old ⊆ new must hold). `response`: clients receive it (new ⊆ old). */
export type Direction = 'request' | 'response';

/** A schema as seen through its aliases: the structure plus what the wrappers added. */
export interface SchemaView {
  /** The outermost node (where this use of the schema is written). */
  outer: Schema;
  /** The node holding the structure. */
  core: Schema;
  nullable: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  hasDefault: boolean;
  default?: unknown;
}

export interface PropertyPair {
  name: string;
  pair: SchemaPair;
}

export interface SchemaPair {
  id: number;
  direction: Direction;
  base: SchemaView;
  revision: SchemaView;
  /** Both sides are unions (oneOf/anyOf) or one is and the other was matched as a single variant. */
  isUnion: boolean;
  addedProperties: [string, Schema][];
  removedProperties: [string, Schema][];
  commonProperties: PropertyPair[];
  addedVariants: Schema[];
  removedVariants: Schema[];
  /** Every child pair (properties, items, variants, ...), for reachability. */
  children: SchemaPair[];
  /** Named children for rules that look at one keyword. */
  items?: SchemaPair;
  additionalProperties?: SchemaPair;
  /** Pairs this pair was reached from (filled as the graph is built). */
  parents: SchemaPair[];
}

export function viewOf(schema: Schema): SchemaView {
  const view: SchemaView = {
    outer: schema,
    core: schema,
    nullable: false,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    hasDefault: false,
  };
  let current: Schema | undefined = ensureFilled(schema);
  while (current) {
    view.core = current;
    view.nullable ||= current.nullable;
    view.readOnly ||= current.readOnly;
    view.writeOnly ||= current.writeOnly;
    view.deprecated ||= current.deprecated;
    if (!view.hasDefault && current.hasDefault) {
      view.hasDefault = true;
      view.default = current.default;
    }
    current = aliasOf(current);
  }
  return view;
}

/** A pair whose views are built on first read (a pair proven identical is often never read). */
class ComparedPair implements SchemaPair {
  isUnion = false;
  addedProperties: [string, Schema][] = [];
  removedProperties: [string, Schema][] = [];
  commonProperties: PropertyPair[] = [];
  addedVariants: Schema[] = [];
  removedVariants: Schema[] = [];
  children: SchemaPair[] = [];
  items?: SchemaPair;
  additionalProperties?: SchemaPair;
  parents: SchemaPair[];
  private baseView: SchemaView | undefined;
  private revisionView: SchemaView | undefined;

  constructor(
    readonly id: number,
    readonly direction: Direction,
    private readonly baseSchema: Schema,
    private readonly revisionSchema: Schema,
    parent: SchemaPair | undefined,
  ) {
    this.parents = parent ? [parent] : [];
  }

  get base(): SchemaView {
    this.baseView ??= viewOf(this.baseSchema);
    return this.baseView;
  }

  get revision(): SchemaView {
    this.revisionView ??= viewOf(this.revisionSchema);
    return this.revisionView;
  }
}

/** Compares schemas, caching by node identity and direction; one instance per contract pair. */
export class SchemaComparator {
  /** [direction][base uid] -> revision uid -> pair. */
  private readonly cache = [new Map<number, Map<number, SchemaPair>>(), new Map<number, Map<number, SchemaPair>>()];
  private nextId = 1;
  /** Pairs being filled, one inside the other. */
  private depth = 0;
  readonly pairs: SchemaPair[] = [];

  /** `same(base, revision)`: a cheap proof that two nodes are identical, to stop descending. */
  constructor(private readonly same?: (base: Schema, revision: Schema) => boolean) {}

  compare(base: Schema, revision: Schema, direction: Direction, parent?: SchemaPair): SchemaPair {
    const byBase = this.cache[direction === 'request' ? 0 : 1];
    let byRevision = byBase.get(base.uid);
    if (!byRevision) {
      byRevision = new Map();
      byBase.set(base.uid, byRevision);
    }
    let pair = byRevision.get(revision.uid);
    if (pair) {
      if (parent) pair.parents.push(parent);
      return pair;
    }
    // Identical text with identical references: nothing below can differ. Checked before the
    // views are built: building one fills the node (a shell per property), wasted on a pair that
    // stops here, and most pairs between two releases do.
    const same = this.same?.(base, revision) === true;
    pair = new ComparedPair(this.nextId++, direction, base, revision, parent);
    // Registered before recursing: a cycle reaching this pair again sees it as in progress and
    // stops there (coinduction: inclusion is assumed to hold along the cycle).
    byRevision.set(revision.uid, pair);
    if (same) return pair;
    this.pairs.push(pair);
    // Nesting through $refs is not bounded by the document's own depth: bound the recursion here.
    if (this.depth >= MAX_DEPTH) throw depthError(base);
    this.depth++;
    try {
      this.fill(pair);
    } finally {
      this.depth--;
    }
    return pair;
  }

  private child(pair: SchemaPair, base: Schema, revision: Schema): SchemaPair {
    const child = this.compare(base, revision, pair.direction, pair);
    pair.children.push(child);
    return child;
  }

  private fill(pair: SchemaPair): void {
    const base = pair.base.core;
    const revision = pair.revision.core;
    if (base === revision) return;

    if (base.oneOf || base.anyOf || revision.oneOf || revision.anyOf) {
      this.fillVariants(pair);
      return;
    }

    // An object that became an array (or the reverse) is one type change, not a removal of
    // every property.
    if (mayBeObject(base) && mayBeObject(revision)) this.fillProperties(pair, base, revision);
    this.fillArray(pair, base, revision);
    this.pairMapValues(pair, base, revision);
    if (base.prefixItems && revision.prefixItems) {
      const length = Math.min(base.prefixItems.length, revision.prefixItems.length);
      for (let index = 0; index < length; index++)
        this.child(pair, base.prefixItems[index], revision.prefixItems[index]);
    }
    this.pairIfBoth(pair, base.contains, revision.contains);
    this.pairIfBoth(pair, base.propertyNames, revision.propertyNames);
    this.pairIfBoth(pair, base.contentSchema, revision.contentSchema);
    this.pairIfBoth(pair, base.thenSchema, revision.thenSchema);
    this.pairIfBoth(pair, base.elseSchema, revision.elseSchema);
    if (isSchema(base.unevaluatedItems) && isSchema(revision.unevaluatedItems)) {
      this.child(pair, base.unevaluatedItems, revision.unevaluatedItems);
    }

    this.pairMaps(pair, base.dependentSchemas, revision.dependentSchemas);
    if (base.allOf && revision.allOf) {
      const length = Math.min(base.allOf.length, revision.allOf.length);
      for (let index = 0; index < length; index++) this.child(pair, base.allOf[index], revision.allOf[index]);
    }
    // `if` and `not` are compared by equality only (rules report a change as undecidable).
  }

  private fillProperties(pair: SchemaPair, base: Schema, revision: Schema): void {
    for (const [name, baseProperty] of base.properties) {
      const revisionProperty = revision.properties.get(name);
      if (revisionProperty) {
        pair.commonProperties.push({ name, pair: this.child(pair, baseProperty, revisionProperty) });
      } else pair.removedProperties.push([name, baseProperty]);
    }
    for (const [name, revisionProperty] of revision.properties) {
      if (!base.properties.has(name)) pair.addedProperties.push([name, revisionProperty]);
    }
  }

  /**
   * Arrays position by position: a tuple position is compared with the other side's position, or
   * its `items` when it has no such position; a side without `items` allows anything there.
   */
  private fillArray(pair: SchemaPair, base: Schema, revision: Schema): void {
    const positions = Math.max(base.prefixItems?.length ?? 0, revision.prefixItems?.length ?? 0);
    for (let index = 0; index < positions; index++) {
      const from = base.prefixItems?.[index] ?? itemsOf(base);
      const to = revision.prefixItems?.[index] ?? itemsOf(revision);
      if (from && to) this.child(pair, from, to);
    }
    if (!isSchema(base.items) && !isSchema(revision.items)) return;
    if (!isArrayLike(base) || !isArrayLike(revision)) return;
    const from = itemsOf(base);
    const to = itemsOf(revision);
    if (from && to) pair.items = this.child(pair, from, to);
  }

  /**
   * Maps are compared like properties: the value schemas of `additionalProperties`,
   * `unevaluatedProperties` and `patternProperties` go through the same direction-aware
   * comparison. An open side (`true` or absent) allows any value (`{}`), so `dict[str, str]` ->
   * `dict[str, Any]` is a value type widened from string to any; a closed side (`false`) has no
   * value to compare (the openness rules judge it). A pattern on one side only is compared with
   * the other side's `additionalProperties` schema, which holds for those keys there.
   */
  private pairMapValues(pair: SchemaPair, base: Schema, revision: Schema): void {
    if (!mayBeObject(base) || !mayBeObject(revision)) return;
    for (const keyword of ['additionalProperties', 'unevaluatedProperties'] as const) {
      const from = base[keyword];
      const to = revision[keyword];
      if (!isSchema(from) && !isSchema(to)) continue;
      const fromValue = isSchema(from) ? from : openValue(base, keyword);
      const toValue = isSchema(to) ? to : openValue(revision, keyword);
      if (!fromValue || !toValue) continue;
      const child = this.child(pair, fromValue, toValue);
      if (keyword === 'additionalProperties') pair.additionalProperties = child;
    }
    const basePatterns = base.patternProperties;
    const revisionPatterns = revision.patternProperties;
    for (const [key, schema] of basePatterns ?? []) {
      const other = revisionPatterns?.get(key) ?? schemaOrUndefined(revision.additionalProperties);
      if (other) this.child(pair, schema, other);
    }
    for (const [key, schema] of revisionPatterns ?? []) {
      if (basePatterns?.has(key)) continue;
      const other = schemaOrUndefined(base.additionalProperties);
      if (other) this.child(pair, other, schema);
    }
  }

  private pairIfBoth(pair: SchemaPair, base: Schema | undefined, revision: Schema | undefined): void {
    if (base && revision) this.child(pair, base, revision);
  }

  private pairMaps(pair: SchemaPair, base: Map<string, Schema> | undefined, revision: Map<string, Schema> | undefined) {
    if (!base || !revision) return;
    for (const [key, schema] of base) {
      const other = revision.get(key);
      if (other) this.child(pair, schema, other);
    }
  }

  /**
   * oneOf/anyOf: match each base variant with the revision variant that describes the same thing
   * (same component, same discriminator value, same title, same shape), then compare matched ones.
   * A non-union side counts as a union of one.
   */
  private fillVariants(pair: SchemaPair): void {
    pair.isUnion = true;
    const baseVariants = variantsOf(pair.base.core);
    const revisionVariants = variantsOf(pair.revision.core);
    const unmatchedRevision = new Set(revisionVariants);
    const unmatchedBase: Schema[] = [];
    const matched: [Schema, Schema][] = [];
    const matchers: ((a: Schema, b: Schema) => boolean)[] = [
      (a, b) => unwrap(a) === unwrap(b),
      (a, b) => componentOf(a) !== null && componentOf(a) === componentOf(b),
      (a, b) =>
        discriminatorValue(a, pair.base.core) !== undefined &&
        discriminatorValue(a, pair.base.core) === discriminatorValue(b, pair.revision.core),
      (a, b) => unwrap(a).title !== undefined && unwrap(a).title === unwrap(b).title,
      (a, b) => shapeOf(a) === shapeOf(b),
      (a, b) => typeNames(a) === typeNames(b),
    ];
    let remaining = baseVariants;
    for (const matches of matchers) {
      const next: Schema[] = [];
      for (const base of remaining) {
        let found: Schema | undefined;
        for (const candidate of unmatchedRevision) {
          if (matches(base, candidate)) {
            found = candidate;
            break;
          }
        }
        if (found) {
          unmatchedRevision.delete(found);
          matched.push([base, found]);
        } else next.push(base);
      }
      remaining = next;
    }
    unmatchedBase.push(...remaining);
    // One variant changed beyond recognition on each side: compare them rather than report a swap.
    if (unmatchedBase.length === 1 && unmatchedRevision.size === 1) {
      matched.push([unmatchedBase[0], [...unmatchedRevision][0]]);
      unmatchedBase.length = 0;
      unmatchedRevision.clear();
    }
    for (const [base, revision] of matched) this.child(pair, base, revision);
    pair.removedVariants = unmatchedBase;
    pair.addedVariants = [...unmatchedRevision];
  }
}

function variantsOf(core: Schema): Schema[] {
  const variants = core.oneOf ?? core.anyOf ?? typeVariantsOf(core);
  if (variants) return variants;
  // A plain schema is a union of one; it has no oneOf/anyOf, so comparing it cannot loop back here.
  return [core];
}

function componentOf(schema: Schema): string | null {
  let current: Schema | undefined = schema;
  while (current) {
    if (current.component) return current.component;
    current = current.derivedFrom ?? aliasOf(current);
  }
  return null;
}

function discriminatorValue(variant: Schema, union: Schema): string | undefined {
  const discriminator = union.discriminator;
  if (!discriminator) return undefined;
  const property = unwrap(variant).properties.get(discriminator.propertyName);
  const values = property ? unwrap(property).enum : undefined;
  if (values && values.length === 1) return String(values[0]);
  const component = componentOf(variant);
  if (!component) return undefined;
  const name = component.slice(component.lastIndexOf('/') + 1);
  for (const [value, target] of discriminator.mapping) if (target === name) return value;
  return name;
}

function shapeOf(schema: Schema): string {
  const core = unwrap(schema);
  return `${typeNames(schema)}|${[...core.properties.keys()].sort().join(',')}|${core.enum ? JSON.stringify(core.enum) : ''}`;
}

function typeNames(schema: Schema): string {
  const core = unwrap(schema);
  return core.types ? [...core.types].sort().join(',') : '*';
}

/** What an array allows after its tuple positions: its `items`, anything, or nothing (`false`). */
function itemsOf(schema: Schema): Schema | undefined {
  if (isSchema(schema.items)) return schema.items;
  if (schema.items === false) return undefined;
  return anySchemaFor(schema, 'items');
}

/**
 * The `{}` standing for what an object without a value schema allows under `keyword`: anything,
 * unless the keyword (or, for additionalProperties, unevaluatedProperties) closes or constrains it.
 */
function openValue(core: Schema, keyword: 'additionalProperties' | 'unevaluatedProperties'): Schema | undefined {
  const own = core[keyword];
  if (own === false) return undefined;
  const other = keyword === 'additionalProperties' ? core.unevaluatedProperties : core.additionalProperties;
  if (own === undefined && other !== undefined && other !== true) return undefined;
  return anySchemaFor(core, keyword);
}

function schemaOrUndefined(value: Schema | boolean | undefined): Schema | undefined {
  return typeof value === 'object' ? value : undefined;
}

function mayBeObject(schema: Schema): boolean {
  return schema.types === undefined || schema.types.has('object');
}

function isArrayLike(schema: Schema): boolean {
  return (
    schema.types === undefined ||
    schema.types.has('array') ||
    schema.items !== undefined ||
    schema.prefixItems !== undefined
  );
}

function isSchema(value: Schema | boolean | undefined): value is Schema {
  return typeof value === 'object';
}

function depthError(schema: Schema): AppError {
  return new AppError(
    'LIMIT_EXCEEDED',
    `Could not compare "${schema.doc.source.displayName}": schemas nest deeper than the ${formatCount(MAX_DEPTH)}-level depth limit (through $refs) at ${schema.pointer || '/'}; expected at most ${formatCount(MAX_DEPTH)} levels. ${retryAdvice(false, 'Fix the contract')}`,
  );
}
