import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertSwagger2 } from '../../src/normalize/swagger2-to-oas3.js';

type JsonObject = Record<string, unknown>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturePath = path.join(repoRoot, 'test/fixtures/swagger2/petstore.json');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');

function loadPetstore(): JsonObject {
  return JSON.parse(readFileSync(fixturePath, 'utf8')) as JsonObject;
}

/** The value at an RFC 6901 pointer, so tests address output and input the same way. */
function at(root: unknown, pointer: string): unknown {
  let value = root;
  for (const token of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    value = (value as JsonObject)[key];
  }
  return value;
}

function objectAt(root: unknown, pointer: string): JsonObject {
  const value = at(root, pointer);
  if (typeof value !== 'object' || value === null) throw new Error(`no object at ${pointer}`);
  return value as JsonObject;
}

/** A minimal Swagger 2.0 document with one operation, for focused cases. */
function oneOperation(operation: JsonObject, root: JsonObject = {}): JsonObject {
  return { swagger: '2.0', info: { title: 't', version: '1' }, ...root, paths: { '/items': { post: operation } } };
}

function convertOne(operation: JsonObject, root: JsonObject = {}): JsonObject {
  return objectAt(convertSwagger2(oneOperation(operation, root)).document, '/paths/~1items/post');
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function countOperations(document: JsonObject): number {
  let count = 0;
  for (const item of Object.values(objectAt(document, '/paths'))) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of METHODS) if (method in item) count++;
  }
  return count;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('convertSwagger2: document root', () => {
  it('marks the document as 3.0.3 from Swagger 2.0 and keeps info, tags, security, externalDocs and x-*', () => {
    const swagger = loadPetstore();
    const { document } = convertSwagger2(swagger);
    expect(document.openapi).toBe('3.0.3');
    expect(document['x-swagger-version']).toBe('2.0');
    expect(document.info).toBe(swagger.info);
    expect(document.tags).toBe(swagger.tags);
    expect(document.security).toBe(swagger.security);
    expect(document.externalDocs).toBe(swagger.externalDocs);
    expect(document['x-owner']).toBe('pets-team');
    for (const key of ['swagger', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'definitions']) {
      expect(document).not.toHaveProperty(key);
    }
    expect(Object.keys(objectAt(document, '/components')).sort()).toEqual([
      'parameters',
      'requestBodies',
      'responses',
      'schemas',
      'securitySchemes',
    ]);
  });

  it('keeps operation metadata: tags, summary, operationId, deprecated, security and x-*', () => {
    const { document } = convertSwagger2(loadPetstore());
    const listPets = objectAt(document, '/paths/~1pets/get');
    expect(listPets.tags).toEqual(['pets']);
    expect(listPets.summary).toBe('List pets');
    expect(listPets.operationId).toBe('listPets');
    expect(objectAt(document, '/paths/~1pets/post')['x-internal']).toBe(false);
    const updatePet = objectAt(document, '/paths/~1pets~1{petId}/put');
    expect(updatePet.deprecated).toBe(true);
    expect(updatePet.security).toEqual([{ oauth: ['write:pets'] }]);
    expect(objectAt(document, '/paths/~1login/post').security).toEqual([]);
    expect(Object.keys(updatePet)).not.toContain('consumes');
  });

  it('does not modify the input', () => {
    const swagger = deepFreeze(loadPetstore());
    const before = JSON.stringify(swagger);
    expect(() => convertSwagger2(swagger)).not.toThrow();
    expect(JSON.stringify(swagger)).toBe(before);
  });
});

describe('convertSwagger2: servers', () => {
  it('makes one server per scheme from host and basePath, and keeps x-base-path', () => {
    const { document } = convertSwagger2(loadPetstore());
    expect(document.servers).toEqual([
      { url: 'https://petstore.example.com/v1' },
      { url: 'http://petstore.example.com/v1' },
    ]);
    expect(document['x-base-path']).toBe('/v1');
  });

  it.each([
    { name: 'no host', root: { basePath: '/api' }, servers: [{ url: '/api' }], basePath: '/api' },
    { name: 'no schemes', root: { host: 'h.example', basePath: '/api' }, servers: [{ url: '//h.example/api' }] },
    {
      name: 'root base path',
      root: { host: 'h.example', basePath: '/', schemes: ['https'] },
      servers: [{ url: 'https://h.example' }],
      basePath: '/',
    },
    {
      name: 'no base path',
      root: { host: 'h.example', schemes: ['https'] },
      servers: [{ url: 'https://h.example' }],
      basePath: '/',
    },
    { name: 'neither host nor base path', root: {}, servers: undefined, basePath: '/' },
  ])('$name', ({ root, servers, basePath }) => {
    const { document } = convertSwagger2(oneOperation({ responses: {} }, root));
    expect(document.servers).toEqual(servers);
    if (basePath !== undefined) expect(document['x-base-path']).toBe(basePath);
  });

  it('gives an operation its own servers only when its schemes differ from the root ones', () => {
    const root = { host: 'h.example', basePath: '/v2', schemes: ['https'] };
    expect(convertOne({ schemes: ['https'], responses: {} }, root)).not.toHaveProperty('servers');
    const { document, origins } = convertSwagger2(oneOperation({ schemes: ['http', 'https'], responses: {} }, root));
    const servers = at(document, '/paths/~1items/post/servers');
    expect(servers).toEqual([{ url: 'http://h.example/v2' }, { url: 'https://h.example/v2' }]);
    expect(origins.get(objectAt(servers, '/0'))).toBe('/paths/~1items/post/schemes/0');
  });
});

describe('convertSwagger2: request bodies', () => {
  it('turns a body parameter into a requestBody with the same schema object under each consumed media type', () => {
    const swagger = loadPetstore();
    const { document } = convertSwagger2(swagger);
    const updatePet = objectAt(document, '/paths/~1pets~1{petId}/put');
    const bodySchema = at(swagger, '/paths/~1pets~1{petId}/put/parameters/0/schema');
    expect(updatePet.requestBody).toEqual({
      description: 'The new pet',
      content: { 'application/json': { schema: bodySchema } },
      required: true,
    });
    expect(at(updatePet, '/requestBody/content/application~1json/schema')).toBe(bodySchema);
    // Only the inherited path-level parameters remain: the body parameter became the requestBody.
    expect((updatePet.parameters as JsonObject[]).map((parameter) => parameter.name)).toEqual(['petId', 'verbose']);
  });

  it('turns urlencoded formData into an object schema with required fields and array encoding', () => {
    const { document } = convertSwagger2(loadPetstore());
    const login = objectAt(document, '/paths/~1login/post');
    expect(login).not.toHaveProperty('parameters');
    expect(login.requestBody).toEqual({
      content: {
        'application/x-www-form-urlencoded': {
          schema: {
            type: 'object',
            properties: {
              user: { type: 'string' },
              password: { type: 'string', format: 'password' },
              scopes: { type: 'array', items: { type: 'string' } },
            },
            required: ['user', 'password'],
          },
          encoding: { scopes: { style: 'form', explode: true } },
        },
      },
      required: true,
    });
  });

  it('turns formData with a file into multipart/form-data with a binary string property', () => {
    const { document } = convertSwagger2(loadPetstore());
    const upload = objectAt(document, '/paths/~1pets~1{petId}~1photo/post');
    expect(upload.parameters).toEqual([{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }]);
    expect(upload.requestBody).toEqual({
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              caption: { type: 'string', maxLength: 140 },
              file: { type: 'string', format: 'binary', description: 'The photo' },
            },
            required: ['file'],
          },
        },
      },
      required: true,
    });
  });

  it.each([
    {
      name: 'no consumes, no file',
      consumes: undefined,
      file: false,
      mediaTypes: ['application/x-www-form-urlencoded'],
    },
    { name: 'no consumes, a file', consumes: undefined, file: true, mediaTypes: ['multipart/form-data'] },
    {
      name: 'JSON listed too',
      consumes: ['application/json', 'application/x-www-form-urlencoded'],
      file: false,
      mediaTypes: ['application/x-www-form-urlencoded'],
    },
    {
      name: 'both form types',
      consumes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
      file: false,
      mediaTypes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
    },
    {
      name: 'both form types, a file',
      consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
      file: true,
      mediaTypes: ['multipart/form-data'],
    },
  ])('picks form media types: $name', ({ consumes, file, mediaTypes }) => {
    const field = file ? { name: 'f', in: 'formData', type: 'file' } : { name: 'f', in: 'formData', type: 'string' };
    const operation = convertOne({ ...(consumes ? { consumes } : {}), parameters: [field], responses: {} });
    expect(Object.keys(objectAt(operation, '/requestBody/content'))).toEqual(mediaTypes);
  });

  it('leaves requestBody out when nothing is sent in the body', () => {
    expect(convertOne({ parameters: [{ name: 'q', in: 'query', type: 'string' }], responses: {} })).not.toHaveProperty(
      'requestBody',
    );
  });
});

describe('convertSwagger2: parameters', () => {
  it('moves value constraints into a created schema and keeps the rest on the parameter', () => {
    const raw = {
      name: 'q',
      in: 'query',
      description: 'Search',
      required: false,
      allowEmptyValue: true,
      type: 'string',
      format: 'uuid',
      enum: ['a', 'b'],
      default: 'a',
      minLength: 1,
      maxLength: 9,
      pattern: '^[ab]$',
      'x-nullable': true,
      'x-example': 'a',
    };
    const number = {
      name: 'n',
      in: 'query',
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 10,
      exclusiveMaximum: false,
      multipleOf: 0.5,
    };
    const operation = convertOne({ parameters: [raw, number], responses: {} });
    expect(operation.parameters).toEqual([
      {
        name: 'q',
        in: 'query',
        description: 'Search',
        required: false,
        allowEmptyValue: true,
        'x-example': 'a',
        schema: {
          type: 'string',
          format: 'uuid',
          enum: ['a', 'b'],
          default: 'a',
          minLength: 1,
          maxLength: 9,
          pattern: '^[ab]$',
          'x-nullable': true,
        },
      },
      {
        name: 'n',
        in: 'query',
        schema: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 10,
          exclusiveMaximum: false,
          multipleOf: 0.5,
        },
      },
    ]);
  });

  it.each([
    { location: 'query', collectionFormat: undefined, expected: { style: 'form', explode: false } },
    { location: 'query', collectionFormat: 'csv', expected: { style: 'form', explode: false } },
    { location: 'path', collectionFormat: 'csv', expected: { style: 'simple', explode: false } },
    { location: 'header', collectionFormat: undefined, expected: { style: 'simple', explode: false } },
    { location: 'query', collectionFormat: 'ssv', expected: { style: 'spaceDelimited', explode: false } },
    { location: 'query', collectionFormat: 'pipes', expected: { style: 'pipeDelimited', explode: false } },
    { location: 'query', collectionFormat: 'multi', expected: { style: 'form', explode: true } },
    { location: 'query', collectionFormat: 'tsv', expected: { 'x-collection-format': 'tsv' } },
  ])('maps collectionFormat $collectionFormat in $location', ({ location, collectionFormat, expected }) => {
    const parameter = {
      name: 'ids',
      in: location,
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      uniqueItems: true,
      minItems: 1,
      maxItems: 5,
      ...(collectionFormat ? { collectionFormat } : {}),
    };
    const operation = convertOne({ parameters: [parameter], responses: {} });
    const converted = objectAt(operation, '/parameters/0');
    expect(converted).toEqual({
      name: 'ids',
      in: location,
      ...expected,
      schema: { type: 'array', items: parameter.items, uniqueItems: true, minItems: 1, maxItems: 5 },
    });
    expect(at(converted, '/schema/items')).toBe(parameter.items);
  });

  it('merges path-level parameters into each operation, letting the operation override by in + name', () => {
    const { document } = convertSwagger2(loadPetstore());
    const showPet = objectAt(document, '/paths/~1pets~1{petId}/get');
    const deletePet = objectAt(document, '/paths/~1pets~1{petId}/delete');
    expect(showPet.parameters).toEqual([
      { name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64', minimum: 1 } },
      { name: 'verbose', in: 'query', schema: { type: 'string', enum: ['yes', 'no'] } },
    ]);
    expect(deletePet.parameters).toEqual([
      { name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64', minimum: 1 } },
      { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
    ]);
    // One conversion per path-level parameter, shared by the operations that inherit it.
    expect(at(showPet, '/parameters/0')).toBe(at(deletePet, '/parameters/0'));
    expect(objectAt(document, '/paths/~1pets~1{petId}')).not.toHaveProperty('parameters');
  });

  it('resolves #/parameters refs to the converted component parameter', () => {
    const { document, origins } = convertSwagger2(loadPetstore());
    const limit = objectAt(document, '/paths/~1pets/get/parameters/0');
    expect(limit).toEqual({
      name: 'limit',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    expect(limit).toBe(at(document, '/components/parameters/limitParam'));
    expect(origins.get(limit)).toBe('/parameters/limitParam');
  });

  it('resolves a body parameter ref per consumes list, sharing the component when the lists agree', () => {
    const { document, origins } = convertSwagger2(loadPetstore());
    const createPet = objectAt(document, '/paths/~1pets/post');
    expect(createPet).not.toHaveProperty('parameters');
    const requestBody = objectAt(createPet, '/requestBody');
    expect(Object.keys(objectAt(requestBody, '/content'))).toEqual(['application/json', 'application/xml']);
    expect(origins.get(requestBody)).toBe('/parameters/petBody');
    expect(origins.get(objectAt(requestBody, '/content/application~1xml'))).toBe('/parameters/petBody');
    const component = objectAt(document, '/components/requestBodies/petBody');
    expect(Object.keys(objectAt(component, '/content'))).toEqual(['application/json']);

    const withRoot = { parameters: { body: { name: 'b', in: 'body', schema: { type: 'string' } } } };
    const operation = { parameters: [{ $ref: '#/parameters/body' }], responses: {} };
    const converted = convertSwagger2(oneOperation(operation, withRoot)).document;
    expect(at(converted, '/paths/~1items/post/requestBody')).toBe(at(converted, '/components/requestBodies/body'));
  });

  it('follows ref chains, decodes escaped names and passes unresolvable refs through unchanged', () => {
    const root = {
      parameters: {
        'a/b': { name: 'x', in: 'query', type: 'string' },
        alias: { $ref: '#/parameters/a~1b' },
        loop: { $ref: '#/parameters/loop' },
      },
    };
    const missing = { $ref: '#/parameters/missing' };
    const external = { $ref: 'common.yaml#/parameters/x' };
    const looping = { $ref: '#/parameters/loop' };
    const operation = convertOne(
      { parameters: [{ $ref: '#/parameters/alias' }, missing, external, looping], responses: {} },
      root,
    );
    const parameters = operation.parameters as unknown[];
    expect(parameters[0]).toEqual({ name: 'x', in: 'query', schema: { type: 'string' } });
    expect(parameters.slice(1)).toEqual([missing, external, looping]);
    expect(parameters[1]).toBe(missing);
  });
});

describe('convertSwagger2: responses', () => {
  it('puts the response schema under each produced media type, with examples and converted headers', () => {
    const swagger = loadPetstore();
    const { document } = convertSwagger2(swagger);
    const ok = objectAt(document, '/paths/~1pets/get/responses/200');
    const schema = at(swagger, '/paths/~1pets/get/responses/200/schema');
    expect(ok).toEqual({
      description: 'A list of pets',
      headers: {
        'X-Rate-Limit': { description: 'Calls per hour', schema: { type: 'integer', format: 'int32' } },
      },
      content: { 'application/json': { schema, example: [{ id: 1, name: 'Rex' }] } },
    });
    expect(at(ok, '/content/application~1json/schema')).toBe(schema);
    expect(objectAt(document, '/paths/~1pets/post/responses/201')).toEqual({ description: 'Created' });
  });

  it('resolves #/responses refs per produces list, sharing the component when the lists agree', () => {
    const { document, origins } = convertSwagger2(loadPetstore());
    const component = objectAt(document, '/components/responses/NotFound');
    const fromCreate = objectAt(document, '/paths/~1pets/post/responses/404');
    const fromShow = objectAt(document, '/paths/~1pets~1{petId}/get/responses/404');
    expect(fromCreate).toBe(component);
    expect(Object.keys(objectAt(component, '/content'))).toEqual(['application/json']);
    expect(Object.keys(objectAt(fromShow, '/content'))).toEqual(['application/json', 'application/xml']);
    expect(at(fromShow, '/content/application~1xml/schema')).toBe(at(component, '/content/application~1json/schema'));
    expect(origins.get(fromShow)).toBe('/responses/NotFound');
    expect(origins.get(objectAt(fromShow, '/content/application~1xml'))).toBe('/responses/NotFound/schema');
  });

  it('turns a file response into a binary string under the produced types, else application/octet-stream', () => {
    const { document } = convertSwagger2(loadPetstore());
    expect(objectAt(document, '/paths/~1pets~1{petId}~1photo.png/get/responses/200').content).toEqual({
      'image/png': { schema: { type: 'string', format: 'binary' } },
    });
    const operation = convertOne(
      { responses: { 200: { description: 'file', schema: { type: 'file' } } } },
      { produces: ['application/json'] },
    );
    expect(at(operation, '/responses/200/content')).toEqual({
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    });
  });

  it('treats x-* response headers as headers, not extensions', () => {
    const operation = convertOne({
      responses: { 200: { description: 'ok', headers: { 'x-request-id': { type: 'string', format: 'uuid' } } } },
    });
    expect(at(operation, '/responses/200/headers')).toEqual({
      'x-request-id': { schema: { type: 'string', format: 'uuid' } },
    });
  });

  it('keeps x-* keys of the responses object as they are', () => {
    const extension = { note: true };
    const operation = convertOne({ responses: { 'x-note': extension, default: { description: 'any' } } });
    expect(at(operation, '/responses/x-note')).toBe(extension);
    expect(at(operation, '/responses/default')).toEqual({ description: 'any' });
  });
});

describe('convertSwagger2: media type precedence', () => {
  const body = { name: 'b', in: 'body', schema: { type: 'object' } };
  const ok = { 200: { description: 'ok', schema: { type: 'object' } } };
  it.each([
    {
      name: 'operation list wins',
      root: { consumes: ['text/csv'], produces: ['text/csv'] },
      own: { consumes: ['application/xml'], produces: ['application/xml'] },
      expected: ['application/xml'],
    },
    {
      name: 'root list when the operation has none',
      root: { consumes: ['text/csv'], produces: ['text/csv'] },
      own: {},
      expected: ['text/csv'],
    },
    { name: 'JSON when neither has one', root: {}, own: {}, expected: ['application/json'] },
    {
      name: 'JSON when the operation clears the root list',
      root: { consumes: ['text/csv'], produces: ['text/csv'] },
      own: { consumes: [], produces: [] },
      expected: ['application/json'],
    },
  ])('$name', ({ root, own, expected }) => {
    const operation = convertOne({ ...own, parameters: [body], responses: ok }, root);
    expect(Object.keys(objectAt(operation, '/requestBody/content'))).toEqual(expected);
    expect(Object.keys(objectAt(operation, '/responses/200/content'))).toEqual(expected);
  });
});

describe('convertSwagger2: security schemes', () => {
  it('maps basic to http, keeps apiKey, and maps each oauth2 flow', () => {
    const scopes = { read: 'read things' };
    const swagger = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {},
      securityDefinitions: {
        basic: { type: 'basic', description: 'Basic', 'x-legacy': true },
        key: { type: 'apiKey', name: 'api_key', in: 'query' },
        implicit: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://a/auth', scopes },
        password: { type: 'oauth2', flow: 'password', tokenUrl: 'https://a/token', scopes },
        application: { type: 'oauth2', flow: 'application', tokenUrl: 'https://a/token', scopes },
        accessCode: {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: 'https://a/auth',
          tokenUrl: 'https://a/token',
          scopes,
        },
      },
    };
    const { document, origins } = convertSwagger2(swagger);
    const schemes = objectAt(document, '/components/securitySchemes');
    expect(schemes).toEqual({
      basic: { type: 'http', scheme: 'basic', description: 'Basic', 'x-legacy': true },
      key: { type: 'apiKey', name: 'api_key', in: 'query' },
      implicit: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://a/auth', scopes } } },
      password: { type: 'oauth2', flows: { password: { tokenUrl: 'https://a/token', scopes } } },
      application: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a/token', scopes } } },
      accessCode: {
        type: 'oauth2',
        flows: {
          authorizationCode: { authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes },
        },
      },
    });
    expect(at(schemes, '/accessCode/flows/authorizationCode/scopes')).toBe(scopes);
    expect(schemes.key).not.toBe(swagger.securityDefinitions.key);
    expect(origins.get(objectAt(schemes, '/key'))).toBe('/securityDefinitions/key');
    expect(origins.get(objectAt(schemes, '/password/flows/password'))).toBe('/securityDefinitions/password');
  });
});

describe('convertSwagger2: identity and origins', () => {
  it('reuses definitions and body/response schemas by identity without rewriting $ref', () => {
    const swagger = loadPetstore();
    const { document } = convertSwagger2(swagger);
    expect(at(document, '/components/schemas')).toBe(swagger.definitions);
    expect(at(document, '/components/schemas/Pet')).toBe(at(swagger, '/definitions/Pet'));
    const bodySchema = objectAt(document, '/paths/~1pets~1{petId}/put/requestBody/content/application~1json/schema');
    expect(bodySchema).toBe(at(swagger, '/paths/~1pets~1{petId}/put/parameters/0/schema'));
    expect(bodySchema.$ref).toBe('#/definitions/Pet');
    expect(at(document, '/paths/~1pets~1{petId}/get/responses/200/content/application~1xml/schema')).toBe(
      at(swagger, '/paths/~1pets~1{petId}/get/responses/200/schema'),
    );
  });

  it('maps every created object to the pointer of the Swagger node it came from', () => {
    const { document, origins } = convertSwagger2(loadPetstore());
    const expected: Array<[string, string]> = [
      ['/paths', '/paths'],
      ['/paths/~1pets', '/paths/~1pets'],
      ['/paths/~1pets/get', '/paths/~1pets/get'],
      ['/paths/~1pets/get/parameters', '/paths/~1pets/get/parameters'],
      ['/paths/~1pets/get/parameters/1', '/paths/~1pets/get/parameters/1'],
      ['/paths/~1pets/get/parameters/1/schema', '/paths/~1pets/get/parameters/1'],
      ['/paths/~1pets/get/responses', '/paths/~1pets/get/responses'],
      ['/paths/~1pets/get/responses/200', '/paths/~1pets/get/responses/200'],
      ['/paths/~1pets/get/responses/200/content', '/paths/~1pets/get/responses/200/schema'],
      ['/paths/~1pets/get/responses/200/content/application~1json', '/paths/~1pets/get/responses/200/schema'],
      ['/paths/~1pets/get/responses/200/headers/X-Rate-Limit', '/paths/~1pets/get/responses/200/headers/X-Rate-Limit'],
      [
        '/paths/~1pets/get/responses/200/headers/X-Rate-Limit/schema',
        '/paths/~1pets/get/responses/200/headers/X-Rate-Limit',
      ],
      ['/paths/~1pets~1{petId}/get/parameters/0', '/paths/~1pets~1{petId}/parameters/0'],
      ['/paths/~1pets~1{petId}/get/parameters/1', '/paths/~1pets~1{petId}/get/parameters/0'],
      ['/paths/~1pets~1{petId}/put/requestBody', '/paths/~1pets~1{petId}/put/parameters/0'],
      ['/paths/~1pets~1{petId}/put/requestBody/content', '/paths/~1pets~1{petId}/put/parameters/0'],
      ['/paths/~1pets~1{petId}/put/requestBody/content/application~1json', '/paths/~1pets~1{petId}/put/parameters/0'],
      ['/paths/~1login/post/requestBody', '/paths/~1login/post/parameters'],
      ['/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded', '/paths/~1login/post/parameters'],
      [
        '/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema',
        '/paths/~1login/post/parameters',
      ],
      [
        '/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/password',
        '/paths/~1login/post/parameters/1',
      ],
      [
        '/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/encoding/scopes',
        '/paths/~1login/post/parameters/2',
      ],
      [
        '/paths/~1pets~1{petId}~1photo.png/get/responses/200/content/image~1png/schema',
        '/paths/~1pets~1{petId}~1photo.png/get/responses/200/schema',
      ],
      ['/servers/0', '/schemes/0'],
      ['/servers/1', '/schemes/1'],
      ['/components/parameters/limitParam', '/parameters/limitParam'],
      ['/components/requestBodies/petBody', '/parameters/petBody'],
      ['/components/responses/NotFound', '/responses/NotFound'],
      ['/components/responses/NotFound/content/application~1json', '/responses/NotFound/schema'],
      ['/components/securitySchemes/basicAuth', '/securityDefinitions/basicAuth'],
      ['/components/securitySchemes/oauth/flows/implicit', '/securityDefinitions/oauth'],
    ];
    const actual = expected.map(([outputPointer]) => [outputPointer, origins.get(objectAt(document, outputPointer))]);
    expect(actual).toEqual(expected);
  });

  it('records no origin for reused objects', () => {
    const { document, origins } = convertSwagger2(loadPetstore());
    for (const pointer of [
      '/info',
      '/components/schemas',
      '/components/schemas/Pet',
      '/paths/~1pets~1{petId}/put/requestBody/content/application~1json/schema',
      '/paths/~1pets/get/parameters/1/schema/items',
    ]) {
      expect(origins.has(objectAt(document, pointer)), pointer).toBe(false);
    }
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    const swagger = { swagger: '2.0', paths: { '/a~b/{c}': { get: { responses: { 200: { description: 'ok' } } } } } };
    const { document, origins } = convertSwagger2(swagger);
    expect(origins.get(objectAt(document, '/paths/~1a~0b~1{c}/get/responses/200'))).toBe(
      '/paths/~1a~0b~1{c}/get/responses/200',
    );
  });
});

const corpusFiles = existsSync(corpusDir)
  ? ['kubernetes', 'slack-web'].flatMap((api) => {
      const folder = path.join(corpusDir, 'history', api);
      return existsSync(folder)
        ? readdirSync(folder)
            .filter((file) => file.endsWith('.json'))
            .map((file) => path.join(folder, file))
        : [];
    })
  : [];

describe.skipIf(corpusFiles.length === 0)('convertSwagger2: real Swagger 2.0 documents', () => {
  it.each(corpusFiles.map((file) => ({ file, name: path.relative(corpusDir, file) })))(
    '$name keeps every operation and leaves only resolved path, query and header parameters',
    ({ file }) => {
      const swagger = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      const { document, origins } = convertSwagger2(swagger);
      expect(countOperations(document)).toBe(countOperations(swagger));
      expect(countOperations(document)).toBeGreaterThan(100);
      const problems: string[] = [];
      for (const [pathName, item] of Object.entries(objectAt(document, '/paths'))) {
        for (const method of METHODS) {
          const operation = (item as JsonObject)[method] as JsonObject | undefined;
          if (operation === undefined) continue;
          if (!origins.has(operation)) problems.push(`${method} ${pathName}: no origin`);
          for (const parameter of (operation.parameters ?? []) as JsonObject[]) {
            if (!['path', 'query', 'header'].includes(String(parameter.in)) || !('schema' in parameter)) {
              problems.push(`${method} ${pathName}: parameter ${JSON.stringify(parameter).slice(0, 80)}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
