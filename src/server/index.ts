/**
 * The HTTP server behind `holdfast serve` (issue 13): every registry and usage operation as JSON
 * under /api/v1, described by an OpenAPI 3.1 document generated from the route schemas
 * (openapi.ts), with bearer tokens by role (auth.ts). Handlers only call src/registry, the same
 * service layer as the CLI. client.ts is the other side, used by the CLI's `--server`.
 *
 * @module
 * @example
 * const app = await buildServer({ store, registryOptions: { cwd: process.cwd() } });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export {
  buildServer,
  closeServer,
  type ServerOptions,
  type ServerPlugin,
  type ServerPluginDeps,
  type ServerState,
} from './app.js';
export { type Auth, type Caller, cookieToken, createAuth, TOKEN_COOKIE } from './auth.js';
export { API_PREFIX, openApiDocument } from './openapi.js';
export { API_ROUTES } from './routes/index.js';
