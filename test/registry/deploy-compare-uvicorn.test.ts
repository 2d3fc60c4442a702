/**
 * `deploy compare` end to end on real servers: uvicorn serves the example shop with a log
 * configuration that adds timestamps (examples/fastapi-shop/log-config.json), scripts/send-traffic.js
 * sends real requests, first to the good build, then to a build that fails a quarter of
 * `GET /items/{item_id}` (SHOP_ITEM_ERROR_RATE); both access logs are ingested, and deploy compare
 * recommends the rollback on SQLite and PostgreSQL.
 *
 * Waiting an hour between the builds is not an option in a test: the good build's server runs
 * with its clock zone 45 minutes behind UTC (`TZ=LAG+0:45`), so its log lines, read as UTC, fall
 * 45 minutes in the past; the deployments are recorded at the matching times.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { deploy, publish } from '../../src/registry/index.js';
import { openStore } from '../../src/store/index.js';
import { HAS_FASTAPI, PYTHON, ROOT, SHOP, temporaryFolder } from '../extract/_python.js';
import { BACKENDS } from './_backends.js';

const HAS_UVICORN = HAS_FASTAPI && spawnSync(PYTHON, ['-c', 'import uvicorn'], { stdio: 'ignore' }).status === 0;
const MINUTE = 60_000;

async function serve(
  logPath: string,
  env: Record<string, string>,
): Promise<{ base: string; stop: () => Promise<void>; process: ChildProcess }> {
  const logFd = openSync(logPath, 'w');
  const server = spawn(
    PYTHON,
    [
      '-m',
      'uvicorn',
      'shop.main:app',
      '--app-dir',
      join(SHOP, 'v1'),
      '--log-config',
      join(SHOP, 'log-config.json'),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
    { stdio: ['ignore', logFd, 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1', ...env } },
  );
  closeSync(logFd);
  const base = await new Promise<string>((resolve, reject) => {
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`uvicorn did not start:\n${errors}`)), 20_000);
    server.stderr!.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
      const match = /Uvicorn running on (http:\/\/127\.0\.0\.1:\d+)/.exec(errors);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`uvicorn exited with ${code}:\n${errors}`));
    });
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  return { base, stop, process: server };
}

function sendTraffic(base: string, requests: number): string {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'send-traffic.js'), '--base', base, '--requests', String(requests)],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe.skipIf(!HAS_UVICORN)('deploy compare on real uvicorn access logs', () => {
  const servers: Array<{ stop: () => Promise<void> }> = [];
  let folder: { path: string; remove: () => Promise<void> };
  let contract = '';
  let start = 0;
  let goodTraffic = '';
  let badTraffic = '';

  beforeAll(async () => {
    folder = await temporaryFolder('holdfast-deploy-compare-live-');
    start = Date.now();
    const good = await serve(join(folder.path, 'good.log'), { TZ: 'LAG+0:45' });
    servers.push(good);
    contract = await (await fetch(`${good.base}/openapi.json`)).text();
    goodTraffic = sendTraffic(good.base, 200);
    await good.stop();
    const bad = await serve(join(folder.path, 'bad.log'), { TZ: 'UTC', SHOP_ITEM_ERROR_RATE: '0.25' });
    servers.push(bad);
    badTraffic = sendTraffic(bad.base, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await bad.stop();
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await folder?.remove();
  });

  it.each(BACKENDS)('recommends rolling back the bad build on $name', async (backend) => {
    expect(goodTraffic).toContain('GET /items/{item_id}: 200 x');
    expect(badTraffic).toMatch(/GET \/items\/\{item_id\}: 200 x\d+, 500 x\d+/);
    expect(readFileSync(join(folder.path, 'bad.log'), 'utf8')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO: {5}127\.0\.0\.1:\d+ - "GET /m,
    );
    const database = await backend.create();
    try {
      // The good build went live three hours ago; the bad one 29.5 minutes before the traffic.
      const store = await openStore(database.config);
      try {
        let now = start - 3 * 60 * MINUTE;
        const options = { cwd: database.folder, now: () => new Date(now), policy: DEFAULT_POLICY };
        const source = { uri: 'openapi.json', displayName: 'openapi.json', text: contract };
        await publish(store, { service: 'shop', version: '1.0.0', source }, options);
        await deploy(store, { service: 'shop', version: '1.0.0', environment: 'prod', owner: 'ana' }, options);
        await publish(store, { service: 'shop', version: '1.0.1', source }, options);
        now = start - 29.5 * MINUTE;
        await deploy(
          store,
          {
            service: 'shop',
            version: '1.0.1',
            environment: 'prod',
            owner: 'bo',
            expectedResult: 'error rate below 1% and p95 of GET /items/{item_id} below 300 ms',
          },
          options,
        );
      } finally {
        await store.close();
      }
      const run = async (env: Record<string, string>, ...argv: string[]) => {
        let stdout = '';
        let stderr = '';
        const status = await main(argv, {
          cwd: database.folder,
          env: { ...database.env, ...env },
          stdout: { write: (chunk: string) => (stdout += chunk) },
          stderr: { write: (chunk: string) => (stderr += chunk) },
          readStdin: async () => '',
        });
        return { status, stdout, stderr };
      };
      const ingested = await run(
        {},
        'usage',
        'ingest',
        '--service',
        'shop',
        '--env',
        'prod',
        join(folder.path, 'good.log'),
        join(folder.path, 'bad.log'),
      );
      expect(ingested.stderr).toBe('');
      expect(ingested.stdout.split('\n')[0]).toBe(
        'Ingested 2 files for shop in prod (contracts 1.0.0, 1.0.1 by time of deployment): 401 lines, 400 matched, 0 unparseable, 1 unmatched',
      );

      const later = { HOLDFAST_TEST_NOW: new Date(start + 5 * MINUTE).toISOString() };
      const compared = await run(later, 'deploy', 'compare', '--service', 'shop', '--env', 'prod', '--window', '30m');
      expect(compared.stderr).toBe('');
      expect(compared.status).toBe(1);
      const lines = compared.stdout.split('\n');
      expect(lines[0]).toMatch(/^Deploy compare: shop 1\.0\.1 in prod \(deploy-2, deployed .* by bo, live\)$/);
      expect(lines).toContainEqual(
        expect.stringMatching(/^ {2}GET \/items\/\{item_id\} .* 0\.0% -> 2\d\.\d% .* roll back recommended$/),
      );
      expect(compared.stdout).toContain(
        'Expected result: "error rate below 1% and p95 of GET /items/{item_id} below 300 ms": not met\n',
      );
      expect(compared.stdout).toContain(
        '  p95 of GET /items/{item_id} below 300 ms: not measurable (no durations in this traffic source)\n',
      );
      expect(compared.stdout).toMatch(
        /Verdict: roll back recommended\nPlan the rollback: holdfast rollback plan --service shop --env prod\n$/,
      );
      const json = JSON.parse(
        (
          await run(
            later,
            'deploy',
            'compare',
            '--service',
            'shop',
            '--env',
            'prod',
            '--window',
            '30m',
            '--format',
            'json',
          )
        ).stdout,
      );
      expect(json.before.requests).toBe(200);
      expect(json.after.requests).toBe(200);
      expect(json.after.complete).toBe(true);
      expect(json.caveats).toEqual([
        "no durations in this traffic (uvicorn's access log has none): p95 is not compared; nginx with $request_time, gunicorn with %(L)s or JSON lines with a duration field have them",
      ]);

      // The plan it points to runs: same contract, so the rollback breaks no client.
      const plan = await run({}, 'rollback', 'plan', '--service', 'shop', '--env', 'prod');
      expect(plan.status).toBe(0);
      expect(plan.stdout).toContain('1.0.0');
    } finally {
      await database.dispose();
    }
  });
});
