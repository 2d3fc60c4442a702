/**
 * Real Prometheus + a real uvicorn serving the instrumented example shop, for the tests that read
 * traffic from Prometheus. Debian's `prometheus` (/usr/bin/prometheus) scrapes the app every
 * second from a throwaway config and storage folder; the app exports instrumentator-named metrics
 * with Debian's python3-prometheus-client (examples/fastapi-shop/metrics/instrumented.py).
 *
 * Every process started here is stopped by `stop()` (SIGTERM, then SIGKILL), on a failed start,
 * and when the test process exits, so no server outlives its test file.
 *
 * @example
 * describe.skipIf(PROMETHEUS_SKIP !== null)('...', () => {
 *   const stack = await startStack();   // in beforeAll
 *   await stack.shop.request('GET', '/items');
 *   await stack.waitForScrape();
 *   await stack.stop();                 // in afterAll
 * });
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HAS_FASTAPI, PYTHON, SHOP, temporaryFolder } from '../extract/_python.js';

export const PROMETHEUS_BINARY = process.env.HOLDFAST_TEST_PROMETHEUS ?? '/usr/bin/prometheus';
const HAS_CLIENT =
  HAS_FASTAPI && spawnSync(PYTHON, ['-c', 'import prometheus_client, uvicorn'], { stdio: 'ignore' }).status === 0;

/** Why the Prometheus tests skip here, or null when everything they need is installed. */
export const PROMETHEUS_SKIP: string | null = !existsSync(PROMETHEUS_BINARY)
  ? `no ${PROMETHEUS_BINARY} (apt-get install prometheus; scripts/test.sh does as root)`
  : !HAS_CLIENT
    ? `no FastAPI/uvicorn/prometheus_client for ${PYTHON} (apt-get install python3-fastapi python3-uvicorn python3-prometheus-client)`
    : null;

if (PROMETHEUS_SKIP !== null)
  process.stderr.write(`test/usage/_prometheus: skipping Prometheus tests: ${PROMETHEUS_SKIP}\n`);

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const JOB = 'shop';
export const APP = 'instrumented:app';
export const APP_DIR = join(SHOP, 'metrics');

/** A free TCP port on 127.0.0.1 (free when asked: the server binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  running.delete(child);
}

/** Polls `check` until it returns true, or fails after `timeoutMs` with `what` and the process output. */
async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Shop {
  port: number;
  url: string;
  /** Sends a real request; resolves to the status (the body is read). */
  request(method: string, path: string, body?: unknown): Promise<number>;
  /** Stops this app process (the port stays the shop's for `restart`). */
  stop(): Promise<void>;
  /** Stops it and serves again on the same port, with these extra environment variables. */
  restart(env?: Record<string, string>): Promise<void>;
}

async function startShop(port: number, env: Record<string, string>): Promise<{ child: ChildProcess }> {
  let output = '';
  const child = spawn(
    PYTHON,
    ['-m', 'uvicorn', APP, '--app-dir', APP_DIR, '--host', '127.0.0.1', '--port', String(port), '--no-access-log'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1', ...env } },
  );
  running.add(child);
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await until(
      'the instrumented shop did not serve /metrics',
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await fetch(`http://127.0.0.1:${port}/metrics`)).ok;
      },
      20_000,
      () => output,
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { child };
}

export interface Stack {
  shop: Shop;
  /** `http://127.0.0.1:PORT` of Prometheus. */
  prometheusUrl: string;
  /** Waits until Prometheus has scraped the shop after now (so every answered request is counted). */
  waitForScrape(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the instrumented shop and a Prometheus scraping it every second (job `shop`, label
 * env="test"), and waits for the first scrape.
 */
export interface StackOptions {
  /** Extra environment of the shop's process. */
  env?: Record<string, string>;
  /** Prometheus asks for basic auth (its --web.config.file); `bcrypt` is the password's hash. */
  basicAuth?: { user: string; password: string; bcrypt: string };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = options.env ?? {};
  const auth = options.basicAuth;
  const headers: Record<string, string> =
    auth === undefined
      ? {}
      : { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` };
  const folder = await temporaryFolder('holdfast-prometheus-');
  const [shopPort, prometheusPort] = [await freePort(), await freePort()];
  let shopChild: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let prometheusOutput = '';
  const stop = async () => {
    await Promise.all([stopProcess(shopChild), stopProcess(prometheus)]);
    await folder.remove();
  };
  try {
    shopChild = (await startShop(shopPort, env)).child;
    await writeFile(
      join(folder.path, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        `  - job_name: ${JOB}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${shopPort}']`,
        '        labels:',
        '          env: test',
        '',
      ].join('\n'),
    );
    const webConfig: string[] = [];
    if (auth !== undefined) {
      await writeFile(
        join(folder.path, 'web.yml'),
        `basic_auth_users:\n  ${auth.user}: ${JSON.stringify(auth.bcrypt)}\n`,
      );
      webConfig.push(`--web.config.file=${join(folder.path, 'web.yml')}`);
    }
    prometheus = spawn(
      PROMETHEUS_BINARY,
      [
        ...webConfig,
        `--config.file=${join(folder.path, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder.path, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(prometheus);
    prometheus.stdout?.on('data', (chunk: Buffer) => {
      prometheusOutput += chunk.toString();
    });
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      prometheusOutput += chunk.toString();
    });
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const scrapedAfter = async (time: number): Promise<boolean> => {
      // timestamp() of a bare selector is the scrape's own time (of an expression, the query's).
      const query = encodeURIComponent(`timestamp(up{job="${JOB}"})`);
      const answer = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`, { headers })).json()) as {
        data: { result: Array<{ value: [number, string] }> };
      };
      const last = answer.data.result[0]?.value[1];
      return last !== undefined && Number(last) * 1000 > time;
    };
    await until(
      'Prometheus did not scrape the shop',
      async () => {
        if (prometheus?.exitCode !== null) throw new Error('exited');
        return scrapedAfter(0);
      },
      30_000,
      () => prometheusOutput,
    );
    let current = shopChild;
    const shop: Shop = {
      port: shopPort,
      url: `http://127.0.0.1:${shopPort}`,
      async request(method, path, body) {
        const response = await fetch(`http://127.0.0.1:${shopPort}${path}`, {
          method,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        });
        await response.arrayBuffer();
        return response.status;
      },
      async stop() {
        await stopProcess(current);
      },
      async restart(extra = {}) {
        await stopProcess(current);
        current = (await startShop(shopPort, { ...env, ...extra })).child;
        shopChild = current;
      },
    };
    return {
      shop,
      prometheusUrl,
      async waitForScrape() {
        const now = Date.now();
        await until(
          'Prometheus did not scrape the shop again',
          () => scrapedAfter(now + 50),
          15_000,
          () => prometheusOutput,
        );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
