/**
 * The normalized contract: what the diff compares. Spelling differences that mean the same set of
 * values (nullable forms, single-branch wrappers, Swagger 2.0 vs OpenAPI 3, 3.0 vs 3.1 keywords,
 * path parameter names) are gone here, so rules never see them (DESIGN.md §3).
 */
import type { ParsedDocument } from '../load/types.js';

/** Where a normalized object was written: which file and which JSON pointer in it. */
export interface Located {
  doc: ParsedDocument;
  pointer: string;
}

export type SchemaTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** A JSON Schema node. One node per definition: a `$ref` target is one node shared by all users. */
export interface Schema extends Located {
  /** Identity for memoized comparison. */
  uid: number;
  /** `#/components/schemas/X` (or `#/definitions/X`) when this node is a named component. */
  component: string | null;
  /**
   * A wrapper that only adds nullability or annotations around one other schema
   * (`anyOf: [X, {type: null}]`, `allOf: [X]`, `$ref` with siblings). Compare `alias` instead.
   */
  alias?: Schema;
  /**
   * A oneOf/anyOf branch with the keywords written beside the union pushed into it (they apply to
   * every branch): the branch as written, for its name and component. Undefined otherwise.
   */
  derivedFrom?: Schema;
  /** `false` boolean schema (nothing allowed). */
  isFalse: boolean;
  /** Allowed JSON types without `null`; undefined means any type. */
  types?: Set<SchemaTypeName>;
  nullable: boolean;
  /** Allowed values (`enum`, or `const` as a one-value enum), without null. */
  enum?: unknown[];
  /**
   * `x-extensible-enum` (Zalando): the known values of an open enum. It does not restrict what is
   * allowed, but a value leaving it tells clients the server no longer takes it.
   */
  extensibleEnum?: unknown[];
  properties: Map<string, Schema>;
  required: Set<string>;
  additionalProperties?: Schema | boolean;
  patternProperties?: Map<string, Schema>;
  propertyNames?: Schema;
  dependentRequired?: Map<string, string[]>;
  dependentSchemas?: Map<string, Schema>;
  minProperties?: number;
  maxProperties?: number;
  items?: Schema | boolean;
  prefixItems?: Schema[];
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  unevaluatedProperties?: Schema | boolean;
  unevaluatedItems?: Schema | boolean;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  contentMediaType?: string;
  contentEncoding?: string;
  contentSchema?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  /** allOf branches that could not be merged into this node. */
  allOf?: Schema[];
  not?: Schema;
  ifSchema?: Schema;
  thenSchema?: Schema;
  elseSchema?: Schema;
  discriminator?: { propertyName: string; mapping: Map<string, string> };
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** `x-sunset` date (ISO string) if any: clients were told they may use it until then. */
  sunset?: string;
  hasDefault: boolean;
  default?: unknown;
  title?: string;
  /** The raw schema object, for keywords compared by equality only (if/then/else, not). */
  raw?: unknown;
}

export interface MediaType extends Located {
  name: string;
  schema?: Schema;
}

export interface Parameter extends Located {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  /** Matching key: `in:name` (header names lower-cased); path parameters by position: `path:#0`. */
  key: string;
  required: boolean;
  deprecated: boolean;
  /** `x-sunset` date (ISO string) if any: clients were told they may send it until then. */
  sunset?: string;
  style: string;
  explode: boolean;
  schema?: Schema;
}

export interface RequestBody extends Located {
  required: boolean;
  content: Map<string, MediaType>;
}

export interface Header extends Located {
  name: string;
  required: boolean;
  deprecated: boolean;
  schema?: Schema;
}

export interface Response extends Located {
  /** `200`, `2XX` or `default`. */
  status: string;
  content: Map<string, MediaType>;
  /** Keyed by lower-cased header name. */
  headers: Map<string, Header>;
}

/** One alternative of a security requirement: scheme name -> scopes. Empty map = anonymous. */
export type SecurityAlternative = Map<string, string[]>;

export interface SecurityScheme extends Located {
  name: string;
  /** A canonical description of what a client must do, e.g. `apiKey header X-Key`, `http bearer`. */
  signature: string;
}

export interface Operation extends Located {
  /** Matching key: `GET /items/{}`. */
  key: string;
  method: string;
  path: string;
  operationId?: string;
  deprecated: boolean;
  /** `x-sunset` date (ISO string) if any. */
  sunset?: string;
  parameters: Map<string, Parameter>;
  requestBody?: RequestBody;
  responses: Map<string, Response>;
  /** Effective security (operation's, else the document's); undefined = none declared. */
  security?: SecurityAlternative[];
  securityPointer: string;
  /** The raw objects this operation was read from (operation, path-level parameters). */
  sources: unknown[];
  /**
   * Where its schemas are, without building parameters and responses: for the diff's shortcut on
   * operations written identically whose referenced schemas changed. Undefined when not available.
   */
  schemaPositions?(): SchemaPositions | undefined;
}

/** One place an operation holds a schema, as the full build would name and build it. */
export interface SchemaPosition {
  /** Stable within one operation: `parameter query:limit`, `request application/json`, ... */
  key: string;
  direction: 'request' | 'response';
  /** The schema as written (a `$ref` object, say). */
  raw: unknown;
  /** The node the full build gives it (built on demand: an unchanged schema needs none). */
  build(): Schema;
  /** A parameter's value (sent as text), not a body or header. */
  parameter: boolean;
}

export interface SchemaPositions {
  positions: SchemaPosition[];
  /**
   * Every object holding those schemas after following `$ref`s (parameters, request body,
   * responses, headers): the shortcut applies only when these are written identically too.
   */
  holders: unknown[];
  /** Everything above is in the operation's own document (no `$ref` into another file). */
  local: boolean;
}

export interface Server extends Located {
  url: string;
  /** Path part of the URL with variables substituted by their defaults, without trailing slash. */
  basePath: string;
}

export interface Contract {
  doc: ParsedDocument;
  /** Follows `$ref`s of this contract's documents (checks references of parts never compared). */
  references: {
    resolve(
      ref: string,
      from: { doc: ParsedDocument; pointer: string },
    ): { doc: ParsedDocument; pointer: string; value: unknown };
  };
  /** `2.0`, `3.0.x` or `3.1.x` as written. */
  version: string;
  operations: Map<string, Operation>;
  servers: Server[];
  securitySchemes: Map<string, SecurityScheme>;
}
