/**
 * One API route as data: method, path, the role it needs, its JSON schemas (validation and the
 * OpenAPI document come from the same objects) and a handler that only calls the registry.
 * Private to src/server/routes.
 */
import type { Readable } from 'node:stream';
import type { RegistryOptions, TokenRole } from '../../registry/index.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../auth.js';

/** A JSON Schema object (draft 2020-12 subset that Ajv and OpenAPI 3.1 both read). */
export type JsonSchema = { [key: string]: unknown };

export interface RouteContext {
  store: Store;
  registryOptions: RegistryOptions;
  caller: Caller;
  /** The raw body stream, for routes with `rawBody` (usage ingest). */
  raw: Readable | undefined;
}

export interface RouteInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
}

export interface ApiRoute<Params = unknown, Query = unknown, Body = unknown> {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /api/v1, Fastify style (`/services/:service`). */
  path: string;
  role: TokenRole;
  summary: string;
  description?: string;
  tag: string;
  /** Writes are waited for on shutdown and get the longer timeout. */
  write: boolean;
  /** Milliseconds before the request is answered 503 HTTP_TIMEOUT. */
  timeoutMs?: number;
  /** Bytes; the server's default when absent. */
  bodyLimit?: number;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** The body is not JSON but a stream (an access log), passed as `context.raw`. */
  rawBody?: { contentTypes: string[]; description: string };
  /**
   * Whether this request's answer depends only on the registry's data and the request (not on the
   * clock or the caller), so that the server may answer it again from memory until the registry
   * changes (src/server/_answers.ts). Absent: never reused.
   */
  reusable?: (input: RouteInput<Params, Query, Body>) => boolean;
  /** The 200 response, for the OpenAPI document only (never used to filter what is sent). */
  response: JsonSchema;
  handler(input: RouteInput<Params, Query, Body>, context: RouteContext): Promise<unknown>;
}

/** Keeps the handler's types while the table holds routes of every shape. */
export function defineRoute<Params, Query, Body>(route: ApiRoute<Params, Query, Body>): ApiRoute {
  return route as ApiRoute;
}

export const NAME: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const TEXT: JsonSchema = { type: ['string', 'null'], maxLength: 10_000 };

export function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A response: an object with these top-level fields (nested shapes are in the registry's types.ts). */
export function result(description: string, fields: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', description, properties: fields, required: Object.keys(fields) };
}
