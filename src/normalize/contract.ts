/**
 * Builds the normalized Contract from a parsed OpenAPI 3.0/3.1 or Swagger 2.0 document.
 * Swagger 2.0 is converted to the OpenAPI 3 shape first (swagger2-to-oas3.ts); positions still
 * point into the original file through the converter's `origins` map.
 */
import { AppError, retryAdvice } from '../errors.js';
import { appendPointer } from '../load/pointer.js';
import type { ParsedDocument } from '../load/types.js';
import type {
  Contract,
  Header,
  MediaType,
  Operation,
  Parameter,
  RequestBody,
  Response,
  Schema,
  SchemaPosition,
  SchemaPositions,
  SecurityAlternative,
  SecurityScheme,
  Server,
} from './model.js';
import { type RefResolver, SchemaBuilder } from './schema.js';
import { convertSwagger2Lazily, type LazySwagger2Conversion } from './swagger2-to-oas3.js';

type Json = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `/items/{item_id}/tags/{tag}` -> `/items/{}/tags/{}`: parameter names do not change the URL. */
export function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** What kind of document this is; throws the load error users see for anything else. */
export function detectVersion(root: unknown, role: string, name: string): string {
  const document = root as Json;
  if (typeof document.openapi === 'string' || typeof document.openapi === 'number') {
    const version = String(document.openapi);
    if (/^3\.[01](\.\d+)?(-.*)?$/.test(version)) return version;
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `Unsupported document: ${role} spec "${name}" says "openapi: ${version}"; expected "openapi: 3.0.x" or "openapi: 3.1.x" (or "swagger: 2.0"). ${retryAdvice(false, 'Convert the document')}`,
    );
  }
  if (document.swagger !== undefined) {
    const version = String(document.swagger);
    if (version === '2.0' || version === '2') return '2.0';
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `Unsupported document: ${role} spec "${name}" says "swagger: ${version}"; expected "swagger: 2.0" or "openapi: 3.x". ${retryAdvice(false, 'Convert the document')}`,
    );
  }
  const keys = Object.keys(document).slice(0, 5).join(', ');
  throw new AppError(
    'NOT_OPENAPI',
    `Not an OpenAPI document: ${role} spec "${name}" has no "openapi" or "swagger" field (top-level keys: ${keys || 'none'}); expected "openapi: 3.x" or "swagger: 2.0". ${retryAdvice(false, 'Point holdfast at the OpenAPI file')}`,
  );
}

export function buildContract(doc: ParsedDocument, resolver: RefResolver, role: string): Contract {
  const version = detectVersion(doc.root, role, doc.source.displayName);
  const swagger = version === '2.0' ? convertSwagger2Lazily(doc.root as Json) : undefined;
  return new ContractBuilder(doc, resolver, swagger).build(version);
}

class ContractBuilder {
  private readonly schemas: SchemaBuilder;
  /** The OpenAPI 3 document: the parsed one, or for Swagger 2.0 its conversion (without `paths`). */
  private readonly root: Json;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly resolver: RefResolver,
    /** Swagger 2.0 only: operations are converted one by one, when first built. */
    private readonly swagger: LazySwagger2Conversion | undefined,
  ) {
    this.schemas = new SchemaBuilder(resolver);
    this.root = swagger ? swagger.document : (doc.root as Json);
  }

  build(version: string): Contract {
    const operations = new Map<string, Operation>();
    // Swagger path items are read as written; each operation is converted when it is built.
    const paths = asObject((this.doc.root as Json).paths);
    const globalSecurity = this.security(this.root.security);
    for (const path of Object.keys(paths)) {
      if (path.startsWith('x-')) continue; // an extension, not a path
      const pathPointer = appendPointer('/paths', path);
      const { value: pathItem, pointer: itemPointer, doc } = this.deref(paths[path], this.doc, pathPointer);
      const item = asObject(pathItem);
      for (const method of HTTP_METHODS) {
        const raw = item[method];
        if (!isObject(raw)) continue;
        const pointer = this.pointerOf(raw, appendPointer(itemPointer, method));
        const operation = this.operation(raw, doc, pointer, method, path, item, itemPointer, globalSecurity);
        operations.set(operation.key, operation);
      }
    }
    return {
      doc: this.doc,
      references: this.resolver,
      version,
      operations,
      servers: this.servers(),
      securitySchemes: this.securitySchemes(),
    };
  }

  private pointerOf(object: object, fallback: string): string {
    return this.swagger?.originOf(object) ?? fallback;
  }

  /** Follow `$ref` chains on non-schema objects (parameters, responses, path items, ...). */
  private deref(
    value: unknown,
    doc: ParsedDocument,
    pointer: string,
  ): { value: unknown; doc: ParsedDocument; pointer: string } {
    let current = { value, doc, pointer };
    const seen = new Set<unknown>();
    while (isObject(current.value) && typeof current.value.$ref === 'string') {
      if (seen.has(current.value)) {
        // A parameter, body, response or path item that is only a $ref to itself describes
        // nothing; dropping it silently would hide an operation's inputs.
        throw new AppError(
          'REF_UNRESOLVED',
          `Could not resolve $ref "${current.value.$ref}" used at ${current.pointer || '/'} in ${current.doc.source.displayName}: it leads back to itself (a $ref cycle); expected a chain of $refs that ends at an object. ${retryAdvice(false, 'Fix the reference')}`,
        );
      }
      seen.add(current.value);
      const resolved = this.resolver.resolve(current.value.$ref, { doc: current.doc, pointer: current.pointer });
      current = { value: resolved.value, doc: resolved.doc, pointer: resolved.pointer };
    }
    return current;
  }

  private operation(
    raw: Json,
    doc: ParsedDocument,
    pointer: string,
    method: string,
    path: string,
    item: Json,
    itemPointer: string,
    globalSecurity: SecurityAlternative[] | undefined,
  ): Operation {
    const swagger = this.swagger;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const ownSecurity = this.security(raw.security);
    // Parameters, bodies and responses (and their schemas) are built on first use: the diff
    // skips operations that are identical in both documents, so most are never built.
    const parts = () => {
      const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
      // A converted Swagger operation already holds its path item's parameters.
      const source = swagger ? swagger.operation(item, itemPointer, method) : raw;
      const parameters = new Map<string, Parameter>();
      const addAll = (list: unknown, listPointer: string) => {
        if (!Array.isArray(list)) return;
        list.forEach((entry, index) => {
          const parameter = this.parameter(entry, doc, appendPointer(listPointer, index), templateNames);
          if (parameter) parameters.set(parameter.key, parameter);
        });
      };
      // Operation-level parameters override path-level ones with the same location and name.
      if (!swagger) addAll(shared, appendPointer(itemPointer, 'parameters'));
      addAll(source.parameters, appendPointer(pointer, 'parameters'));
      const responses = new Map<string, Response>();
      const rawResponses = asObject(source.responses);
      for (const status of Object.keys(rawResponses)) {
        const response = this.response(rawResponses[status], doc, appendPointer(pointer, 'responses', status), status);
        responses.set(response.status, response);
      }
      const requestBody =
        source.requestBody === undefined
          ? undefined
          : this.requestBody(source.requestBody, doc, appendPointer(pointer, 'requestBody'));
      return { parameters, responses, requestBody };
    };
    const positions = () => this.schemaPositions(raw, doc, pointer, path, item, itemPointer);
    return new LazyOperation(parts, positions, {
      doc,
      pointer,
      key: `${method.toUpperCase()} ${pathKey(path)}`,
      method: method.toUpperCase(),
      path,
      operationId: typeof raw.operationId === 'string' ? raw.operationId : undefined,
      deprecated: raw.deprecated === true,
      sunset: sunsetOf(raw),
      security: ownSecurity ?? globalSecurity,
      securityPointer: ownSecurity ? appendPointer(pointer, 'security') : '/security',
      // What the operation's contract is read from, for the diff's proof that it did not change.
      sources: swagger ? [raw, shared, swagger.operationDefaults] : [raw, shared],
    });
  }

  private parameter(
    entry: unknown,
    doc: ParsedDocument,
    pointer: string,
    templateNames: string[],
  ): Parameter | undefined {
    const resolved = this.deref(entry, doc, this.pointerOf(asObject(entry), pointer));
    const raw = asObject(resolved.value);
    const location = raw.in;
    if (
      typeof raw.name !== 'string' ||
      (location !== 'path' && location !== 'query' && location !== 'header' && location !== 'cookie')
    ) {
      return undefined;
    }
    const at = this.pointerOf(raw, resolved.pointer);
    const key = parameterKey(raw.name, location, templateNames);
    const style =
      typeof raw.style === 'string' ? raw.style : location === 'query' || location === 'cookie' ? 'form' : 'simple';
    const schema = this.parameterSchema(raw, resolved.doc, at);
    return {
      doc: resolved.doc,
      pointer: at,
      name: raw.name,
      in: location,
      key,
      required: raw.required === true || location === 'path',
      deprecated: raw.deprecated === true,
      sunset: sunsetOf(raw),
      style,
      explode: typeof raw.explode === 'boolean' ? raw.explode : style === 'form',
      schema,
    };
  }

  /** A parameter's `schema`, or the schema of its one `content` entry. */
  private parameterSchema(raw: Json, doc: ParsedDocument, at: string): Schema | undefined {
    if (raw.schema !== undefined) {
      return this.schemas.build(raw.schema, doc, this.pointerOf(asObject(raw.schema), appendPointer(at, 'schema')));
    }
    if (!isObject(raw.content)) return undefined;
    const [mediaName] = Object.keys(raw.content);
    const media = asObject(raw.content[mediaName]);
    if (media.schema === undefined) return undefined;
    return this.schemas.build(media.schema, doc, appendPointer(at, 'content', mediaName, 'schema'));
  }

  /** Where a media type object's schema is reported: the converter's origin for Swagger 2.0 bodies. */
  private mediaSchemaPointer(media: Json, at: string): string {
    if (this.swagger?.originOf(media) === undefined) return appendPointer(at, 'schema');
    return at.endsWith('/schema') ? at : `${at}/schema`;
  }

  private content(raw: unknown, doc: ParsedDocument, pointer: string): Map<string, MediaType> {
    const content = new Map<string, MediaType>();
    const object = asObject(raw);
    for (const name of Object.keys(object)) {
      const media = asObject(object[name]);
      const at = this.pointerOf(media, appendPointer(pointer, name));
      content.set(name.toLowerCase(), {
        doc,
        pointer: at,
        name,
        schema:
          media.schema === undefined
            ? undefined
            : this.schemas.build(media.schema, doc, this.mediaSchemaPointer(media, at)),
      });
    }
    return content;
  }

  private requestBody(entry: unknown, doc: ParsedDocument, pointer: string): RequestBody {
    const resolved = this.deref(entry, doc, this.pointerOf(asObject(entry), pointer));
    const raw = asObject(resolved.value);
    const at = this.pointerOf(raw, resolved.pointer);
    return {
      doc: resolved.doc,
      pointer: at,
      required: raw.required === true,
      content: this.content(raw.content, resolved.doc, appendPointer(at, 'content')),
    };
  }

  private response(entry: unknown, doc: ParsedDocument, pointer: string, status: string): Response {
    const resolved = this.deref(entry, doc, this.pointerOf(asObject(entry), pointer));
    const raw = asObject(resolved.value);
    const at = this.pointerOf(raw, resolved.pointer);
    const headers = new Map<string, Header>();
    const rawHeaders = asObject(raw.headers);
    for (const name of Object.keys(rawHeaders)) {
      const headerPointer = appendPointer(at, 'headers', name);
      const header = this.deref(
        rawHeaders[name],
        resolved.doc,
        this.pointerOf(asObject(rawHeaders[name]), headerPointer),
      );
      const value = asObject(header.value);
      const headerAt = this.pointerOf(value, header.pointer);
      headers.set(name.toLowerCase(), {
        doc: header.doc,
        pointer: headerAt,
        name,
        required: value.required === true,
        deprecated: value.deprecated === true,
        schema: this.headerSchema(value, header.doc, headerAt),
      });
    }
    return {
      doc: resolved.doc,
      pointer: at,
      status: /^[1-5]xx$/i.test(status) ? status.toUpperCase() : status,
      content: this.content(raw.content, resolved.doc, appendPointer(at, 'content')),
      headers,
    };
  }

  /** A header's `schema`, or the schema of its one `content` entry. */
  private headerSchema(value: Json, doc: ParsedDocument, headerAt: string): Schema | undefined {
    let schemaRaw: unknown = value.schema;
    let schemaPointer = appendPointer(headerAt, 'schema');
    if (schemaRaw === undefined && isObject(value.content)) {
      const [mediaName] = Object.keys(value.content);
      schemaRaw = asObject(value.content[mediaName]).schema;
      schemaPointer = appendPointer(headerAt, 'content', mediaName, 'schema');
    }
    if (schemaRaw === undefined) return undefined;
    return this.schemas.build(schemaRaw, doc, this.pointerOf(asObject(schemaRaw), schemaPointer));
  }

  /**
   * The schemas of an operation and the objects holding them, read from the document as written
   * (no parameters, bodies or responses built; Swagger 2.0 not converted). Mirrors the pointers and
   * keys the full build gives, so a pair compared here is the pair the full diff would compare.
   */
  private schemaPositions(
    raw: Json,
    doc: ParsedDocument,
    pointer: string,
    path: string,
    item: Json,
    itemPointer: string,
  ): SchemaPositions {
    const positions = new Map<string, SchemaPosition>();
    const holders: unknown[] = [];
    let local = true;
    const hold = (value: Json, from: ParsedDocument) => {
      holders.push(value);
      if (from !== doc) local = false;
    };
    const swagger = this.swagger !== undefined;
    const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
    const put: PutPosition = (key, direction, rawSchema, build, parameter = false) => {
      // A later declaration (operation over path item) replaces an earlier one, schema or not.
      if (rawSchema === undefined) positions.delete(key);
      else positions.set(key, { key, direction, raw: rawSchema, build: build as () => Schema, parameter });
    };
    const parameters = (list: unknown, listPointer: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((entry, index) => {
        const resolved = this.deref(entry, doc, this.pointerOf(asObject(entry), appendPointer(listPointer, index)));
        const value = asObject(resolved.value);
        hold(value, resolved.doc);
        const location = value.in;
        if (typeof value.name !== 'string' || typeof location !== 'string') return;
        if (swagger) {
          // Swagger: only a body has a schema of its own; the others' value keywords are in `holders`.
          if (location === 'body') {
            put('body', 'request', value.schema, () =>
              this.schemas.build(value.schema, resolved.doc, appendPointer(resolved.pointer, 'schema')),
            );
          }
          return;
        }
        const at = this.pointerOf(value, resolved.pointer);
        put(
          `parameter ${parameterKey(value.name, location, templateNames)}`,
          'request',
          value.schema ?? firstContentSchema(value),
          () => this.parameterSchema(value, resolved.doc, at),
          true,
        );
      });
    };
    parameters(item.parameters, appendPointer(itemPointer, 'parameters'));
    parameters(raw.parameters, appendPointer(pointer, 'parameters'));
    if (!swagger && raw.requestBody !== undefined) {
      const requestPointer = appendPointer(pointer, 'requestBody');
      const resolved = this.deref(raw.requestBody, doc, this.pointerOf(asObject(raw.requestBody), requestPointer));
      const body = asObject(resolved.value);
      hold(body, resolved.doc);
      const at = this.pointerOf(body, resolved.pointer);
      this.contentPositions(body.content, resolved.doc, appendPointer(at, 'content'), 'request', put);
    }
    const responses = asObject(raw.responses);
    for (const status of Object.keys(responses)) {
      if (swagger && status.startsWith('x-')) continue;
      const responsePointer = appendPointer(pointer, 'responses', status);
      const resolved = this.deref(responses[status], doc, this.pointerOf(asObject(responses[status]), responsePointer));
      const response = asObject(resolved.value);
      hold(response, resolved.doc);
      if (swagger) {
        put(`response ${status}`, 'response', response.schema, () =>
          this.schemas.build(response.schema, resolved.doc, appendPointer(resolved.pointer, 'schema')),
        );
        continue;
      }
      const at = this.pointerOf(response, resolved.pointer);
      const prefix = `response ${status}`;
      this.contentPositions(
        response.content,
        resolved.doc,
        appendPointer(at, 'content'),
        'response',
        (key, direction, rawSchema, build) => put(`${prefix} ${key}`, direction, rawSchema, build),
      );
      const headers = asObject(response.headers);
      for (const name of Object.keys(headers)) {
        const headerPointer = appendPointer(at, 'headers', name);
        const header = this.deref(headers[name], resolved.doc, this.pointerOf(asObject(headers[name]), headerPointer));
        const value = asObject(header.value);
        hold(value, header.doc);
        const headerAt = this.pointerOf(value, header.pointer);
        put(`${prefix} header ${name.toLowerCase()}`, 'response', value.schema ?? firstContentSchema(value), () =>
          this.headerSchema(value, header.doc, headerAt),
        );
      }
    }
    return { positions: [...positions.values()], holders, local };
  }

  private contentPositions(
    raw: unknown,
    doc: ParsedDocument,
    pointer: string,
    direction: SchemaPosition['direction'],
    put: PutPosition,
  ): void {
    const content = asObject(raw);
    for (const name of Object.keys(content)) {
      const media = asObject(content[name]);
      if (media.schema === undefined) continue;
      put(name.toLowerCase(), direction, media.schema, () => {
        const at = this.pointerOf(media, appendPointer(pointer, name));
        return this.schemas.build(media.schema, doc, this.mediaSchemaPointer(media, at));
      });
    }
  }

  private security(raw: unknown): SecurityAlternative[] | undefined {
    if (!Array.isArray(raw)) return undefined;
    return raw.filter(isObject).map((requirement) => {
      const alternative: SecurityAlternative = new Map();
      for (const [name, scopes] of Object.entries(requirement)) {
        alternative.set(name, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : []);
      }
      return alternative;
    });
  }

  private securitySchemes(): Map<string, SecurityScheme> {
    const schemes = new Map<string, SecurityScheme>();
    const raw = asObject(asObject(this.root.components).securitySchemes);
    for (const name of Object.keys(raw)) {
      const pointer = appendPointer('/components/securitySchemes', name);
      const resolved = this.deref(raw[name], this.doc, this.pointerOf(asObject(raw[name]), pointer));
      const scheme = asObject(resolved.value);
      schemes.set(name, {
        doc: resolved.doc,
        pointer: this.pointerOf(scheme, resolved.pointer),
        name,
        signature: signatureOf(scheme),
      });
    }
    return schemes;
  }

  private servers(): Server[] {
    const basePath = this.root['x-base-path'];
    const list = Array.isArray(this.root.servers) ? this.root.servers : [];
    const servers: Server[] = [];
    list.forEach((raw, index) => {
      if (!isObject(raw) || typeof raw.url !== 'string') return;
      const url = substituteVariables(raw.url, asObject(raw.variables));
      servers.push({
        doc: this.doc,
        pointer: this.pointerOf(raw, `/servers/${index}`),
        url,
        basePath: typeof basePath === 'string' ? trimSlash(basePath) : basePathOf(url),
      });
    });
    if (servers.length === 0 && typeof basePath === 'string') {
      servers.push({ doc: this.doc, pointer: '/basePath', url: basePath, basePath: trimSlash(basePath) });
    }
    return servers;
  }
}

type OperationParts = Pick<Operation, 'parameters' | 'responses' | 'requestBody'>;

/** An operation whose parameters, request body and responses are built when first read. */
class LazyOperation implements Operation {
  doc: ParsedDocument;
  pointer: string;
  key: string;
  method: string;
  path: string;
  operationId?: string;
  deprecated: boolean;
  sunset?: string;
  security?: SecurityAlternative[];
  securityPointer: string;
  sources: unknown[];
  private built?: OperationParts;

  constructor(
    private readonly build: () => OperationParts,
    private readonly positions: () => SchemaPositions,
    fields: Omit<Operation, keyof OperationParts | 'schemaPositions'>,
  ) {
    this.doc = fields.doc;
    this.pointer = fields.pointer;
    this.key = fields.key;
    this.method = fields.method;
    this.path = fields.path;
    this.operationId = fields.operationId;
    this.deprecated = fields.deprecated;
    this.sunset = fields.sunset;
    this.security = fields.security;
    this.securityPointer = fields.securityPointer;
    this.sources = fields.sources;
  }

  schemaPositions(): SchemaPositions {
    return this.positions();
  }

  private parts(): OperationParts {
    this.built ??= this.build();
    return this.built;
  }

  get parameters() {
    return this.parts().parameters;
  }

  get responses() {
    return this.parts().responses;
  }

  get requestBody() {
    return this.parts().requestBody;
  }
}

const checkedValues = new WeakMap<Contract, WeakSet<object>>();

/** A value met by the reference check; its pointer is built only for an error message. */
interface Visit {
  value: unknown;
  doc: ParsedDocument;
  /** Set for where a walk starts (an operation, a reference target); else parent + key. */
  pointer?: string;
  parent?: Visit;
  key?: string | number;
}

function pointerOfVisit(visit: Visit): string {
  if (visit.pointer !== undefined) return visit.pointer;
  return appendPointer(visit.parent ? pointerOfVisit(visit.parent) : '', visit.key ?? '');
}

/**
 * Throws the load error for the first `$ref` under an operation (transitively) that does not
 * resolve. Parts that are compared resolve their references as they are built; operations only
 * on one side (added, removed) are never built, so the diff checks them with this.
 */
export function assertReferencesResolve(contract: Contract, operation: Operation): void {
  const pending: Visit[] = operation.sources.map((value, index) => ({
    value,
    doc: operation.doc,
    pointer: index === 0 ? operation.pointer : operation.pointer.replace(/\/[^/]*$/, '/parameters'),
  }));
  checkReferences(contract, pending);
}

/**
 * The same check for a part only one side of a compared operation has (an added property, a
 * removed response): the diff does not descend into it, so nothing else would resolve its references.
 */
export function assertPartReferencesResolve(
  contract: Contract,
  part: { raw?: unknown; doc: ParsedDocument; pointer: string },
): void {
  checkReferences(contract, [{ value: part.raw, doc: part.doc, pointer: part.pointer }]);
}

function checkReferences(contract: Contract, pending: Visit[]): void {
  // Shared by all checks of the contract: a component checked once is not walked again.
  let seen = checkedValues.get(contract);
  if (!seen) {
    seen = new WeakSet<object>();
    checkedValues.set(contract, seen);
  }
  while (pending.length > 0) {
    const visit = pending.pop() as Visit;
    const { value, doc } = visit;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (item !== null && typeof item === 'object') pending.push({ value: item, doc, parent: visit, key: index });
      }
      continue;
    }
    for (const key in value) {
      const item = (value as Json)[key];
      if (key === '$ref' && typeof item === 'string') {
        const target = contract.references.resolve(item, {
          doc,
          get pointer() {
            return pointerOfVisit(visit);
          },
        });
        pending.push({ value: target.value, doc: target.doc, pointer: target.pointer });
      } else if (item !== null && typeof item === 'object') {
        pending.push({ value: item, doc, parent: visit, key });
      }
    }
  }
}

/** Records where a schema is (`rawSchema` as written; undefined: none there) and how to build it. */
type PutPosition = (
  key: string,
  direction: SchemaPosition['direction'],
  rawSchema: unknown,
  build: () => Schema | undefined,
  parameter?: boolean,
) => void;

/** The schema of the one `content` entry of a parameter or header. */
function firstContentSchema(value: Json): unknown {
  if (!isObject(value.content)) return undefined;
  const [mediaName] = Object.keys(value.content);
  return asObject(value.content[mediaName]).schema;
}

/** How parameters are matched: path parameters by position in the template, headers case-insensitively. */
function parameterKey(name: string, location: string, templateNames: string[]): string {
  const position = location === 'path' ? templateNames.indexOf(name) : -1;
  if (location === 'path' && position >= 0) return `path:#${position}`;
  return `${location}:${location === 'header' ? name.toLowerCase() : name}`;
}

function signatureOf(scheme: Json): string {
  const type = String(scheme.type ?? '');
  if (type === 'apiKey') return `apiKey ${String(scheme.in)} ${String(scheme.name).toLowerCase()}`;
  if (type === 'http') return `http ${String(scheme.scheme ?? '').toLowerCase()}`;
  if (type === 'oauth2') return `oauth2 ${Object.keys(asObject(scheme.flows)).sort().join(',')}`;
  if (type === 'openIdConnect') return `openIdConnect ${String(scheme.openIdConnectUrl)}`;
  return type;
}

function substituteVariables(url: string, variables: Json): string {
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = asObject(variables[name]);
    return typeof variable.default === 'string' ? variable.default : whole;
  });
}

function basePathOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
  const path = match ? (match[1] ?? '') : url;
  return trimSlash(path.split(/[?#]/)[0]);
}

function trimSlash(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** `x-sunset` (or `x-sunset-date`) as an ISO date string; YAML may have read it as a Date. */
function sunsetOf(raw: Record<string, unknown>): string | undefined {
  const sunset = raw['x-sunset'] ?? raw['x-sunset-date'];
  if (sunset === undefined) return undefined;
  return String(sunset instanceof Date ? sunset.toISOString().slice(0, 10) : sunset);
}
