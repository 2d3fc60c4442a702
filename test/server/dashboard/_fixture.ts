/**
 * A real SQLite registry seeded the way a team fills it in a day, and a Fastify server with the
 * dashboard on 127.0.0.1. Shared by the browser test and scripts/screenshots.js (which bundles
 * this file with esbuild). Private to test/server/dashboard.
 *
 * The day (2026-01-05, UTC): shop 1.0.0, 1.1.0 and 2.0.0 published; 1.0.0 then 1.1.0 deployed to
 * staging and production; 2.0.0 to staging at 10:00 and production at 11:00, where its 5xx rate
 * jumps (its expected result, "error rate below 1% …", is not met); rolled back to 1.1.0 at 12:00. Timed access logs of production from 05:00 to 16:00 are
 * ingested. A second service carries script payloads in every field a person, a contract or a log
 * line can fill.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../../src/errors.js';
import { DEFAULT_POLICY } from '../../../src/policy/index.js';
import {
  createEnvironment,
  createToken,
  deploy,
  ingestUsage,
  publish,
  type RegistryOptions,
  rollbackRecord,
  setService,
} from '../../../src/registry/index.js';
import { dashboardPlugin, readCookie } from '../../../src/server/dashboard/index.js';
import { buildServer, closeServer } from '../../../src/server/index.js';
import { openStore, type Store } from '../../../src/store/index.js';

/** The repository root (scripts/screenshots.js bundles this file elsewhere and passes the root itself). */
const ROOT = new URL('../../../', import.meta.url).pathname;
let examples = join(ROOT, 'examples/fastapi-shop/openapi-pydantic2');

/** Script payloads, each in a different field; none may ever run or become an element. */
export const PAYLOADS = {
  service: '<script>alert("service")</script>',
  version: '"><img src=x onerror=alert("version")>',
  owner: '<img src=x onerror=alert("owner")>',
  expected: '<svg onload=alert("expected")></svg>',
  note: '<a href="javascript:alert(\'note\')">click</a>',
  description: '<script>alert("description")</script> **markdown** [link](javascript:alert("md"))',
  path: '/items/<svg onload=alert("path")>',
  client: '"><img src=x onerror=alert("client")>',
  reason: '<iframe src="javascript:alert(\'reason\')"></iframe>',
} as const;

/** The registry's clock at the end of the seeded day. */
export const NOW = new Date('2026-01-05T16:00:00.000Z');

export interface Seeded {
  store: Store;
  options: RegistryOptions;
  folder: string;
  /** Deployment ids by name. */
  deployments: { production200: number; productionRollback: number; payload: number };
}

function exampleText(name: string): string {
  return readFileSync(join(examples, name), 'utf8');
}

/** v1 with one more operation: what 1.1.0 adds. */
function version110(): string {
  const document = JSON.parse(exampleText('v1.json'));
  document.info.version = '1.1.0';
  document.paths['/items/{item_id}'].delete = {
    operationId: 'delete_item',
    parameters: [{ name: 'item_id', in: 'path', required: true, schema: { type: 'integer' } }],
    responses: { '204': { description: 'Deleted' } },
  };
  return JSON.stringify(document, null, 2);
}

function version200(): string {
  const document = JSON.parse(exampleText('v2-breaking.json'));
  document.info.description = PAYLOADS.description;
  return JSON.stringify(document, null, 2);
}

function payloadContract(extraProperty: boolean): string {
  const properties: Record<string, unknown> = { id: { type: 'integer' } };
  if (extraProperty) properties[PAYLOADS.owner] = { type: 'string', description: PAYLOADS.description };
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: PAYLOADS.service, version: '1', description: PAYLOADS.description },
    paths: {
      [PAYLOADS.path]: {
        get: {
          summary: PAYLOADS.description,
          responses: {
            '200': {
              description: PAYLOADS.description,
              content: {
                'application/json': {
                  schema: { type: 'object', required: extraProperty ? ['id'] : ['id'], properties },
                },
              },
            },
          },
        },
      },
    },
  });
}

/** A small pseudo-random generator, so the seeded logs are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON access-log lines for production, 05:00 to 16:00: calm, then 2.0.0's bad hour, then calm again. */
function accessLog(payloads: boolean): string {
  const next = random(13);
  const routes: Array<[string, () => string, number]> = [
    ['GET', () => '/items', 30],
    ['GET', () => `/items/${Math.floor(next() * 500)}`, 25],
    ['POST', () => '/items', 8],
    ['POST', () => '/orders', 14],
    ['GET', () => `/orders/${Math.floor(next() * 500)}`, 10],
    ['GET', () => `/users/${Math.floor(next() * 500)}`, 12],
  ];
  const clients = [
    'ios-app',
    'ios-app',
    'web',
    'web',
    'web',
    'billing-cron',
    'android-app',
    payloads ? PAYLOADS.client : 'partner-feed',
  ];
  const lines: string[] = [];
  const start = Date.parse('2026-01-05T05:00:00.000Z');
  for (let hour = 0; hour < 11; hour += 1) {
    const bad = hour === 6; // 11:00-12:00, while 2.0.0 ran in production
    const perHour = 60 + Math.floor(next() * 30) + hour * 4;
    for (let index = 0; index < perHour; index += 1) {
      const at = start + hour * 3_600_000 + Math.floor((index / perHour) * 3_600_000);
      let pick = next() * 99;
      let route = routes[0]!;
      for (const candidate of routes) {
        pick -= candidate[2];
        if (pick <= 0) {
          route = candidate;
          break;
        }
      }
      const failing = next() < (bad ? (route[1]().startsWith('/orders') ? 0.45 : 0.08) : 0.01);
      const status = failing ? 502 : next() < 0.05 ? 404 : route[0] === 'POST' ? 201 : 200;
      const duration = (bad ? 180 : 35) * (0.4 + next() * 1.6) + (route[0] === 'POST' ? 20 : 0);
      lines.push(
        JSON.stringify({
          timestamp: new Date(at).toISOString(),
          method: route[0],
          path: route[1](),
          status_code: status,
          duration_ms: Math.round(duration * 10) / 10,
          user_agent: 'python-requests/2.31.0',
          x_client_id: clients[Math.floor(next() * clients.length)],
        }),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Opens a new SQLite registry in `folder` and fills it with the seeded day. */
export async function seedRegistry(
  folder: string,
  root: string = ROOT,
  settings: { payloads?: boolean } = {},
): Promise<Seeded> {
  // Screenshots for the docs leave the payload service out and show a few ordinary ones instead.
  const payloads = settings.payloads !== false;
  examples = join(root, 'examples/fastapi-shop/openapi-pydantic2');
  mkdirSync(folder, { recursive: true });
  const store = await openStore({ kind: 'sqlite', path: join(folder, 'registry.db') });
  let current = new Date('2026-01-05T06:00:00.000Z');
  const options: RegistryOptions = { cwd: folder, policy: DEFAULT_POLICY, now: () => current };
  const at = (time: string) => {
    current = new Date(`2026-01-05T${time}:00.000Z`);
  };
  const source = (name: string, text: string) => ({ uri: `/contracts/${name}`, displayName: name, text });

  await createEnvironment(store, { name: 'production', production: true }, options);
  await createEnvironment(store, { name: 'staging' }, options);
  at('06:00');
  await publish(
    store,
    {
      service: 'shop',
      version: '1.0.0',
      source: source('v1.json', exampleText('v1.json')),
      branch: 'main',
      commit: 'a1b2c3d4e5f6a7b8c9d0',
    },
    options,
  );
  at('06:05');
  await publish(
    store,
    {
      service: 'shop',
      version: '1.1.0',
      source: source('v1.1.json', version110()),
      branch: 'main',
      commit: 'b2c3d4e5f6a7b8c9d0e1',
    },
    options,
  );
  at('06:10');
  await publish(
    store,
    {
      service: 'shop',
      version: '2.0.0',
      source: source('v2.json', version200()),
      branch: 'release/2.0',
      commit: 'c3d4e5f6a7b8c9d0e1f2',
    },
    options,
  );
  await setService(
    store,
    { service: 'shop', deployCommand: 'make deploy SERVICE={service} VERSION={version} ENV={env}' },
    options,
  );
  at('06:30');
  await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging', owner: 'alice' }, options);
  at('06:45');
  await deploy(
    store,
    {
      service: 'shop',
      version: '1.0.0',
      environment: 'production',
      owner: 'alice',
      expectedResult: 'Shop serves orders as before',
      rollbackNote: 'Nothing to undo: first release.',
    },
    options,
  );
  at('08:00');
  await deploy(store, { service: 'shop', version: '1.1.0', environment: 'staging', owner: 'bob' }, options);
  at('09:00');
  await deploy(
    store,
    {
      service: 'shop',
      version: '1.1.0',
      environment: 'production',
      owner: 'bob',
      expectedResult: 'DELETE /items/{item_id} available; nothing else changes',
      rollbackNote: 'Safe to roll back to 1.0.0: no client uses DELETE yet.',
    },
    options,
  );
  at('10:00');
  await deploy(store, { service: 'shop', version: '2.0.0', environment: 'staging', owner: 'carol' }, options);
  at('11:00');
  const production200 = await deploy(
    store,
    {
      service: 'shop',
      version: '2.0.0',
      environment: 'production',
      owner: 'carol',
      expectedResult: 'error rate below 1% and p95 of POST /orders below 300 ms',
      rollbackNote: 'Roll back to 1.1.0; the mobile app still reads Item.name.',
    },
    options,
  );
  at('12:00');
  const rollback = await rollbackRecord(
    store,
    {
      service: 'shop',
      environment: 'production',
      to: '1.1.0',
      by: 'dave',
      reason: '5xx on POST /orders: the mobile app sends note: null',
    },
    options,
  );

  const log = join(folder, 'production-access.log');
  writeFileSync(log, accessLog(payloads));
  at('16:00');
  await ingestUsage(
    store,
    {
      service: 'shop',
      environment: 'production',
      files: [log],
      format: 'json',
      client: 'header',
      jsonFields: { header: 'x_client_id' },
    },
    options,
  );

  let payloadId = -1;
  if (payloads) {
    // Payloads everywhere a value comes from a person, a contract or a log line.
    at('13:00');
    await publish(
      store,
      { service: PAYLOADS.service, version: '1.0.0', source: source('evil-1.json', payloadContract(false)) },
      options,
    );
    await publish(
      store,
      { service: PAYLOADS.service, version: PAYLOADS.version, source: source('evil-2.json', payloadContract(true)) },
      options,
    );
    await deploy(
      store,
      { service: PAYLOADS.service, version: '1.0.0', environment: 'staging', owner: PAYLOADS.owner },
      options,
    );
    at('13:30');
    payloadId = (
      await deploy(
        store,
        {
          service: PAYLOADS.service,
          version: PAYLOADS.version,
          environment: 'staging',
          owner: PAYLOADS.owner,
          expectedResult: PAYLOADS.expected,
          rollbackNote: PAYLOADS.note,
        },
        options,
      )
    ).deployment.id;
    at('14:00');
    await rollbackRecord(
      store,
      { service: PAYLOADS.service, environment: 'staging', to: '1.0.0', by: PAYLOADS.owner, reason: PAYLOADS.reason },
      options,
    );
    await deploy(
      store,
      {
        service: PAYLOADS.service,
        version: PAYLOADS.version,
        environment: 'staging',
        owner: PAYLOADS.owner,
        expectedResult: PAYLOADS.expected,
        rollbackNote: PAYLOADS.note,
        force: true,
      },
      options,
    );
    const evilLog = join(folder, 'staging-access.log');
    writeFileSync(
      evilLog,
      `${JSON.stringify({ timestamp: '2026-01-05T14:10:00.000Z', method: 'GET', path: PAYLOADS.path, status_code: 200, duration_ms: 3, x_client_id: PAYLOADS.client })}\n`,
    );
    await ingestUsage(
      store,
      {
        service: PAYLOADS.service,
        environment: 'staging',
        files: [evilLog],
        format: 'json',
        client: 'header',
        jsonFields: { header: 'x_client_id' },
      },
      options,
    );
  } else {
    await seedNeighbours(store, options, at, source);
  }

  current = NOW;
  return {
    store,
    options,
    folder,
    deployments: {
      production200: production200.deployment.id,
      productionRollback: rollback.live.id,
      payload: payloadId,
    },
  };
}

/** Two more services, for the docs' overview: one live everywhere, one only in staging. */
async function seedNeighbours(
  store: Store,
  options: RegistryOptions,
  at: (time: string) => void,
  source: (name: string, text: string) => { uri: string; displayName: string; text: string },
): Promise<void> {
  const v1 = exampleText('v1.json');
  at('07:00');
  for (const [service, version, environment, owner] of [
    ['billing', '3.4.0', 'production', 'erin'],
    ['billing', '3.5.0', 'staging', 'erin'],
    ['catalog', '0.9.2', 'staging', 'frank'],
  ] as const) {
    await publish(store, { service, version, source: source(`${service}-${version}.json`, v1) }, options);
    await deploy(store, { service, version, environment, owner }, options);
  }
}

/**
 * A token check shaped like the server's (src/server/auth.ts): a bearer header or the dashboard's
 * cookie; no token is AUTH_REQUIRED, a wrong one AUTH_INVALID (both 401).
 */
export function testAuth(token: string): preHandlerAsyncHookHandler {
  return async (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const presented = bearer ?? readCookie(request.headers.cookie, 'holdfast_token');
    if (presented === token) return;
    throw presented === null
      ? new AppError('AUTH_REQUIRED', 'Missing token.')
      : new AppError('AUTH_INVALID', 'Invalid token.');
  };
}

export interface RunningDashboard {
  app: FastifyInstance;
  url: string;
  /** A read token, when the server needs one (not with open reads). */
  token: string | null;
  close(): Promise<void>;
}

/**
 * `holdfast serve`'s server (buildServer with the dashboard plugin) on 127.0.0.1 and a free port:
 * reads open, or (`tokens: true`) needing a token, with a real read token made for the test.
 */
export async function startDashboard(
  seeded: Pick<Seeded, 'store' | 'options'>,
  settings: { tokens?: boolean } = {},
): Promise<RunningDashboard> {
  const tokens = settings.tokens === true;
  const token = tokens
    ? (await createToken(seeded.store, { name: `dashboard-test-${Date.now()}`, role: 'read' }, seeded.options)).token
    : null;
  const app = await buildServer({
    store: seeded.store,
    registryOptions: seeded.options,
    openReads: !tokens,
    log: false,
    plugins: [dashboardPlugin],
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address, token, close: () => closeServer(app) };
}
