/**
 * `buildServer({ store, registryOptions })`: the Fastify instance behind `holdfast serve`. Routes
 * are data (routes/*.ts); this file wires them: JSON-schema validation, auth per role, per-route
 * timeouts, body limits, one JSON error shape, structured logs, health and readiness, and a
 * shutdown that finishes the writes it started.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { HoldfastConfig } from '../config/types.js';
import { AppError, retryAdvice } from '../errors.js';
import { ComparisonMemo, type RegistryOptions } from '../registry/index.js';
import type { Store } from '../store/store.js';
import { AnswerCache, DEFAULT_ANSWER_CACHE_BYTES } from './_answers.js';
import { errorBody, fromFastifyError, RETRY_AFTER_SECONDS, statusOf } from './_errors.js';
import { type Auth, createAuth } from './auth.js';
import { API_PREFIX, openApiDocument } from './openapi.js';
import type { ApiRoute } from './routes/_route.js';
import { API_ROUTES } from './routes/index.js';

/** What a plugin (the dashboard) gets: the store, the registry options, the auth to reuse, the project configuration. */
export interface ServerPluginDeps {
  store: Store;
  registryOptions: RegistryOptions;
  auth: Auth;
  config?: HoldfastConfig;
}

export type ServerPlugin = (app: FastifyInstance, deps: ServerPluginDeps) => Promise<void>;

export interface ServerOptions {
  store: Store;
  registryOptions: RegistryOptions;
  /** Routes needing only `read` take requests without a token (`holdfast serve --open-reads`). */
  openReads?: boolean;
  /** Where the JSON log lines go (default standard output); `false` for none. */
  log?: { stream?: DestinationStream; level?: string; sync?: boolean } | false;
  /** Largest JSON body in bytes (default 1 MiB; publish and usage ingest have their own). */
  bodyLimit?: number;
  /** Milliseconds before a read answers 503 HTTP_TIMEOUT (default 30 s). */
  readTimeoutMs?: number;
  /** Milliseconds before a write answers 503 HTTP_TIMEOUT (default 60 s); the write still completes. */
  writeTimeoutMs?: number;
  /**
   * Bytes of read answers kept until the registry changes (default 64 MiB; 0 keeps none). See
   * src/server/_answers.ts.
   */
  answerCacheBytes?: number;
  /** Registered after the API, e.g. the dashboard (`registerDashboard` from ./dashboard/index.js). */
  plugins?: ServerPlugin[];
  /** The project configuration found where the server runs (`loadConfig`), for the plugins (the dashboard's deployment page). */
  config?: HoldfastConfig;
}

/** What the server keeps about itself, for shutdown and tests. */
export interface ServerState {
  /** True once shutdown began: new requests get 503 SERVER_SHUTTING_DOWN. */
  closing: boolean;
  /** Registry writes started and not yet finished (answered or not). */
  writesInFlight: number;
  auth: Auth;
  logger: Logger;
  answers: AnswerCache;
  /** Answers a path outside the API that no route has (the dashboard's "page not found"); else the JSON 404. */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    holdfast: ServerState;
  }
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the server (not listening yet).
 *
 * @example
 * const app = await buildServer({ store, registryOptions: { cwd: process.cwd() } });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export async function buildServer(given: ServerOptions): Promise<FastifyInstance> {
  // A long-running process keeps parsed contracts and their diffs (content-addressed: never stale).
  const options: ServerOptions = {
    ...given,
    registryOptions: { ...given.registryOptions, memo: given.registryOptions.memo ?? new ComparisonMemo() },
  };
  const logger =
    options.log === false
      ? pino({ level: 'silent' })
      : pino(
          {
            level: options.log?.level ?? 'info',
            base: { service: 'holdfast' },
            timestamp: pino.stdTimeFunctions.isoTime,
            // Belt and braces: no log line carries headers, but if one ever does, not these.
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'headers.authorization',
                'headers.cookie',
                'token',
              ],
              censor: '[redacted]',
            },
          },
          // sync: one write per line, so lines of several worker processes sharing stdout never interleave.
          options.log?.stream ?? pino.destination({ dest: 1, sync: options.log?.sync === true }),
        );
  // Fastify's instance type follows the logger's: keep it the default one so plugins type-check.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    // One line per request, written in onResponse (with the route and the caller's token name).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // The caller's x-request-id (a proxy's) when it is a plausible id, else a new one: a header
    // is not trusted to be short or printable.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:@/+=-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: false,
    // Requests that never finish sending their body, or slow-loris clients.
    requestTimeout: 15 * 60_000,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  const auth = createAuth({ store: options.store, openReads: options.openReads });
  const answers = new AnswerCache(options.store, { maxBytes: options.answerCacheBytes ?? DEFAULT_ANSWER_CACHE_BYTES });
  const state: ServerState = { closing: false, writesInFlight: 0, auth, logger, answers };
  app.decorate('holdfast', state);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (state.closing) {
      reply.header('connection', 'close');
      throw new AppError(
        'SERVER_SHUTTING_DOWN',
        `Server shutting down: ${request.method} ${request.url} arrived after shutdown began; expected a running server. ${retryAdvice(true)}`,
        { retryable: true },
      );
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    // A keep-alive connection would hold the closing server open until it times out.
    if (state.closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        caller: request.holdfastCaller?.name ?? null,
      },
      'request',
    );
  });
  app.setErrorHandler(async (error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (state.notFoundPage !== undefined && !isApiPath(path)) return state.notFoundPage(request, reply);
    const error = new AppError(
      'HTTP_NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0]}: not part of this API; expected a path from ${API_PREFIX}/openapi.json. ${retryAdvice(false, 'Fix the URL')}`,
    );
    return sendError(error, request, reply);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const pending = await options.store.pendingMigrations();
    if (pending.length > 0) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply
        .code(503)
        .send(
          errorBody(
            new AppError(
              'STORE_UNAVAILABLE',
              `Not ready: migrations ${pending.join(', ')} are not applied to ${options.store.location}; expected all of them. ${retryAdvice(true)}`,
              { retryable: true },
            ),
          ),
        );
    }
    return { status: 'ready', database: options.store.dialect };
  });
  const document = openApiDocument(API_ROUTES);
  app.get(`${API_PREFIX}/openapi.json`, async () => document);

  for (const route of API_ROUTES) {
    if (route.rawBody === undefined) {
      addRoute(app, route, options, state);
    } else {
      const rawTypes = route.rawBody.contentTypes;
      await app.register(async (scope) => {
        scope.removeContentTypeParser(['text/plain']);
        scope.addContentTypeParser(rawTypes, (_request, payload, done) => done(null, payload));
        addRoute(scope, route, options, state);
      });
    }
  }

  const deps: ServerPluginDeps = {
    store: options.store,
    registryOptions: options.registryOptions,
    auth,
    config: options.config,
  };
  for (const plugin of options.plugins ?? []) await plugin(app, deps);
  return app;
}

/** `/api/...`, `/healthz`, `/readyz`: machines' paths, answered in JSON even when unknown. */
function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/healthz' || path === '/readyz';
}

function addRoute(app: FastifyInstance, route: ApiRoute, options: ServerOptions, state: ServerState): void {
  const timeoutMs =
    route.timeoutMs ?? (route.write ? (options.writeTimeoutMs ?? 60_000) : (options.readTimeoutMs ?? 30_000));
  const url = `${API_PREFIX}${route.path}`;
  app.route({
    method: route.method,
    url,
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    schema: {
      ...(route.params === undefined ? {} : { params: route.params }),
      ...(route.querystring === undefined ? {} : { querystring: route.querystring }),
      ...(route.body === undefined ? {} : { body: route.body }),
    },
    // Before the body is read or validated: an unauthenticated caller learns nothing about the schemas.
    onRequest: state.auth.require(route.role),
    handler: async (request, reply) => {
      const raw = route.rawBody === undefined ? undefined : (request.body as Readable | undefined);
      const input = {
        params: request.params,
        query: request.query ?? {},
        body: route.rawBody === undefined ? request.body : undefined,
      };
      const run = () =>
        route.handler(input, {
          store: options.store,
          registryOptions: options.registryOptions,
          caller: request.holdfastCaller ?? { name: null, role: null },
          raw,
        });
      if (route.reusable?.(input) === true) {
        const key = `${route.operationId}\0${JSON.stringify(input.params)}\0${JSON.stringify(input.query)}\0${JSON.stringify(input.body ?? null)}`;
        const answer = await withTimeout(state.answers.answer(key, run), timeoutMs, `${route.method} ${url}`, false);
        // RFC 9211: whether this answer was reused from memory.
        reply.header(
          'cache-status',
          answer.status === 'hit' ? 'holdfast; hit' : `holdfast; fwd=${answer.status === 'off' ? 'bypass' : 'miss'}`,
        );
        return reply.type('application/json; charset=utf-8').send(answer.body);
      }
      const work = run();
      if (route.write) {
        state.writesInFlight++;
        work.then(
          () => state.writesInFlight--,
          () => state.writesInFlight--,
        );
      }
      return withTimeout(work, timeoutMs, `${route.method} ${url}`, route.write);
    },
  });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string, write: boolean): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new AppError(
          'HTTP_TIMEOUT',
          `${what} timed out: no answer within ${timeoutMs} ms; expected the registry to answer sooner.${write ? ' The write may still complete: check with history before repeating it (publish and deploy repeated with the same input change nothing).' : ''} ${retryAdvice(true)}`,
          { retryable: true },
        ),
      );
    }, timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  const appError = fromFastifyError(error, route);
  const status = statusOf(appError);
  if (status >= 500 && !appError.retryable) request.log.error({ err: error, route }, 'request failed');
  else request.log.info({ code: appError.code }, 'request refused');
  if (appError.retryable) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(status).send(errorBody(appError));
}

/**
 * Stops taking requests (new ones get 503), waits for the writes in flight to finish (up to
 * `graceMs`), and closes the server. The store is the caller's to close afterwards.
 */
export async function closeServer(app: FastifyInstance, graceMs = 30_000): Promise<void> {
  app.holdfast.closing = true;
  const closed = app.close();
  const deadline = Date.now() + graceMs;
  while (app.holdfast.writesInFlight > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await closed;
}
