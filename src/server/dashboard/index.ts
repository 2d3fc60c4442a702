/**
 * The dashboard: server-rendered pages over the registry's service functions (the same ones the
 * CLI calls), for the person on call. One stylesheet and one script ship with it (assets.ts);
 * charts are SVG drawn on the server; nothing is fetched from anywhere at run time. Every value
 * from a contract, a log line or a person goes through one escaping template (html.ts), and a
 * strict Content-Security-Policy (no inline script or style) backs that up.
 *
 * Pages: `/` (what is live where), `/services/:service` (timeline), `/services/:service/diff`,
 * `/services/:service/deployments/:id` (deploy compare's verdict and charts, the rollback plan),
 * `/services/:service/usage`, and `/login` (stores a token in an HttpOnly cookie) when reads need one;
 * any other path outside the API gets a "Page not found" page. Links, assets, forms and redirects
 * are relative to the page, so the dashboard works behind a proxy that serves it under a sub-path.
 *
 * @module
 * @example
 * const app = Fastify();
 * await registerDashboard(app, { store, registryOptions: { cwd: process.cwd() }, auth: requireRead });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { HoldfastConfig } from '../../config/types.js';
import { AppError } from '../../errors.js';
import {
  compareDeployment,
  diffVersions,
  history,
  listVersions,
  liveMatrix,
  MAX_COMPARE_WINDOW_MINUTES,
  type RegistryOptions,
  recentActivity,
  rollbackPlan,
  showDeployment,
  showUsage,
  showVersion,
  type UsageShowResult,
  verifyToken,
} from '../../registry/index.js';
import type { Store } from '../../store/store.js';
import { type CompareThresholds, parseWindowMinutes } from '../../usage/compare.js';
import type { ServerPlugin } from '../app.js';
import { ASSETS } from './assets.js';
import { type Html, href, localPath, relative, rootOf } from './html.js';
import { deploymentPage, type ProjectCompare } from './pages/deployment.js';
import { diffPage } from './pages/diff.js';
import { errorPage, loginPage, notFoundPage } from './pages/login.js';
import { overviewPage } from './pages/overview.js';
import { servicePage } from './pages/service.js';
import { usagePage } from './pages/usage.js';

/** The cookie the login form sets and the server's auth reads. */
export const TOKEN_COOKIE = 'holdfast_token';

/** How long the login cookie lasts: a working day and then some. */
export const TOKEN_COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface DashboardDeps {
  store: Store;
  registryOptions: RegistryOptions;
  /**
   * Checks the request may read (a bearer token or the `holdfast_token` cookie); absent when the
   * operator opened reads. Failing with a 401 sends the browser to the login form.
   */
  auth?: preHandlerAsyncHookHandler;
  /** Whether a token the login form received is valid (not revoked, any role); without it, any well-formed token is stored and the next page's auth decides. */
  verifyToken?: (token: string) => Promise<boolean>;
  /**
   * The project configuration the server loaded at start (`holdfast.yaml` or `[tool.holdfast]` in
   * its working directory): the deployment page judges with its `deploy-compare` window and
   * thresholds, and plans rollbacks with its `deploy-command` (one recorded with `holdfast service
   * set` still wins), as the CLI does in that folder.
   */
  project?: ProjectSettings;
}

/** What the dashboard takes from the project configuration. */
export type ProjectSettings = Pick<HoldfastConfig, 'displayName' | 'deployCommand' | 'deployCompare'>;

/**
 * Registers the dashboard's pages and assets on `app` (in their own encapsulated context: the
 * security headers and the HTML error pages apply to the dashboard's routes only).
 */
export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  await app.register(async (dashboard) => dashboardRoutes(dashboard, deps));
  // A path that is no page gets a page saying so; the API's paths keep their JSON 404. Inside
  // holdfast serve the server's not-found handler asks the dashboard (one handler per server).
  const notFound = async (request: FastifyRequest, reply: FastifyReply) => {
    setSecurityHeaders(reply);
    return sendPage(
      reply.code(404),
      notFoundPage({
        path: request.url.split('?')[0] ?? '/',
        signedIn: deps.auth !== undefined && readCookie(request.headers.cookie, TOKEN_COOKIE) !== null,
        root: rootOf(request.url),
      }),
    );
  };
  if (app.hasDecorator('holdfast')) app.holdfast.notFoundPage = notFound;
  else app.setNotFoundHandler(notFound);
}

/** Headers on every dashboard answer: the CSP backs up the escaping template. */
function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (!String(reply.getHeader('cache-control') ?? '').includes('immutable')) reply.header('cache-control', 'no-store');
}

/**
 * The dashboard as `holdfast serve` registers it (`buildServer({ plugins: [dashboardPlugin] })`):
 * pages need a token of any role, from the `holdfast_token` cookie the login form sets or a bearer
 * header, unless the server opened reads.
 */
export const dashboardPlugin: ServerPlugin = (app, deps) =>
  registerDashboard(app, {
    store: deps.store,
    registryOptions: deps.registryOptions,
    auth: deps.auth.openReads ? undefined : deps.auth.require('read'),
    verifyToken: async (token) => (await verifyToken(deps.store, token)) !== null,
    project: deps.config,
  });

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/;

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

function statusOf(error: ErrorLike): number {
  // The server's auth (src/server/auth.ts) throws these; their codes belong to its branch of ErrorCode.
  const code: string = typeof error.code === 'string' ? error.code : '';
  if (code === 'AUTH_FORBIDDEN') return 403;
  if (code === 'AUTH_REQUIRED' || code === 'AUTH_INVALID') return 401;
  if (error instanceof AppError) {
    if (error.retryable) return 503;
    if (error.code === 'USAGE') return 400;
    if (/^REGISTRY_(UNKNOWN|MISSING|NOTHING_LIVE|NOT_PUBLISHED)/.test(error.code)) return 404;
    return 422;
  }
  return typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Log in needed',
  403: 'Not allowed',
  404: 'Not found',
  422: 'Cannot show this',
  503: 'Temporarily unavailable',
};

async function dashboardRoutes(dashboard: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const now = (): Date => (deps.registryOptions.now ?? (() => new Date()))();
  const signedIn = (request: FastifyRequest): boolean =>
    deps.auth !== undefined && readCookie(request.headers.cookie, TOKEN_COOKIE) !== null;
  const guarded = deps.auth === undefined ? {} : { preHandler: deps.auth };
  const projectCompare = compareSettings(deps.project);

  if (!dashboard.hasContentTypeParser('application/x-www-form-urlencoded')) {
    dashboard.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
  }

  dashboard.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(reply);
    // An auth hook that answered 401 itself (instead of throwing): a browser goes to the login form.
    if (reply.statusCode === 401 && request.method === 'GET' && wantsHtml(request)) {
      reply.code(303).header('location', relative(rootOf(request.url), href(['login'], { next: request.url })));
      reply.header('content-type', 'text/plain; charset=utf-8');
      return 'See the login page';
    }
    return payload;
  });

  dashboard.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    const status = statusOf(error);
    if (status === 401 && request.method === 'GET' && wantsHtml(request)) {
      const refused = (error as ErrorLike).code === 'AUTH_INVALID' ? 'refused' : null;
      return reply
        .code(303)
        .header('location', relative(rootOf(request.url), href(['login'], { next: request.url, token: refused })))
        .send();
    }
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'dashboard page failed');
    if (status === 503) reply.header('retry-after', '5');
    const message =
      error instanceof AppError || status < 500
        ? error.message
        : 'The page could not be built: an unexpected error, logged on the server; expected a page. Retrying will not help unless the cause is fixed.';
    return sendPage(
      reply.code(status),
      errorPage({
        status,
        title: TITLES[status] ?? 'Something went wrong',
        message,
        signedIn: signedIn(request),
        root: rootOf(request.url),
      }),
    );
  });

  for (const asset of [ASSETS.stylesheet, ASSETS.script, ASSETS.icon]) {
    dashboard.get(asset.path, async (_request, reply) =>
      reply
        .header('content-type', asset.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body),
    );
  }

  dashboard.get('/', guarded, async (request, reply) => {
    const [matrix, recent] = await Promise.all([liveMatrix(deps.store), recentActivity(deps.store, { limit: 10 })]);
    return sendPage(
      reply,
      overviewPage(matrix, recent, { now: now(), signedIn: signedIn(request), root: rootOf(request.url) }),
    );
  });

  dashboard.get<{ Params: { service: string } }>('/services/:service', guarded, async (request, reply) => {
    const service = request.params.service;
    const [historyResult, versions] = await Promise.all([
      history(deps.store, { service, limit: 50 }, deps.registryOptions),
      listVersions(deps.store, { service }),
    ]);
    const newest = versions.versions.find((version) => version.published);
    const about =
      newest === undefined ? null : contractInfo(await showVersion(deps.store, { service, version: newest.version }));
    return sendPage(
      reply,
      servicePage(
        { history: historyResult, versions, about },
        { now: now(), signedIn: signedIn(request), root: rootOf(request.url) },
      ),
    );
  });

  dashboard.get<{ Params: { service: string }; Querystring: { base?: string; revision?: string; env?: string } }>(
    '/services/:service/diff',
    guarded,
    async (request, reply) => {
      const service = request.params.service;
      const versions = (await listVersions(deps.store, { service })).versions
        .filter((version) => version.published)
        .map((version) => version.version);
      const { base, revision } = request.query;
      if (base === undefined && revision === undefined) {
        if (versions.length < 2) {
          throw new AppError(
            'USAGE',
            `No diff for ${service}: it has ${versions.length} published version${versions.length === 1 ? '' : 's'}; expected at least two. Publish another version; retrying will not help.`,
          );
        }
        return reply.redirect(
          relative(
            rootOf(request.url),
            href(['services', service, 'diff'], { base: versions[1], revision: versions[0] }),
          ),
          303,
        );
      }
      if (typeof base !== 'string' || typeof revision !== 'string') {
        const wrong = typeof base !== 'string' ? 'base' : 'revision';
        const found = request.query[wrong] === undefined ? 'is missing' : 'is given more than once';
        throw new AppError(
          'USAGE',
          `Invalid diff request for ${service}: ${wrong} ${found}; expected both ?base=VERSION&revision=VERSION, once each. Retrying will not help.`,
        );
      }
      const environments = await liveEnvironments(deps.store, service);
      const chosen =
        typeof request.query.env === 'string' && request.query.env !== '' ? request.query.env : environments[0];
      const [diff, usage] = await Promise.all([
        diffVersions(deps.store, { service, base, revision }, deps.registryOptions),
        chosen === undefined ? Promise.resolve(null) : usageOrNull(deps, service, chosen),
      ]);
      return sendPage(
        reply,
        diffPage({ diff, versions, environments, usage }, { signedIn: signedIn(request), root: rootOf(request.url) }),
      );
    },
  );

  dashboard.get<{ Params: { service: string; id: string }; Querystring: { window?: string } }>(
    '/services/:service/deployments/:id',
    guarded,
    async (request, reply) => {
      const { service } = request.params;
      const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : Number.NaN;
      if (!Number.isSafeInteger(id)) {
        throw new AppError(
          'USAGE',
          `Invalid deployment id "${request.params.id}": not a number; expected the number of deploy-<id> as history shows it. Retrying will not help.`,
        );
      }
      const windowMinutes = compareWindow(request.query.window) ?? projectCompare.windowMinutes;
      const detail = await showDeployment(deps.store, { service, id });
      const { deployment } = detail;
      const current = now();
      // The page and `holdfast deploy compare` (run where the server's configuration is) give the
      // same answer: one service function, the same configured window and thresholds.
      const [compare, plan] = await Promise.all([
        compareDeployment(
          deps.store,
          {
            service,
            environment: deployment.environment,
            deployment: String(id),
            windowMinutes,
            thresholds: projectCompare.thresholds,
          },
          { ...deps.registryOptions, now: () => current },
        ),
        deployment.status !== 'live'
          ? Promise.resolve(null)
          : rollbackPlan(
              deps.store,
              { service, environment: deployment.environment, deployCommand: deps.project?.deployCommand },
              deps.registryOptions,
            ).then(
              (result) => ({ result }),
              (error: unknown) => {
                if (error instanceof AppError && !error.retryable) return { error: error.message };
                throw error;
              },
            ),
      ]);
      return sendPage(
        reply,
        deploymentPage(
          { detail, compare, plan, project: projectCompare },
          { now: current, signedIn: signedIn(request), root: rootOf(request.url) },
        ),
      );
    },
  );

  dashboard.get<{ Params: { service: string }; Querystring: { env?: string; days?: string } }>(
    '/services/:service/usage',
    guarded,
    async (request, reply) => {
      const service = request.params.service;
      const environments = await liveEnvironments(deps.store, service);
      const environment =
        typeof request.query.env === 'string' && request.query.env !== '' ? request.query.env : environments[0];
      if (environment === undefined) {
        throw new AppError(
          'REGISTRY_NOTHING_LIVE',
          `No usage page for ${service}: it is live in no environment; expected ?env=ENVIRONMENT or a deployment. Record one with holdfast deploy; retrying will not help.`,
        );
      }
      const days = request.query.days === undefined ? undefined : Number(request.query.days);
      if (days !== undefined && !Number.isSafeInteger(days)) {
        throw new AppError(
          'USAGE',
          `Invalid days "${request.query.days}": not a whole number; expected a number of days such as 7 or 30. Retrying will not help.`,
        );
      }
      const usage = await showUsage(deps.store, { service, environment, days }, deps.registryOptions);
      const choices = environments.includes(environment) ? environments : [...environments, environment];
      return sendPage(
        reply,
        usagePage({ usage, environments: choices }, { signedIn: signedIn(request), root: rootOf(request.url) }),
      );
    },
  );

  dashboard.get<{ Querystring: { next?: string; token?: string } }>('/login', async (request, reply) =>
    sendPage(
      reply,
      loginPage({
        next: localPath(request.query.next),
        message:
          request.query.token === 'refused'
            ? 'The token this browser had was refused: the server does not know it, or it was revoked; expected a live token of any role. Log in with another one.'
            : null,
        readsOpen: deps.auth === undefined,
        root: rootOf(request.url),
      }),
    ),
  );

  dashboard.post<{ Body: Record<string, unknown> | undefined }>('/login', async (request, reply) => {
    refuseCrossSite(request);
    const body = request.body ?? {};
    const next = localPath(body.next);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const refuse = (message: string) =>
      sendPage(
        reply.code(401),
        loginPage({ next, message, readsOpen: deps.auth === undefined, root: rootOf(request.url) }),
      );
    if (!TOKEN_PATTERN.test(token)) {
      return refuse(
        'Token refused: it is empty or has characters a holdfast token never has; expected the token holdfast token create printed (8 to 512 letters, digits and . _ ~ + / = -). Paste it again.',
      );
    }
    if (deps.verifyToken !== undefined && !(await deps.verifyToken(token))) {
      return refuse(
        'Token refused: the server does not know it, or it was revoked; expected a live token of any role. Ask an admin for a token (holdfast token create); retrying the same one will not help.',
      );
    }
    // Behind a TLS-terminating proxy the request arrives as HTTP: its X-Forwarded-Proto says HTTPS.
    // Trusting it can only add Secure, never drop it.
    const https = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
    const secure = https ? '; Secure' : '';
    // No Path: the browser scopes the cookie to the folder of the URL it posted the form to, `/`
    // at a host's root, `/holdfast` behind a proxy serving the dashboard at /holdfast/ (RFC 6265,
    // 5.1.4), so a sub-path's cookie is sent to that sub-path only.
    return reply
      .header(
        'set-cookie',
        `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Max-Age=${TOKEN_COOKIE_MAX_AGE_SECONDS}${secure}`,
      )
      .redirect(relative(rootOf(request.url), next), 303);
  });

  dashboard.post('/logout', async (request, reply) => {
    refuseCrossSite(request);
    return reply
      .header('set-cookie', `${TOKEN_COOKIE}=; HttpOnly; SameSite=Strict; Max-Age=0`)
      .redirect(relative(rootOf(request.url), '/login'), 303);
  });
}

function sendPage(reply: FastifyReply, page: Html): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').send(page.toString());
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/**
 * A form posted from another site (login CSRF) is refused. Browsers say where a request came from
 * in Sec-Fetch-Site: only `same-origin` passes, whatever Host a proxy passed on (nginx passes its
 * upstream by default). Without that header (older browsers, scripts), the Origin must be the Host
 * or the proxy's X-Forwarded-Host; a page on another site can set none of these on a form post.
 */
function refuseCrossSite(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin') return;
    throw Object.assign(
      new Error(
        `Form refused: it was posted from ${origin === undefined || origin === 'null' ? 'another page' : origin} (Sec-Fetch-Site: ${site}); expected a form of this dashboard. Retrying will not help.`,
      ),
      { statusCode: 403 },
    );
  }
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  const forwarded = request.headers['x-forwarded-host'];
  const forwardedHosts = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (host !== request.headers.host && !forwardedHosts.includes(host)) {
    throw Object.assign(
      new Error(
        `Form refused: it was posted from ${origin}; expected a form of this dashboard (${request.headers.host ?? 'this host'}). Retrying will not help.`,
      ),
      { statusCode: 403 },
    );
  }
}

/** Environments the service is live in, production ones first. */
async function liveEnvironments(store: Store, service: string): Promise<string[]> {
  const matrix = await liveMatrix(store);
  const live = new Set(
    matrix.live.filter((deployment) => deployment.service === service).map((deployment) => deployment.environment),
  );
  return matrix.environments.map((environment) => environment.name).filter((name) => live.has(name));
}

/** `?window=30m` (or minutes, as `holdfast deploy compare --window` takes it); the command's default without one. */
function compareWindow(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const minutes = parseWindowMinutes(text);
  if (minutes === undefined || minutes < 1 || minutes > MAX_COMPARE_WINDOW_MINUTES) {
    throw new AppError(
      'USAGE',
      `Invalid window "${text}": expected 1 minute to ${MAX_COMPARE_WINDOW_MINUTES / 1440} days (e.g. 30m, 1h, 6h). Retrying will not help.`,
    );
  }
  return minutes;
}

/** `deploy-compare` of the project configuration, split into the window and the thresholds, and where they came from. */
function compareSettings(project: ProjectSettings | undefined): ProjectCompare {
  const { windowMinutes, ...thresholds } = project?.deployCompare ?? {};
  const configured = Object.fromEntries(
    Object.entries(thresholds).filter((entry): entry is [string, number] => entry[1] !== undefined),
  ) as Partial<CompareThresholds>;
  return {
    file: project?.displayName ?? null,
    windowMinutes,
    thresholds: configured,
  };
}

async function usageOrNull(deps: DashboardDeps, service: string, environment: string): Promise<UsageShowResult | null> {
  const usage = await showUsage(deps.store, { service, environment }, deps.registryOptions);
  return usage.totalCalls === 0 ? null : usage;
}

/** `info.title` and `info.description` of a stored contract, as text. */
function contractInfo(shown: { version: { version: string }; text: string }): {
  version: string;
  title: string | null;
  description: string | null;
} | null {
  let document: unknown;
  try {
    document = JSON.parse(shown.text);
  } catch {
    return null;
  }
  const info =
    document !== null && typeof document === 'object' && 'info' in document
      ? (document as { info: unknown }).info
      : null;
  if (info === null || typeof info !== 'object') return null;
  const field = (name: string): string | null => {
    const value = (info as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  };
  return { version: shown.version.version, title: field('title'), description: field('description') };
}
