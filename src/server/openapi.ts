/**
 * The OpenAPI 3.1 document of the API, generated from the route table: the same schema objects
 * Fastify validates requests with. Committed as docs/api/openapi.json (a test keeps it current,
 * and CI runs `holdfast diff` of the committed document against this one).
 *
 * @example
 * const document = openApiDocument(API_ROUTES);
 */
import type { ApiRoute, JsonSchema } from './routes/_route.js';
import { VIEW_SCHEMAS } from './routes/_views.js';

export const API_PREFIX = '/api/v1';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'The request does not match this document (HTTP_BAD_REQUEST) or a name is invalid (USAGE).',
  '401': 'No token (AUTH_REQUIRED), or an unknown or revoked one (AUTH_INVALID).',
  '403': 'The token has too low a role (AUTH_FORBIDDEN).',
  '404': 'An unknown service, version, environment, event or token.',
  '409':
    'Refused by the registry: a version conflict, a rolled-back version, a rollback mismatch, an undo that is not the latest state.',
  '413': 'The body is over the limit of this route.',
  '422': 'The contract cannot be read (not OpenAPI, unparseable, external $ref).',
  '503': 'Temporary (database busy or unreachable, timeout, shutting down): retry after Retry-After seconds.',
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'retryable'],
      properties: {
        code: { type: 'string', description: 'stable error code (src/errors.ts)' },
        message: {
          type: 'string',
          description: 'what failed, what was found, what was expected, whether retrying helps',
        },
        retryable: { type: 'boolean' },
        exitCode: { type: 'integer', description: 'the exit status the CLI gives this error' },
      },
    },
  },
};

/** `/services/:service` -> `/services/{service}`. */
export function openApiPath(path: string): string {
  return `${API_PREFIX}${path}`.replace(/:(\w+)/g, '{$1}');
}

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

function operation(route: ApiRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {
    '200': { description: 'OK', content: { 'application/json': { schema: route.response } } },
  };
  const codes = ['400', '401', '403', '404', '409', '413', '422', '503'].filter(
    (code) => route.write || route.body !== undefined || !['409', '413', '422'].includes(code),
  );
  for (const code of codes) responses[code] = { $ref: `#/components/responses/E${code}` };
  const body =
    route.rawBody !== undefined
      ? {
          required: true,
          description: route.rawBody.description,
          content: Object.fromEntries(
            route.rawBody.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          ),
        }
      : route.body === undefined
        ? undefined
        : { required: true, content: { 'application/json': { schema: route.body } } };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    'x-holdfast-role': route.role,
    ...(route.role === 'read' ? { 'x-holdfast-open-reads': true } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.querystring, 'query')],
    ...(body === undefined ? {} : { requestBody: body }),
    responses,
  };
}

/** The whole document, deterministic (same routes -> byte-identical JSON). */
export function openApiDocument(routes: readonly ApiRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'holdfast registry API',
      version: '1',
      description:
        'The registry and usage operations of holdfast over HTTP (holdfast serve). Every result is the object the CLI renders with --format json. Auth: a bearer token (or the holdfast_token cookie) whose role is at least x-holdfast-role (read < publish < deploy < admin); read routes need none when the server runs with --open-reads.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      ...paths,
      [`${API_PREFIX}/openapi.json`]: {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          tags: ['meta'],
          security: [],
          responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'The process is up',
          tags: ['meta'],
          security: [],
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/readyz': {
        get: {
          operationId: 'ready',
          summary: 'The database is reachable and its migrations are applied',
          tags: ['meta'],
          security: [],
          responses: {
            '200': { description: 'Ready', content: { 'application/json': { schema: { type: 'object' } } } },
            '503': { $ref: '#/components/responses/E503' },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'holdfast token create --role ROLE --name NAME' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'holdfast_token' },
      },
      schemas: { Error: ERROR_SCHEMA, ...VIEW_SCHEMAS },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `E${code}`,
          {
            description,
            ...(code === '503'
              ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } }
              : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
