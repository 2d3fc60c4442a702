/**
 * Swagger 2.0 -> OpenAPI 3.0 shape, so one set of diff rules serves both (DESIGN.md §3).
 *
 * The conversion is structural and cheap: schema objects (definitions, body schemas, response schemas,
 * parameter `items`) are reused by identity and never copied or rewritten, so `$ref`s inside them still
 * read `#/definitions/X` and must be resolved against the original document. Every object this module
 * creates is recorded in `origins` with the RFC 6901 pointer of the Swagger node it came from, so source
 * positions can be reported against the file the user wrote.
 *
 * Spec: https://swagger.io/specification/v2/ -> https://spec.openapis.org/oas/v3.0.3
 */

type JsonObject = Record<string, unknown>;

/** The result of {@link convertSwagger2}. */
export interface ConvertedDocument {
  /** OpenAPI 3.0.3-shaped document. */
  document: Record<string, unknown>;
  /** For every object the converter CREATED (not reused), the JSON pointer in the ORIGINAL Swagger document it came from. */
  origins: Map<object, string>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);

/** Swagger 2.0 parameter and header fields that describe the value, so belong in an OAS3 `schema`. */
const SCHEMA_FIELDS = new Set([
  'type',
  'format',
  'items',
  'enum',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'x-nullable',
]);

/** Root keys that are converted (or dropped after being folded into operations) rather than copied. */
const CONVERTED_ROOT_KEYS = new Set([
  'swagger',
  'openapi',
  'x-swagger-version',
  'host',
  'basePath',
  'x-base-path',
  'schemes',
  'servers',
  'consumes',
  'produces',
  'paths',
  'definitions',
  'parameters',
  'responses',
  'securityDefinitions',
  'components',
]);

/** Operation keys that are converted rather than copied. */
const CONVERTED_OPERATION_KEYS = new Set(['parameters', 'consumes', 'produces', 'schemes', 'responses', 'requestBody']);

const DEFAULT_MEDIA_TYPES = ['application/json'];
const FORM_URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART_FORM = 'multipart/form-data';
const OCTET_STREAM_TYPES = ['application/octet-stream'];
const NO_PARAMETERS: ParameterUse[] = [];

/** Swagger 2.0 oauth2 `flow` -> OAS3 `flows` key. */
const OAUTH2_FLOWS = new Map([
  ['implicit', 'implicit'],
  ['password', 'password'],
  ['application', 'clientCredentials'],
  ['accessCode', 'authorizationCode'],
]);

/** Chains of `$ref` to `$ref` longer than this are treated as unresolvable (and catch cycles). */
const MAX_REF_HOPS = 16;

/** One Swagger parameter (inline or a `#/parameters` entry) with its conversions, built once and shared. */
interface ParameterDefinition {
  raw: JsonObject;
  pointer: string;
  /** True for a `$ref` we could not resolve: passed through unchanged. */
  unresolved: boolean;
  converted?: JsonObject;
  formProperty?: JsonObject;
  /** Body conversions keyed by the (shared) media type list: content depends on the operation's `consumes`. */
  requestBodies?: Map<string[], JsonObject>;
}

/** A parameter as listed by one path item or operation. */
interface ParameterUse {
  definition: ParameterDefinition;
  /** Pointer of the `parameters` array that lists it (where a `$ref` was written, for refs). */
  listPointer: string;
}

/** Media types a response body is served as: for ordinary schemas and for `type: file` schemas. */
interface ResponseMediaTypes {
  data: string[];
  file: string[];
  /** `#/responses` entries converted for these media types, by name: equal uses share one object. */
  referenced: Map<string, JsonObject>;
}

/** Beyond this many distinct `consumes`/`produces` lists, lists are no longer shared (bounds the linear search). */
const MAX_SHARED_MEDIA_TYPE_LISTS = 64;

/**
 * Converts a parsed Swagger 2.0 document into an OpenAPI 3.0.3-shaped object. Pure: the input is
 * never modified, and objects in it are shared into the output rather than copied.
 *
 * @example
 * const { document, origins } = convertSwagger2(JSON.parse(text));
 * document.components.schemas === swagger.definitions; // true: schemas are reused
 * origins.get(document.paths['/pets'].post.requestBody); // '/paths/~1pets/post/parameters/0'
 */
export function convertSwagger2(swagger: Record<string, unknown>): ConvertedDocument {
  const converter = new Swagger2Converter(swagger);
  const document = converter.convertDocument();
  document.paths = converter.convertPaths(swagger.paths);
  return { document, origins: converter.origins };
}

/**
 * The same conversion, operation by operation: everything but `paths` is converted at once, and
 * each operation only when `operation()` asks for it. Diffing two releases of a large Swagger API
 * (Kubernetes: a thousand operations) converts only the operations that changed.
 */
export interface LazySwagger2Conversion {
  /** The converted document without `paths` (servers, components, security schemes, base path). */
  document: JsonObject;
  /**
   * One operation of a (raw) Swagger path item, converted with the item's parameters merged in;
   * the same object on every call.
   */
  operation(item: JsonObject, itemPointer: string, method: string): JsonObject;
  /** The pointer in the Swagger document that a created object was converted from. */
  originOf(object: object): string | undefined;
  /** Document-wide settings every operation's conversion depends on (media types, schemes, host). */
  operationDefaults: JsonObject;
}

export function convertSwagger2Lazily(swagger: Record<string, unknown>): LazySwagger2Conversion {
  const converter = new Swagger2Converter(swagger);
  const document = converter.convertDocument();
  const converted = new WeakMap<JsonObject, JsonObject>();
  return {
    document,
    operation(item, itemPointer, method) {
      const raw = item[method] as JsonObject;
      let operation = converted.get(raw);
      if (operation === undefined) {
        operation = converter.convertOperation(
          raw,
          `${itemPointer}/${method}`,
          converter.pathParameters(item, itemPointer),
        );
        converted.set(raw, operation);
      }
      return operation;
    },
    originOf: (object) => converter.origins.get(object),
    operationDefaults: {
      consumes: swagger.consumes,
      produces: swagger.produces,
      schemes: swagger.schemes,
      host: swagger.host,
      basePath: swagger.basePath,
    },
  };
}

class Swagger2Converter {
  /**
   * Every created object and the Swagger pointer it came from. A Map, not a WeakMap: the objects live
   * as long as the contract anyway, and filling a WeakMap while allocating makes every young-generation
   * GC walk its ephemeron table (about 10% slower on the Kubernetes document).
   */
  readonly origins = new Map<object, string>();
  private readonly swagger: JsonObject;
  private readonly globalConsumes: string[] | undefined;
  private readonly globalProduces: string[] | undefined;
  private readonly globalSchemes: string[];
  private readonly host: string | undefined;
  private readonly basePath: string | undefined;
  /** `#/parameters` entries by name, and by `$ref` string as written (null: unresolvable). */
  private readonly referencedParameters = new Map<string, ParameterDefinition>();
  private readonly parametersByRef = new Map<string, ParameterDefinition | null>();
  private readonly pathParameterUses = new WeakMap<JsonObject, ParameterUse[]>();
  /**
   * Distinct media type lists seen so far. Operations usually repeat a handful of `consumes`/`produces`
   * lists; sharing one array per list makes the conversions that depend on it cacheable by identity.
   */
  private readonly mediaTypeLists: string[][] = [];
  private readonly responseTypesByList = new Map<string[] | undefined, ResponseMediaTypes>();
  private readonly componentResponseTypes: ResponseMediaTypes;

  constructor(swagger: JsonObject) {
    this.swagger = swagger;
    this.globalConsumes = this.mediaTypeList(swagger.consumes);
    this.globalProduces = this.mediaTypeList(swagger.produces);
    this.globalSchemes = Array.isArray(swagger.schemes) ? stringsOf(swagger.schemes) : [];
    this.host = typeof swagger.host === 'string' && swagger.host !== '' ? swagger.host : undefined;
    this.basePath = typeof swagger.basePath === 'string' ? swagger.basePath : undefined;
    this.componentResponseTypes = this.responseMediaTypes(undefined);
  }

  convertDocument(): JsonObject {
    const swagger = this.swagger;
    const document: JsonObject = { openapi: '3.0.3', 'x-swagger-version': '2.0' };
    for (const key of Object.keys(swagger)) {
      if (!CONVERTED_ROOT_KEYS.has(key)) document[key] = swagger[key];
    }
    const servers = this.buildServers(swagger.schemes, '/schemes', '/host');
    if (servers) document.servers = servers;
    // Swagger's default base path is "/" (the API is served at the host root), so absent and "/" compare equal.
    document['x-base-path'] = this.basePath ?? '/';
    const components = this.convertComponents();
    if (components) document.components = components;
    return document;
  }

  private created<T extends object>(value: T, pointer: string): T {
    this.origins.set(value, pointer);
    return value;
  }

  // --- servers -------------------------------------------------------------------------------------

  /** `host` + `basePath` + `schemes` -> one server per scheme; a relative URL when there is no host. */
  private buildServers(schemes: unknown, schemesPointer: string, listPointer: string): JsonObject[] | undefined {
    if (this.host === undefined) {
      if (this.basePath === undefined) return undefined;
      return this.created([this.created({ url: this.basePath }, '/basePath')], '/basePath');
    }
    // A trailing "/" would double the slash when a path is appended to the server URL.
    const suffix = this.basePath === undefined ? '' : this.basePath.replace(/\/+$/, '');
    const servers: JsonObject[] = [];
    if (Array.isArray(schemes)) {
      schemes.forEach((scheme, index) => {
        if (typeof scheme === 'string') {
          servers.push(this.created({ url: `${scheme}://${this.host}${suffix}` }, `${schemesPointer}/${index}`));
        }
      });
    }
    // No scheme given: Swagger says "the scheme used to access the spec", which a protocol-relative URL keeps.
    if (servers.length === 0) servers.push(this.created({ url: `//${this.host}${suffix}` }, '/host'));
    return this.created(servers, listPointer);
  }

  // --- paths and operations ------------------------------------------------------------------------

  convertPaths(paths: unknown): JsonObject {
    if (!isObject(paths)) return this.created({}, '');
    const converted = this.created<JsonObject>({}, '/paths');
    for (const path of Object.keys(paths)) {
      const item = paths[path];
      converted[path] =
        path.startsWith('x-') || !isObject(item) ? item : this.convertPathItem(item, `/paths/${escapeToken(path)}`);
    }
    return converted;
  }

  /** A path item's own parameters, resolved once: they are merged into each operation, conversions shared. */
  pathParameters(item: JsonObject, pointer: string): ParameterUse[] {
    let uses = this.pathParameterUses.get(item);
    if (uses === undefined) {
      uses = this.resolveParameterList(item.parameters, `${pointer}/parameters`);
      this.pathParameterUses.set(item, uses);
    }
    return uses;
  }

  private convertPathItem(item: JsonObject, pointer: string): JsonObject {
    const converted = this.created<JsonObject>({}, pointer);
    const pathParameters = this.pathParameters(item, pointer);
    for (const key of Object.keys(item)) {
      if (key === 'parameters') continue;
      const value = item[key];
      converted[key] =
        HTTP_METHODS.has(key) && isObject(value)
          ? this.convertOperation(value, `${pointer}/${key}`, pathParameters)
          : value;
    }
    return converted;
  }

  convertOperation(operation: JsonObject, pointer: string, pathParameters: ParameterUse[]): JsonObject {
    const converted = this.created<JsonObject>({}, pointer);
    const parametersPointer = `${pointer}/parameters`;
    const ownParameters = this.resolveParameterList(operation.parameters, parametersPointer);
    const parameters = mergeParameters(pathParameters, ownParameters);
    let parametersAdded = false;
    for (const key of Object.keys(operation)) {
      if (key === 'parameters') {
        this.addOperationParameters(converted, operation, parameters, parametersPointer);
        parametersAdded = true;
      } else if (key === 'responses') {
        const responses = operation.responses;
        converted.responses = isObject(responses)
          ? this.convertResponses(responses, `${pointer}/responses`, this.responseMediaTypes(operation.produces))
          : responses;
      } else if (!CONVERTED_OPERATION_KEYS.has(key)) converted[key] = operation[key];
    }
    if (!parametersAdded) this.addOperationParameters(converted, operation, parameters, parametersPointer);
    if (operation.schemes !== undefined) {
      const servers = this.operationServers(operation.schemes, pointer);
      if (servers) converted.servers = servers;
    }
    return converted;
  }

  /** Splits merged parameters into OAS3 `parameters` and a `requestBody` (from `body` or `formData`). */
  private addOperationParameters(
    converted: JsonObject,
    operation: JsonObject,
    parameters: ParameterUse[],
    parametersPointer: string,
  ): void {
    if (parameters.length === 0) return;
    const list: unknown[] = [];
    let body: ParameterDefinition | undefined;
    let formFields: ParameterUse[] | undefined;
    for (const use of parameters) {
      const definition = use.definition;
      const location = definition.raw.in;
      if (definition.unresolved) list.push(definition.raw);
      else if (location === 'body') body = definition;
      else if (location === 'formData') {
        formFields ??= [];
        formFields.push(use);
      } else list.push(definition.converted ?? this.convertParameter(definition));
    }
    if (list.length > 0) converted.parameters = this.created(list, parametersPointer);
    if (body === undefined && formFields === undefined) return;
    const consumes = this.mediaTypeList(operation.consumes);
    const mediaTypes = consumes === undefined ? this.globalConsumes : consumes;
    const effective = mediaTypes !== undefined && mediaTypes.length > 0 ? mediaTypes : DEFAULT_MEDIA_TYPES;
    converted.requestBody = body
      ? this.bodyRequestBody(body, effective)
      : this.formRequestBody(formFields ?? [], effective);
  }

  /** Operation `schemes` become operation `servers` only when they say something the root does not. */
  private operationServers(schemes: unknown, pointer: string): JsonObject[] | undefined {
    if (this.host === undefined || !Array.isArray(schemes)) return undefined;
    const own = stringsOf(schemes);
    if (own.length === this.globalSchemes.length && own.every((scheme) => this.globalSchemes.includes(scheme))) {
      return undefined;
    }
    return this.buildServers(schemes, `${pointer}/schemes`, `${pointer}/schemes`);
  }

  // --- parameters ----------------------------------------------------------------------------------

  private resolveParameterList(list: unknown, listPointer: string): ParameterUse[] {
    if (!Array.isArray(list) || list.length === 0) return NO_PARAMETERS;
    const uses: ParameterUse[] = [];
    for (let index = 0; index < list.length; index++) {
      const entry: unknown = list[index];
      if (!isObject(entry)) continue;
      const ref = entry.$ref;
      const definition =
        typeof ref === 'string'
          ? (this.referencedParameter(ref) ?? { raw: entry, pointer: `${listPointer}/${index}`, unresolved: true })
          : { raw: entry, pointer: `${listPointer}/${index}`, unresolved: false };
      uses.push({ definition, listPointer });
    }
    return uses;
  }

  private referencedParameter(ref: string): ParameterDefinition | undefined {
    let definition = this.parametersByRef.get(ref);
    if (definition !== undefined) return definition ?? undefined;
    const target = followLocalRef(ref, '#/parameters/', this.swagger.parameters);
    definition = null;
    if (target !== undefined) {
      definition = this.referencedParameters.get(target.name);
      if (definition === undefined) {
        definition = { raw: target.value, pointer: `/parameters/${escapeToken(target.name)}`, unresolved: false };
        this.referencedParameters.set(target.name, definition);
      }
    }
    this.parametersByRef.set(ref, definition);
    return definition ?? undefined;
  }

  /** A path/query/header parameter: value constraints move into a `schema`, `collectionFormat` into style/explode. */
  private convertParameter(definition: ParameterDefinition): JsonObject {
    if (definition.converted) return definition.converted;
    const converted = this.convertSimpleValue(definition.raw, definition.pointer, String(definition.raw.in));
    definition.converted = converted;
    return converted;
  }

  /** Shared by parameters and response headers, which describe a value with the same Swagger fields. */
  private convertSimpleValue(raw: JsonObject, pointer: string, location: string): JsonObject {
    const converted = this.created<JsonObject>({}, pointer);
    const schema = this.created<JsonObject>({}, pointer);
    for (const key of Object.keys(raw)) {
      if (SCHEMA_FIELDS.has(key)) schema[key] = raw[key];
      else if (key !== 'collectionFormat') converted[key] = raw[key];
    }
    if (raw.type === 'array') Object.assign(converted, collectionStyle(raw.collectionFormat, location));
    converted.schema = schema;
    return converted;
  }

  /** `in: body` -> `requestBody` with the body schema (the same object) under each consumed media type. */
  private bodyRequestBody(definition: ParameterDefinition, consumes: string[]): JsonObject {
    definition.requestBodies ??= new Map();
    const cached = definition.requestBodies.get(consumes);
    if (cached) return cached;
    const { raw, pointer } = definition;
    const requestBody = this.created<JsonObject>({}, pointer);
    if (raw.description !== undefined) requestBody.description = raw.description;
    const content = this.created<JsonObject>({}, pointer);
    for (const mediaType of consumes) {
      content[mediaType] = this.created(raw.schema === undefined ? {} : { schema: raw.schema }, pointer);
    }
    requestBody.content = content;
    if (raw.required !== undefined) requestBody.required = raw.required;
    copyExtensions(raw, requestBody);
    definition.requestBodies.set(consumes, requestBody);
    return requestBody;
  }

  /** `in: formData` fields -> one object schema, as urlencoded or (with a file) multipart. */
  private formRequestBody(fields: ParameterUse[], consumes: string[]): JsonObject {
    // Operation-level fields come last after merging, so this is the operation's list when it has one.
    const pointer = fields[fields.length - 1].listPointer;
    const properties = this.created<JsonObject>({}, pointer);
    const required: string[] = [];
    let encoding: JsonObject | undefined;
    let hasFile = false;
    for (const { definition } of fields) {
      const raw = definition.raw;
      const name = String(raw.name);
      properties[name] = this.formProperty(definition);
      if (raw.required === true) required.push(name);
      if (raw.type === 'file') hasFile = true;
      if (raw.type === 'array') {
        encoding ??= this.created<JsonObject>({}, pointer);
        encoding[name] = this.created(collectionStyle(raw.collectionFormat, 'formData'), definition.pointer);
      }
    }
    const schema = this.created<JsonObject>({ type: 'object', properties }, pointer);
    if (required.length > 0) schema.required = this.created(required, pointer);

    const formTypes = consumes.filter((mediaType) => {
      const base = baseMediaType(mediaType);
      return base === FORM_URLENCODED || base === MULTIPART_FORM;
    });
    // A file cannot be sent urlencoded, so a file field means multipart whatever else is declared.
    let mediaTypes = hasFile ? formTypes.filter((mediaType) => baseMediaType(mediaType) === MULTIPART_FORM) : formTypes;
    if (mediaTypes.length === 0) mediaTypes = [hasFile ? MULTIPART_FORM : FORM_URLENCODED];

    const content = this.created<JsonObject>({}, pointer);
    for (const mediaType of mediaTypes) {
      const mediaTypeObject = this.created<JsonObject>({ schema }, pointer);
      // Per OAS 3.0.3 §4.7.15 style/explode in `encoding` apply to urlencoded bodies only.
      if (encoding && baseMediaType(mediaType) === FORM_URLENCODED) mediaTypeObject.encoding = encoding;
      content[mediaType] = mediaTypeObject;
    }
    const requestBody = this.created<JsonObject>({ content }, pointer);
    if (required.length > 0) requestBody.required = true;
    return requestBody;
  }

  private formProperty(definition: ParameterDefinition): JsonObject {
    if (definition.formProperty) return definition.formProperty;
    const raw = definition.raw;
    const property = this.created<JsonObject>({}, definition.pointer);
    if (raw.type === 'file') {
      property.type = 'string';
      property.format = 'binary';
    } else {
      for (const key of Object.keys(raw)) {
        if (SCHEMA_FIELDS.has(key)) property[key] = raw[key];
      }
    }
    if (raw.description !== undefined) property.description = raw.description;
    copyExtensions(raw, property);
    definition.formProperty = property;
    return property;
  }

  // --- responses -----------------------------------------------------------------------------------

  private responseMediaTypes(operationProduces: unknown): ResponseMediaTypes {
    const own = this.mediaTypeList(operationProduces);
    let types = this.responseTypesByList.get(own);
    if (types === undefined) {
      const listed = own === undefined ? this.globalProduces : own;
      const data = listed !== undefined && listed.length > 0 ? listed : DEFAULT_MEDIA_TYPES;
      // A file is rarely what the root `produces` (usually JSON) means, so only an operation's own list applies.
      const file = own !== undefined && own.length > 0 ? own : OCTET_STREAM_TYPES;
      types = { data, file, referenced: new Map() };
      this.responseTypesByList.set(own, types);
    }
    return types;
  }

  /**
   * The shared array for a `consumes`/`produces` value equal to `list` (strings only), or undefined
   * when `list` is not an array.
   */
  private mediaTypeList(list: unknown): string[] | undefined {
    if (!Array.isArray(list)) return undefined;
    for (const known of this.mediaTypeLists) {
      if (sameStrings(known, list)) return known;
    }
    const strings = stringsOf(list);
    if (this.mediaTypeLists.length < MAX_SHARED_MEDIA_TYPE_LISTS && strings.length === list.length) {
      this.mediaTypeLists.push(strings);
    }
    return strings;
  }

  private convertResponses(responses: JsonObject, pointer: string, mediaTypes: ResponseMediaTypes): JsonObject {
    const converted = this.created(createStatusMap(), pointer);
    for (const status of Object.keys(responses)) {
      const response = responses[status];
      if (status.startsWith('x-') || !isObject(response)) converted[status] = response;
      else if (typeof response.$ref === 'string') {
        converted[status] = this.referencedResponse(response.$ref, mediaTypes) ?? response;
      } else {
        converted[status] = this.convertResponse(response, `${pointer}/${escapeToken(status)}`, mediaTypes);
      }
    }
    return converted;
  }

  private referencedResponse(ref: string, mediaTypes: ResponseMediaTypes): JsonObject | undefined {
    const target = followLocalRef(ref, '#/responses/', this.swagger.responses);
    if (target === undefined) return undefined;
    let converted = mediaTypes.referenced.get(target.name);
    if (converted === undefined) {
      converted = this.convertResponse(target.value, `/responses/${escapeToken(target.name)}`, mediaTypes);
      mediaTypes.referenced.set(target.name, converted);
    }
    return converted;
  }

  private convertResponse(response: JsonObject, pointer: string, mediaTypes: ResponseMediaTypes): JsonObject {
    const converted = this.created<JsonObject>({}, pointer);
    for (const key of Object.keys(response)) {
      const value = response[key];
      if (key === 'schema') {
        if (value !== undefined) converted.content = this.responseContent(response, pointer, mediaTypes);
      } else if (key === 'headers') {
        converted.headers = isObject(value) ? this.convertHeaders(value, `${pointer}/headers`) : value;
      } else if (key !== 'examples') converted[key] = value;
    }
    return converted;
  }

  private responseContent(response: JsonObject, pointer: string, mediaTypes: ResponseMediaTypes): JsonObject {
    const schemaPointer = `${pointer}/schema`;
    let schema = response.schema;
    let types = mediaTypes.data;
    if (isObject(schema) && schema.type === 'file') {
      const binary = this.created<JsonObject>({ type: 'string', format: 'binary' }, schemaPointer);
      if (schema.description !== undefined) binary.description = schema.description;
      schema = binary;
      types = mediaTypes.file;
    }
    // Swagger 2.0 response `examples` are keyed by media type; OAS3 keeps one `example` per media type.
    const examples = isObject(response.examples) ? response.examples : undefined;
    const content = this.created<JsonObject>({}, schemaPointer);
    for (const mediaType of types) {
      const mediaTypeObject = this.created<JsonObject>({ schema }, schemaPointer);
      if (examples && Object.hasOwn(examples, mediaType)) mediaTypeObject.example = examples[mediaType];
      content[mediaType] = mediaTypeObject;
    }
    return content;
  }

  private convertHeaders(headers: JsonObject, pointer: string): JsonObject {
    const converted = this.created<JsonObject>({}, pointer);
    for (const name of Object.keys(headers)) {
      const header = headers[name];
      // Header names are not extensions even when they start with "x-" (X-Rate-Limit).
      converted[name] = isObject(header)
        ? this.convertSimpleValue(header, `${pointer}/${escapeToken(name)}`, 'header')
        : header;
    }
    return converted;
  }

  // --- components ----------------------------------------------------------------------------------

  private convertComponents(): JsonObject | undefined {
    const swagger = this.swagger;
    const components = this.created<JsonObject>({}, '');
    if (isObject(swagger.definitions)) components.schemas = swagger.definitions;
    if (isObject(swagger.parameters)) this.convertComponentParameters(swagger.parameters, components);
    if (isObject(swagger.responses)) {
      const responses = this.created<JsonObject>({}, '/responses');
      for (const name of Object.keys(swagger.responses)) {
        const converted = this.referencedResponse(`#/responses/${escapeToken(name)}`, this.componentResponseTypes);
        responses[name] = converted ?? swagger.responses[name];
      }
      components.responses = responses;
    }
    if (isObject(swagger.securityDefinitions)) {
      components.securitySchemes = this.convertSecuritySchemes(swagger.securityDefinitions);
    }
    return Object.keys(components).length > 0 ? components : undefined;
  }

  /**
   * Top-level `parameters`: path/query/header ones -> `components.parameters` (the same objects operations
   * use), body ones -> `components.requestBodies`. A lone formData field has no OAS3 component form.
   */
  private convertComponentParameters(parameters: JsonObject, components: JsonObject): void {
    const converted = this.created<JsonObject>({}, '/parameters');
    const requestBodies = this.created<JsonObject>({}, '/parameters');
    const consumes =
      this.globalConsumes !== undefined && this.globalConsumes.length > 0 ? this.globalConsumes : DEFAULT_MEDIA_TYPES;
    for (const name of Object.keys(parameters)) {
      const definition = this.referencedParameter(`#/parameters/${escapeToken(name)}`);
      if (definition === undefined) continue;
      const location = definition.raw.in;
      if (location === 'body') requestBodies[name] = this.bodyRequestBody(definition, consumes);
      else if (location !== 'formData') converted[name] = this.convertParameter(definition);
    }
    if (Object.keys(converted).length > 0) components.parameters = converted;
    if (Object.keys(requestBodies).length > 0) components.requestBodies = requestBodies;
  }

  private convertSecuritySchemes(definitions: JsonObject): JsonObject {
    const converted = this.created<JsonObject>({}, '/securityDefinitions');
    for (const name of Object.keys(definitions)) {
      const definition = definitions[name];
      converted[name] = isObject(definition)
        ? this.convertSecurityScheme(definition, `/securityDefinitions/${escapeToken(name)}`)
        : definition;
    }
    return converted;
  }

  private convertSecurityScheme(definition: JsonObject, pointer: string): JsonObject {
    const scheme = this.created<JsonObject>({}, pointer);
    const flowName = typeof definition.flow === 'string' ? OAUTH2_FLOWS.get(definition.flow) : undefined;
    if (definition.type === 'basic') {
      scheme.type = 'http';
      scheme.scheme = 'basic';
      if (definition.description !== undefined) scheme.description = definition.description;
      copyExtensions(definition, scheme);
    } else if (definition.type === 'oauth2' && flowName !== undefined) {
      scheme.type = 'oauth2';
      if (definition.description !== undefined) scheme.description = definition.description;
      const flow = this.created<JsonObject>({}, pointer);
      if (flowName === 'implicit' || flowName === 'authorizationCode')
        flow.authorizationUrl = definition.authorizationUrl;
      if (flowName !== 'implicit') flow.tokenUrl = definition.tokenUrl;
      flow.scopes = isObject(definition.scopes) ? definition.scopes : this.created({}, pointer);
      scheme.flows = this.created({ [flowName]: flow }, pointer);
      copyExtensions(definition, scheme);
    } else {
      // apiKey is the same in both versions; anything unknown is passed through for the caller to report.
      Object.assign(scheme, definition);
    }
    return scheme;
  }
}

// --- helpers -----------------------------------------------------------------------------------------

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(list: unknown[]): string[] {
  return list.filter((entry): entry is string => typeof entry === 'string');
}

/** RFC 6901 §3: `~` -> `~0`, `/` -> `~1`. */
function escapeToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The component name in `#/<section>/<name>` (URI-fragment and RFC 6901 unescaped), or undefined. */
function localRefName(ref: string, prefix: string): string | undefined {
  if (!ref.startsWith(prefix)) return undefined;
  let token = ref.slice(prefix.length);
  if (token === '' || token.includes('/')) return undefined;
  if (token.includes('%')) {
    try {
      token = decodeURIComponent(token);
    } catch {
      return undefined;
    }
  }
  return token.includes('~') ? token.replaceAll('~1', '/').replaceAll('~0', '~') : token;
}

/** Follows `#/<section>/<name>` (and chains of such refs) within one top-level section. */
function followLocalRef(
  ref: string,
  prefix: string,
  section: unknown,
): { name: string; value: JsonObject } | undefined {
  if (!isObject(section)) return undefined;
  let current = ref;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    const name = localRefName(current, prefix);
    if (name === undefined || !Object.hasOwn(section, name)) return undefined;
    const value = section[name];
    if (!isObject(value)) return undefined;
    if (typeof value.$ref !== 'string') return { name, value };
    current = value.$ref;
  }
  return undefined;
}

function sameStrings(known: string[], list: unknown[]): boolean {
  if (known.length !== list.length) return false;
  for (let index = 0; index < known.length; index++) {
    if (known[index] !== list[index]) return false;
  }
  return true;
}

function baseMediaType(mediaType: string): string {
  const semicolon = mediaType.indexOf(';');
  return (semicolon === -1 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
}

/** Operation-level parameters override path-level ones with the same `in` + `name`. */
function mergeParameters(pathParameters: ParameterUse[], operationParameters: ParameterUse[]): ParameterUse[] {
  if (pathParameters.length === 0) return operationParameters;
  if (operationParameters.length === 0) return pathParameters;
  const merged: ParameterUse[] = [];
  for (const use of pathParameters) {
    if (!operationParameters.some((own) => overrides(own.definition, use.definition))) merged.push(use);
  }
  for (const use of operationParameters) merged.push(use);
  return merged;
}

function overrides(own: ParameterDefinition, inherited: ParameterDefinition): boolean {
  if (own === inherited) return true;
  if (own.unresolved || inherited.unresolved) return false;
  return own.raw.in === inherited.raw.in && own.raw.name === inherited.raw.name;
}

/**
 * Swagger 2.0 `collectionFormat` (default `csv`) -> OAS3 `style`/`explode`. Stated explicitly because
 * OAS3's default for query arrays (form, exploded) is Swagger's `multi`, not its default `csv`.
 * `tsv` has no OAS3 style and is kept as `x-collection-format`.
 */
function collectionStyle(collectionFormat: unknown, location: string): JsonObject {
  const format = typeof collectionFormat === 'string' ? collectionFormat : 'csv';
  switch (format) {
    case 'csv':
      return location === 'query' || location === 'formData'
        ? { style: 'form', explode: false }
        : { style: 'simple', explode: false };
    case 'ssv':
      return { style: 'spaceDelimited', explode: false };
    case 'pipes':
      return { style: 'pipeDelimited', explode: false };
    case 'multi':
      return { style: 'form', explode: true };
    default:
      return { 'x-collection-format': format };
  }
}

/** Far beyond any status code, so touching it makes V8 keep an object's integer keys sparse. */
const SPARSE_INDEX = 0x7ffffffe;

/**
 * An empty object to hold status codes. V8 stores integer-like keys ("200", "404") in an array sized to the
 * largest one (about 5 KB for "404", 5 MB over the Kubernetes document); touching a far index first switches
 * the object to sparse storage (about 200 bytes). Behaviour is the same in every engine.
 */
function createStatusMap(): JsonObject {
  const map: JsonObject = {};
  map[SPARSE_INDEX] = undefined;
  Reflect.deleteProperty(map, SPARSE_INDEX);
  return map;
}

function copyExtensions(from: JsonObject, to: JsonObject): void {
  for (const key of Object.keys(from)) {
    if (key.startsWith('x-') && !(key in to)) to[key] = from[key];
  }
}
