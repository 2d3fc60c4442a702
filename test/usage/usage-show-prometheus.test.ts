/**
 * `holdfast usage show --prometheus` as a user runs it (the built CLI), against a real Prometheus
 * scraping the real instrumented shop; the registry adds the live contract (unused operations).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHoldfast, temporaryFolder } from '../extract/_python.js';
import { freePort, PROMETHEUS_SKIP, type Stack, startStack } from './_prometheus.js';

describe('usage show --prometheus, errors before any server is needed', () => {
  it('exits 2 on an unreachable server, saying retrying may help', async () => {
    const folder = await temporaryFolder('holdfast-usage-prometheus-');
    try {
      const port = await freePort();
      const run = await runHoldfast(
        ['usage', 'show', '--service', 'shop', '--env', 'test', '--prometheus', `http://127.0.0.1:${port}`],
        folder.path,
        { HOLDFAST_DB: join(folder.path, 'registry.db') },
      );
      expect(run.stderr).toBe(
        `holdfast: Could not reach Prometheus at http://127.0.0.1:${port}: ECONNREFUSED; expected a Prometheus server listening there. Temporary; retrying may help. Check the URL (--prometheus) and that the server is up.\n`,
      );
      expect([run.status, run.stdout]).toEqual([2, '']);
    } finally {
      await folder.remove();
    }
  });

  it('refuses Prometheus flags without a server, and --window without Prometheus', async () => {
    const folder = await temporaryFolder('holdfast-usage-prometheus-');
    try {
      const env = { HOLDFAST_DB: join(folder.path, 'registry.db') };
      const base = ['usage', 'show', '--service', 'shop', '--env', 'test'];
      const selector = await runHoldfast([...base, '--prometheus-selector', 'job="shop"'], folder.path, env);
      expect([selector.status, selector.stderr]).toEqual([
        2,
        'holdfast: error: Invalid --prometheus-selector without a Prometheus server: expected --prometheus URL (or url in [tool.holdfast.prometheus]). Add --prometheus URL; retrying will not help.\nRun "holdfast --help" for usage.\n',
      ]);
      const window = await runHoldfast([...base, '--window', '1h'], folder.path, env);
      expect([window.status, window.stderr]).toEqual([
        2,
        'holdfast: error: Invalid --window without Prometheus: expected --days (ingested logs are counted per hour) or --prometheus URL.\nRun "holdfast --help" for usage.\n',
      ]);
      const url = await runHoldfast([...base, '--prometheus', 'localhost:9090'], folder.path, env);
      expect([url.status, url.stderr]).toEqual([
        2,
        'holdfast: Invalid Prometheus URL "localhost:9090": expected http(s)://host:port, with the server\'s path prefix if it has one (e.g. http://127.0.0.1:9090). Fix the URL; retrying will not help.\n',
      ]);
    } finally {
      await folder.remove();
    }
  });
});

describe.skipIf(PROMETHEUS_SKIP !== null)('usage show --prometheus on a real Prometheus', () => {
  let stack: Stack;
  let folder: { path: string; remove: () => Promise<void> };
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    folder = await temporaryFolder('holdfast-usage-prometheus-');
    env = { HOLDFAST_DB: join(folder.path, 'registry.db') };
    for (let count = 0; count < 4; count++) expect(await stack.shop.request('GET', '/items')).toBe(200);
    expect(await stack.shop.request('GET', '/items/2')).toBe(200);
    expect(await stack.shop.request('GET', '/items/7')).toBe(404);
    expect(await stack.shop.request('GET', '/nope')).toBe(404);
    await stack.waitForScrape();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await folder?.remove();
  });

  it('shows operations by traffic from Prometheus without a registry', async () => {
    const run = await runHoldfast(
      ['usage', 'show', '--service', 'shop', '--env', 'test', '--prometheus', stack.prometheusUrl, '--window', '10m'],
      folder.path,
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Usage of shop in test, last 10 minutes \(since [\d-]+ [\d:]+Z\): 6 calls$/);
    expect(lines[1]).toBe(`From Prometheus at ${stack.prometheusUrl} (job="shop")`);
    expect(lines.slice(2, 6).map((line) => line.replace(/, p50 .*$/, ''))).toEqual([
      '',
      'Operations by traffic:',
      '  GET /items: 4 calls (2xx 4)',
      '  GET /items/{item_id}: 2 calls (2xx 1, 4xx 1)',
    ]);
    expect(run.stdout).toContain('Clients: unknown (Prometheus has no client identity; ingested access logs do)');
    expect(run.stdout).toContain('  1 request counted under handler="none" (no route matched): in no operation');
    expect(run.stdout).toContain(
      '  no contract of shop is live in test in the registry: unused operations unknown (holdfast deploy records one)',
    );
  });

  it('lists the live contract\u2019s unused operations, with the configuration naming the server', async () => {
    const contract = join(folder.path, 'openapi.json');
    await writeFile(contract, await (await fetch(`${stack.shop.url}/openapi.json`)).text());
    // That fetch is counted too (below): wait until Prometheus has scraped it.
    await stack.waitForScrape();
    for (const args of [
      ['publish', '--service', 'shop', '--version', '1.0.0', contract],
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'test'],
    ]) {
      const run = await runHoldfast(args, folder.path, env);
      expect([run.status, run.stderr]).toEqual([0, '']);
    }
    await writeFile(
      join(folder.path, 'holdfast.yaml'),
      `prometheus:\n  url: ${stack.prometheusUrl}\n  selector: job="{service}", env="{env}"\n  timeout-seconds: 5\n`,
    );
    const run = await runHoldfast(
      ['usage', 'show', '--service', 'shop', '--env', 'test', '--window', '10m', '--format', 'json'],
      folder.path,
      env,
    );
    expect([run.status, run.stderr]).toEqual([0, '']);
    const result = JSON.parse(run.stdout);
    expect(result.source).toBe(`Prometheus at ${stack.prometheusUrl} (job="shop", env="test")`);
    // Fetching /openapi.json above is a request too: FastAPI serves it from a route.
    expect(result.totalCalls).toBe(7);
    expect(result.notes).toContain('counted operations that 1.0.0 does not have: GET /openapi.json');
    expect(result.liveVersion).toBe('1.0.0');
    expect(result.unused).toEqual(['GET /orders/{order_id}', 'GET /users/{user_id}', 'POST /items', 'POST /orders']);
    expect(result.clientsKnown).toBe(false);
    expect(result.operations[0]).toMatchObject({ operation: 'GET /items', calls: 4, statusClasses: { '2xx': 4 } });
    expect(result.operations[0].latency.p95).toBeLessThanOrEqual(100);

    // --no-prometheus: the registry's ingested logs, of which there are none.
    const logs = await runHoldfast(
      ['usage', 'show', '--service', 'shop', '--env', 'test', '--no-prometheus'],
      folder.path,
      env,
    );
    expect([logs.status, logs.stderr]).toEqual([0, '']);
    expect(logs.stdout).toContain('No calls recorded in this window.');
  });
});
