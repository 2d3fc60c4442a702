/**
 * The deployment page when the registry counted no request before the deployment (logs start with
 * the release). An hourly view once said "✓ steady" there, an all-clear next to a 25 % error rate;
 * deploy compare judges the after-window alone and says so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/policy/index.js';
import { deploy, ingestUsage, publish, type RegistryOptions } from '../../../src/registry/index.js';
import { registerDashboard } from '../../../src/server/dashboard/index.js';
import { openStore, type Store } from '../../../src/store/index.js';

const CONTRACT = new URL('../../../examples/fastapi-shop/openapi-pydantic2/v1.json', import.meta.url);

let folder: string;
let store: Store;
let app: FastifyInstance;
let deploymentId: number;
let untimedId: number;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'holdfast-dashboard-no-before-'));
  store = await openStore({ kind: 'sqlite', path: join(folder, 'registry.db') });
  let current = new Date('2026-01-05T10:00:00.000Z');
  const options: RegistryOptions = { cwd: folder, policy: DEFAULT_POLICY, now: () => current };
  await publish(
    store,
    {
      service: 'shop',
      version: '1.0.0',
      source: { uri: '/v1.json', displayName: 'v1.json', text: readFileSync(CONTRACT, 'utf8') },
    },
    options,
  );
  current = new Date('2026-01-05T10:20:00.000Z');
  deploymentId = (await deploy(store, { service: 'shop', version: '1.0.0', environment: 'production' }, options))
    .deployment.id;
  // 40 requests between 10:25 and 10:45, a quarter of them 500.
  const lines = Array.from({ length: 40 }, (_, index) =>
    JSON.stringify({
      timestamp: new Date(Date.parse('2026-01-05T10:25:00Z') + index * 30_000).toISOString(),
      method: 'GET',
      path: '/items',
      status_code: index % 4 === 0 ? 500 : 200,
      duration_ms: 20,
      user_agent: 'okhttp/4.12.0',
    }),
  );
  const log = join(folder, 'access.log');
  writeFileSync(log, `${lines.join('\n')}\n`);
  current = new Date('2026-01-05T11:30:00.000Z');
  await ingestUsage(store, { service: 'shop', environment: 'production', files: [log], format: 'json' }, options);
  // The same in staging, without durations: the p95 chart has no bar at all.
  const untimed = join(folder, 'untimed.log');
  writeFileSync(
    untimed,
    `${lines.map((line) => JSON.stringify({ ...JSON.parse(line), duration_ms: undefined })).join('\n')}\n`,
  );
  current = new Date('2026-01-05T10:20:00.000Z');
  untimedId = (await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging' }, options)).deployment
    .id;
  current = new Date('2026-01-05T11:30:00.000Z');
  await ingestUsage(store, { service: 'shop', environment: 'staging', files: [untimed], format: 'json' }, options);
  app = Fastify();
  await registerDashboard(app, { store, registryOptions: options });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

it('says there is nothing to compare instead of "steady" when nothing was counted before', async () => {
  const response = await app.inject({
    method: 'GET',
    url: `/services/shop/deployments/${deploymentId}`,
    headers: { accept: 'text/html' },
  });
  expect(response.statusCode).toBe(200);
  const page = response.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  // deploy compare judges the after-window alone and recommends the rollback, with the command.
  expect(page).toContain(
    'Compare ✗ roll back recommended All operations: 5xx – → 25 %, p95 of the slowest operation – → 20 ms, 0/min → 1.7/min (0 requests before, 40 after).',
  );
  expect(page).toContain('holdfast rollback plan --service shop --env production');
  expect(page).toContain(
    'Note: no traffic recorded before the deployment: nothing to compare with, so operations are judged on the after-window alone',
  );
  expect(page).not.toContain('steady');
});

it('an empty p95 chart keeps a readable scale (0 ms, 5 ms, 10 ms), not 0 ms, 1 ms, 1 ms', async () => {
  const response = await app.inject({
    method: 'GET',
    url: `/services/shop/deployments/${untimedId}`,
    headers: { accept: 'text/html' },
  });
  expect(response.statusCode).toBe(200);
  const chart = /<figure class="chart" id="chart-p95">[\s\S]*?<\/figure>/.exec(response.body)?.[0] ?? '';
  const ticks = [...chart.matchAll(/<text class="chart-axis"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
  expect(ticks).toEqual(['0 ms', '5 ms', '10 ms']);
  expect(chart).toContain('Slowest operation before: no data; after: no data.');
});
