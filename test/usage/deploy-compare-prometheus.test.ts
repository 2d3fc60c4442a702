/**
 * `holdfast deploy compare --prometheus` end to end: a real Prometheus scrapes the real
 * instrumented shop; scripts/send-traffic.js sends real requests to the good build, then the app
 * restarts as a build whose `GET /items/{item_id}` sleeps 300 ms (SHOP_ITEM_DELAY_MS) and gets the
 * same traffic; deploy compare reads both windows from Prometheus and recommends the rollback.
 *
 * Prometheus keeps real time, so this test waits for it: deploy compare's windows are whole
 * minutes and the deployment's own minute counts for neither side, so the good traffic goes in
 * one minute, the deployment is recorded in the next, and the bad traffic goes in the one after
 * (one to two minutes of waiting). The after-window is declared over with HOLDFAST_TEST_NOW.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { deploy, publish } from '../../src/registry/index.js';
import { openStore } from '../../src/store/index.js';
import { ROOT, runHoldfast, temporaryFolder } from '../extract/_python.js';
import { PROMETHEUS_SKIP, type Stack, startStack } from './_prometheus.js';

const MINUTE = 60_000;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
/** Waits until the clock reaches `time` (a minute boundary) plus a little. */
const waitUntil = async (time: number) => sleep(Math.max(0, time - Date.now()) + 500);

function sendTraffic(base: string, requests: number): string {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'send-traffic.js'), '--base', base, '--requests', String(requests), '--concurrency', '8'],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe.skipIf(PROMETHEUS_SKIP !== null)('deploy compare from a real Prometheus', () => {
  let stack: Stack;
  let folder: { path: string; remove: () => Promise<void> };
  let deployMinute = 0;

  beforeAll(async () => {
    stack = await startStack();
    folder = await temporaryFolder('holdfast-compare-prometheus-');
    const database = join(folder.path, 'registry.db');
    const contract = await (await fetch(`${stack.shop.url}/openapi.json`)).text();
    // The good traffic must end inside the minute it starts in.
    if (Date.now() % MINUTE > 40_000) await waitUntil(Date.now() - (Date.now() % MINUTE) + MINUTE);
    const goodMinute = Date.now() - (Date.now() % MINUTE);
    expect(sendTraffic(stack.shop.url, 200)).toContain('GET /items/{item_id}: 200 x');
    deployMinute = goodMinute + MINUTE;

    const store = await openStore({ kind: 'sqlite', path: database });
    try {
      let now = goodMinute - 3 * 60 * MINUTE;
      const options = { cwd: folder.path, now: () => new Date(now), policy: DEFAULT_POLICY };
      const source = { uri: 'openapi.json', displayName: 'openapi.json', text: contract };
      await publish(store, { service: 'shop', version: '1.0.0', source }, options);
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'test', owner: 'ana' }, options);
      await publish(store, { service: 'shop', version: '1.0.1', source }, options);
      await waitUntil(deployMinute);
      now = Date.now();
      await deploy(
        store,
        {
          service: 'shop',
          version: '1.0.1',
          environment: 'test',
          owner: 'bo',
          expectedResult: 'p95 of GET /items/{item_id} below 200 ms',
        },
        options,
      );
    } finally {
      await store.close();
    }
    await stack.shop.restart({ SHOP_ITEM_DELAY_MS: '300' });
    await waitUntil(deployMinute + MINUTE);
    expect(sendTraffic(stack.shop.url, 200)).toContain('GET /items/{item_id}: 200 x');
    // Scrapes well into the after-window: its data reaches far enough to count as complete.
    await waitUntil(deployMinute + MINUTE + 15_000);
    await stack.waitForScrape();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await folder?.remove();
  });

  it('recommends rolling back the slow build, from Prometheus', async () => {
    const env = {
      HOLDFAST_DB: join(folder.path, 'registry.db'),
      HOLDFAST_TEST_NOW: new Date(deployMinute + 2 * MINUTE).toISOString(),
    };
    const args = ['deploy', 'compare', '--service', 'shop', '--env', 'test', '--window', '1m'];
    const compared = await runHoldfast([...args, '--prometheus', stack.prometheusUrl], folder.path, env);
    if (process.env.HOLDFAST_TEST_SHOW_OUTPUT === '1') process.stderr.write(compared.stdout);
    expect(compared.stderr).toBe('');
    expect(compared.status).toBe(1);
    expect(compared.stdout).toContain(`Prometheus at ${stack.prometheusUrl} (job="shop")`);
    expect(compared.stdout).toContain('Expected result: "p95 of GET /items/{item_id} below 200 ms": not met\n');
    expect(compared.stdout).toMatch(
      /Verdict: roll back recommended\nPlan the rollback: holdfast rollback plan --service shop --env test\n$/,
    );

    const json = JSON.parse(
      (await runHoldfast([...args, '--prometheus', stack.prometheusUrl, '--format', 'json'], folder.path, env)).stdout,
    );
    expect(json.verdict).toBe('rollback');
    // The good build also answered the test's GET /openapi.json, in the same minute or the one before.
    expect([200, 201]).toContain(json.before.requests);
    expect(json.after.requests).toBe(200);
    const item = json.operations.find(
      (operation: { operation: string }) => operation.operation === 'GET /items/{item_id}',
    );
    expect(item.verdict).toBe('rollback');
    // 300 ms more on every call: the p95 leaves the first bucket (<= 100 ms) for the 100-500 ms one.
    expect(item.before.p95Ms).toBeLessThanOrEqual(100);
    expect(item.after.p95Ms).toBeGreaterThan(300);
    const list = json.operations.find((operation: { operation: string }) => operation.operation === 'GET /items');
    expect(list.verdict).toBe('healthy');
  });

  it('says what is wrong when the selector matches nothing', async () => {
    const compared = await runHoldfast(
      [
        'deploy',
        'compare',
        '--service',
        'shop',
        '--env',
        'test',
        '--window',
        '1m',
        '--prometheus',
        stack.prometheusUrl,
        '--prometheus-selector',
        'job="{service}-api"',
      ],
      folder.path,
      {
        HOLDFAST_DB: join(folder.path, 'registry.db'),
        HOLDFAST_TEST_NOW: new Date(deployMinute + 2 * MINUTE).toISOString(),
      },
    );
    expect([compared.status, compared.stdout]).toEqual([2, '']);
    expect(compared.stderr).toBe(
      `holdfast: No series of http_requests_total{job="shop-api"} in Prometheus at ${stack.prometheusUrl} (job values of http_requests_total there: shop); expected the selector to match the service's series. Fix --prometheus-selector; retrying will not help.\n`,
    );
  });
});
