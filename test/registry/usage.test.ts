/**
 * `holdfast usage ingest|show` through the registry on SQLite and PostgreSQL: the committed sample
 * logs give the counts their generator recorded; ingesting twice counts once; a grown file
 * resumes; a plain file rotated to .gz counts once; a failure inside a batch leaves only whole
 * batches, and the next run finishes the count exactly.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { up as usageUp } from '../../src/store/migrations/003-usage.js';
import { ingestStream, Router, routesFromOpenApi } from '../../src/usage/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { startCli } from './_process.js';

const BIN = fileURLToPath(new URL('../../bin/holdfast.js', import.meta.url));
const CONTRACT = new URL('../../examples/fastapi-shop/openapi-pydantic2/v1.json', import.meta.url);
const fixture = (name: string): string => new URL(`../fixtures/usage/${name}`, import.meta.url).pathname;

interface Expected {
  lines: number;
  unparseable: number;
  unmatched: { path: number; method: number };
  matched: number;
  byOperation: Record<string, number>;
  byClient: Record<string, number>;
}

const expectedFor = (format: string): Expected => JSON.parse(readFileSync(fixture(`${format}.expected.json`), 'utf8'));

interface ShowJson {
  totalCalls: number;
  operations: Array<{
    operation: string;
    calls: number;
    clients: number;
    topClients: Array<{ client: string; calls: number }>;
    statusClasses: Record<string, number>;
    latency: { p50: number; p95: number; p99: number } | null;
  }>;
  unused: string[];
  clients: Array<{ client: string; calls: number; operations: Array<{ operation: string; calls: number }> }>;
}

describe.each(BACKENDS)('usage on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
    copyFileSync(CONTRACT, join(database.folder, 'v1.json'));
  });

  afterEach(async () => {
    await database.dispose();
  });

  async function run(
    argv: string[],
    env: Record<string, string> = {},
  ): Promise<{ status: number; stdout: string; stderr: string }> {
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
  }

  async function deployed(): Promise<void> {
    expect((await run(['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'])).status).toBe(0);
    expect((await run(['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'prod'])).status).toBe(0);
  }

  const ingest = (files: string[], env: Record<string, string> = {}) =>
    run(['usage', 'ingest', '--service', 'shop', '--env', 'prod', ...files], env);

  async function show(): Promise<ShowJson> {
    const result = await run([
      'usage',
      'show',
      '--service',
      'shop',
      '--env',
      'prod',
      '--days',
      '3650',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as ShowJson;
  }

  function byOperation(shown: ShowJson): Record<string, number> {
    return Object.fromEntries(shown.operations.map((operation) => [operation.operation, operation.calls]));
  }

  function byClient(shown: ShowJson): Record<string, number> {
    return Object.fromEntries(shown.clients.map((client) => [client.client, client.calls]));
  }

  it.each(['nginx', 'gunicorn', 'uvicorn', 'json'])(
    'ingests the %s sample log with its recorded counts',
    async (format) => {
      await deployed();
      const expected = expectedFor(format);
      const result = await ingest([fixture(`${format}.log`)]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const unmatched = expected.unmatched.path + expected.unmatched.method;
      expect(result.stdout.split('\n')[0]).toBe(
        `Ingested 1 file for shop in prod (contract 1.0.0): ${expected.lines} lines, ${expected.matched} matched, ${expected.unparseable} unparseable, ${unmatched} unmatched`,
      );
      const shown = await show();
      expect(shown.totalCalls).toBe(expected.matched);
      expect(byOperation(shown)).toEqual(expected.byOperation);
      expect(byClient(shown)).toEqual(expected.byClient);
      // Every operation of the example is called in the samples.
      expect(shown.unused).toEqual([]);
      if (format === 'uvicorn') {
        expect(result.stdout).toContain('no durations in this uvicorn log: no latency recorded');
        expect(shown.operations.every((operation) => operation.latency === null)).toBe(true);
      } else {
        expect(shown.operations.every((operation) => operation.latency !== null)).toBe(true);
      }
    },
  );

  it('counts a file ingested twice once, and a plain file rotated to .gz once', async () => {
    await deployed();
    const expected = expectedFor('nginx');
    const logs = join(database.folder, 'logs');
    mkdirSync(logs);
    const path = join(logs, 'access.log');
    copyFileSync(fixture('nginx.log'), path);
    expect((await ingest([path])).status).toBe(0);
    const first = await show();

    const again = await ingest([path]);
    expect(again.stdout).toBe(
      'Ingested 0 files for shop in prod (contract 1.0.0): 0 lines, 0 matched, 0 unparseable, 0 unmatched; 1 already ingested (counted once)\n',
    );
    // Rotation: the same content as access.log.1.gz, and a new, empty access.log.
    writeFileSync(join(logs, 'access.log.1.gz'), gzipSync(readFileSync(path)));
    writeFileSync(path, '');
    const rotated = await ingest([logs]);
    expect(rotated.status).toBe(0);
    const second = await show();
    expect(second).toEqual(first);
    expect(second.totalCalls).toBe(expected.matched);
  });

  it('reads a grown file from where it stopped, leaving a half-written last line for next time', async () => {
    await deployed();
    const expected = expectedFor('nginx');
    const sample = readFileSync(fixture('nginx.log'), 'utf8');
    const path = join(database.folder, 'access.log');
    const cut = sample.indexOf('\n', Math.floor(sample.length / 2)) + 40; // mid-line
    writeFileSync(path, sample.slice(0, cut));
    const first = await run(['usage', 'ingest', '--service', 'shop', '--env', 'prod', '--format', 'json', path]);
    expect(first.status).toBe(0);
    const firstFile = JSON.parse(first.stdout).files[0];
    expect(firstFile.status).toBe('ingested');
    expect(firstFile.lines).toBe(sample.slice(0, cut).split('\n').length - 1);

    appendFileSync(path, sample.slice(cut));
    const second = await run(['usage', 'ingest', '--service', 'shop', '--env', 'prod', '--format', 'json', path]);
    const secondFile = JSON.parse(second.stdout).files[0];
    expect(secondFile.status).toBe('resumed');
    expect(firstFile.lines + secondFile.lines).toBe(expected.lines);
    expect(firstFile.matched + secondFile.matched).toBe(expected.matched);
    const shown = await show();
    expect(byOperation(shown)).toEqual(expected.byOperation);
  });

  it('a failure inside a batch leaves whole batches only; the next run finishes the count exactly', async () => {
    await deployed();
    const expected = expectedFor('nginx');
    // 40 copies (~2.5 MB): three 1 MiB chunks, so three batches of lines.
    const path = join(database.folder, 'big.log');
    const sample = readFileSync(fixture('nginx.log'));
    writeFileSync(path, Buffer.concat(Array.from({ length: 40 }, () => sample)));
    const hooks = { HOLDFAST_TEST_USAGE_BATCH_LINES: '100' };

    const failed = await ingest([path], { ...hooks, HOLDFAST_TEST_USAGE_FAIL_BATCH: '2' });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(
      'Could not ingest batch 2: HOLDFAST_TEST_USAGE_FAIL_BATCH is set; expected it unset outside tests.',
    );
    const store = await openStore(database.config);
    let bytesRead = 0;
    try {
      const rows = await store.db.selectFrom('usage_files').select(['bytes_read', 'lines_read']).execute();
      expect(rows).toHaveLength(1);
      bytesRead = Number(rows[0].bytes_read);
    } finally {
      await store.close();
    }
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThan(sample.length * 40);
    // The stored counts are exactly those of the bytes the stored offset says were read.
    const router = new Router(routesFromOpenApi(JSON.parse(readFileSync(CONTRACT, 'utf8'))));
    const head = await ingestStream(Readable.from([readFileSync(path).subarray(0, bytesRead)]), {
      router,
      defaultTime: 0,
    });
    expect((await show()).totalCalls).toBe(head.summary.matched);

    const finished = await ingest([path], hooks);
    expect(finished.status).toBe(0);
    const shown = await show();
    expect(shown.totalCalls).toBe(expected.matched * 40);
    expect(byOperation(shown)).toEqual(
      Object.fromEntries(Object.entries(expected.byOperation).map(([operation, calls]) => [operation, calls * 40])),
    );
  });

  it('two runs on the same file at once count it once: the later one stops, retryable', async () => {
    await deployed();
    const expected = expectedFor('nginx');
    const path = join(database.folder, 'big.log');
    const sample = readFileSync(fixture('nginx.log'));
    writeFileSync(path, Buffer.concat(Array.from({ length: 40 }, () => sample)));
    const args = ['usage', 'ingest', '--service', 'shop', '--env', 'prod', path];
    const hooks = { ...database.env, HOLDFAST_TEST_USAGE_BATCH_LINES: '100', HOLDFAST_BUSY_TIMEOUT_MS: '20000' };
    // The first run pauses before committing its first batch; the second starts meanwhile.
    const first = startCli(args, database.folder, { ...hooks, HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '1500' });
    await first.stderrContains('pausing');
    const second = startCli(args, database.folder, hooks);
    const [one, two] = await Promise.all([first.done, second.done]);
    expect(one.status).toBe(0);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain(`Could not ingest "${path}": another run recorded it meanwhile`);
    expect((await show()).totalCalls).toBe(expected.matched * 40);
  });

  it('shows operations by traffic, unused operations and clients, as text', async () => {
    await deployed();
    const path = join(database.folder, 'small.log');
    const line = (time: string, request: string, status: number, agent: string, seconds: string): string =>
      `10.0.0.1 - - [05/Jan/2026:${time} +0000] "${request} HTTP/1.1" ${status} 10 "-" "${agent}" ${seconds}\n`;
    writeFileSync(
      path,
      line('10:00:01', 'GET /items', 200, 'curl/8.5.0', '0.010') +
        line('10:00:02', 'GET /items', 200, 'curl/8.5.0', '0.020') +
        line('10:00:03', 'GET /items', 500, 'python-requests/2.31.0', '0.100') +
        line('11:00:04', 'GET /items/7', 404, 'curl/8.5.0', '0.005') +
        line('11:00:05', 'GET /nowhere', 404, 'curl/8.5.0', '0.001'),
    );
    const ingested = await ingest([path]);
    expect(ingested.stdout).toBe(
      'Ingested 1 file for shop in prod (contract 1.0.0): 5 lines, 4 matched, 0 unparseable, 1 unmatched\n' +
        `  ${path} [combined]: top unmatched: GET /nowhere (1)\n`,
    );
    const shown = await run(['usage', 'show', '--service', 'shop', '--env', 'prod', '--days', '3650']);
    const since = (
      JSON.parse(
        (await run(['usage', 'show', '--service', 'shop', '--env', 'prod', '--days', '3650', '--format', 'json']))
          .stdout,
      ) as { since: string }
    ).since;
    expect(shown.stdout).toBe(
      [
        `Usage of shop in prod, last 3650 days (since ${since.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}): 4 calls`,
        '',
        'Operations by traffic:',
        '  GET /items: 3 calls, 2 clients (curl 2, python-requests 1), p50 19.9 ms, p95 19.9 ms, p99 19.9 ms',
        '  GET /items/{item_id}: 1 call, 1 client (curl 1), p50 5 ms, p95 5 ms, p99 5 ms',
        '',
        'Unused operations of 1.0.0 (no calls in this window):',
        '  GET /orders/{order_id}',
        '  GET /users/{user_id}',
        '  POST /items',
        '  POST /orders',
        '',
        'Clients:',
        '  curl: 3 calls (GET /items 2, GET /items/{item_id} 1)',
        '  python-requests: 1 call (GET /items 1)',
        '',
      ].join('\n'),
    );
    const json = await show();
    expect(json.operations[0]).toEqual({
      operation: 'GET /items',
      calls: 3,
      clients: 2,
      topClients: [
        { client: 'curl', calls: 2 },
        { client: 'python-requests', calls: 1 },
      ],
      statusClasses: { '2xx': 2, '5xx': 1 },
      latency: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    });
  });

  it('reads standard input (-), which has no identity and counts every time', async () => {
    await deployed();
    const expected = expectedFor('nginx');
    const fromStdin = () =>
      spawnSync(process.execPath, [BIN, 'usage', 'ingest', '--service', 'shop', '--env', 'prod', '-'], {
        cwd: database.folder,
        env: { ...process.env, ...database.env, NO_COLOR: '1' },
        input: readFileSync(fixture('nginx.log')),
        encoding: 'utf8',
      });
    for (let run = 0; run < 2; run++) {
      const result = fromStdin();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Ingested 1 file for shop in prod \(contract 1\.0\.0\): 400 lines, 374 matched, /);
      expect(result.stdout).toContain('\n  stdin [combined]: first unparseable line 29: ');
    }
    expect((await show()).totalCalls).toBe(expected.matched * 2);
  });

  it('refuses a --days window longer than a century, without a stack trace', async () => {
    await deployed();
    const result = await run(['usage', 'show', '--service', 'shop', '--env', 'prod', '--days', '1000000000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'holdfast: error: Invalid --days 1000000000: expected a whole number from 1 to 36500. Choose a shorter window; retrying will not help.\nRun "holdfast --help" for usage.\n',
    );
  });

  it('migration 003 runs twice without harm, keeping the counts', async () => {
    await deployed();
    expect((await ingest([fixture('nginx.log')])).status).toBe(0);
    const store = await openStore(database.config);
    try {
      await usageUp(store.db as never);
    } finally {
      await store.close();
    }
    expect((await show()).totalCalls).toBe(expectedFor('nginx').matched);
  });

  it('refuses to ingest where nothing is live, saying what to do', async () => {
    expect((await run(['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'])).status).toBe(0);
    expect((await run(['environment', 'create', 'prod'])).status).toBe(0);
    const result = await ingest([fixture('nginx.log')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'Could not match log paths for shop in prod: nothing of shop is live there; expected a live, published contract to match paths against. Record the deployment with holdfast deploy, or pass --version',
    );
    expect((await ingest(['--version', '1.0.0', fixture('nginx.log')])).status).toBe(0);
  });
});
