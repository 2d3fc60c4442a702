/**
 * Minute cells, routing by the contract live at each line's time, and `deploy compare` through the
 * registry on SQLite and PostgreSQL: a log spanning a deployment that adds an endpoint; a
 * deployment that degrades GET /items/{item_id} (5xx and latency) recommends the rollback and
 * fails its expected result; a healthy one is healthy; a running after-window or too few calls
 * give "not enough data"; a 003 registry with hourly data upgrades and still answers.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AppError } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import {
  compareDeployment,
  deploy,
  ingestUsage,
  publish,
  type RegistryOptions,
  RegistryTrafficSource,
  renderDeployCompare,
  undo,
} from '../../src/registry/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';

const CONTRACT = new URL('../../examples/fastapi-shop/openapi-pydantic2/v1.json', import.meta.url);
const V1_TEXT = readFileSync(CONTRACT, 'utf8');

/** v1 plus `GET /users/{user_id}/orders` (what examples/fastapi-shop/v2-compatible adds). */
function withUserOrders(): string {
  const document = JSON.parse(V1_TEXT);
  document.info.version = '1.1.0';
  document.paths['/users/{user_id}/orders'] = {
    get: {
      operationId: 'list_user_orders',
      parameters: [{ name: 'user_id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: { '200': { description: 'Orders of the user' } },
    },
  };
  return JSON.stringify(document);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number): string => String(value).padStart(2, '0');

/** One nginx combined line (+ $request_time) at `time`. */
function line(time: number, request: string, status: number, seconds: number, agent = 'okhttp/4.12.0'): string {
  const date = new Date(time);
  const stamp = `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
  return `10.0.0.7 - - [${stamp}] "${request} HTTP/1.1" ${status} 120 "-" "${agent}" ${seconds.toFixed(3)}\n`;
}

const at = (text: string): number => Date.parse(text);
const MINUTE = 60_000;

/**
 * Traffic from `from` for `minutes`: per minute, `perMinute` GET /items (200, 20 ms) and
 * `perMinute` GET /items/{id}, of which `errorEvery`-th is a 500 and each takes `itemSeconds`.
 */
function traffic(
  from: number,
  minutes: number,
  options: { perMinute: number; itemSeconds: number; errorEvery?: number },
): string {
  let text = '';
  let count = 0;
  for (let minute = 0; minute < minutes; minute++) {
    for (let index = 0; index < options.perMinute; index++) {
      const time = from + minute * MINUTE + Math.floor((index * MINUTE) / options.perMinute);
      text += line(time, 'GET /items', 200, 0.02);
      count++;
      const failed = options.errorEvery !== undefined && count % options.errorEvery === 0;
      text += line(time + 1, `GET /items/${(count % 2) + 1}`, failed ? 500 : 200, options.itemSeconds);
    }
  }
  return text;
}

describe.each(BACKENDS)('deploy compare on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let now = 0;
  let options: RegistryOptions;

  beforeEach(async () => {
    database = await backend.create();
    store = await openStore(database.config);
    options = { cwd: database.folder, now: () => new Date(now), policy: DEFAULT_POLICY };
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  async function release(version: string, text: string, deployedAt: string, expect?: string): Promise<void> {
    now = at(deployedAt) - 1000;
    await publish(
      store,
      { service: 'shop', version, source: { uri: `${version}.json`, displayName: `${version}.json`, text } },
      options,
    );
    now = at(deployedAt);
    await deploy(
      store,
      { service: 'shop', version, environment: 'prod', owner: 'ana', expectedResult: expect },
      options,
    );
  }

  async function ingestText(name: string, text: string, version?: string) {
    const path = join(database.folder, name);
    writeFileSync(path, text);
    return ingestUsage(store, { service: 'shop', environment: 'prod', files: [path], version }, options);
  }

  it('matches each line against the contract live at its time, unless --version is given', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T10:00:00Z');
    await release('1.1.0', withUserOrders(), '2026-01-05T11:00:00Z');
    now = at('2026-01-05T12:00:00Z');
    const log =
      line(at('2026-01-05T10:30:00Z'), 'GET /users/1/orders', 200, 0.01) +
      line(at('2026-01-05T10:30:01Z'), 'GET /items', 200, 0.01) +
      line(at('2026-01-05T11:30:00Z'), 'GET /users/1/orders', 200, 0.01) +
      line(at('2026-01-05T11:30:01Z'), 'GET /items', 200, 0.01);
    const result = await ingestText('span.log', log);
    expect(result.versions).toEqual(['1.0.0', '1.1.0']);
    expect(result.totals).toMatchObject({ lines: 4, matched: 3, unmatched: 1 });
    expect(result.files[0].topUnmatched).toEqual([{ request: 'GET /users/1/orders', count: 1 }]);

    const pinned = await ingestText('pinned.log', log.replaceAll('10.0.0.7', '10.0.0.8'), '1.1.0');
    expect(pinned.versions).toEqual(['1.1.0']);
    expect(pinned.totals).toMatchObject({ lines: 4, matched: 4, unmatched: 0 });

    // Minute cells, written with the hourly ones: 11:30 holds one of each operation, twice (two files).
    const source = await RegistryTrafficSource.open(store, 'shop', 'prod');
    const window = await source.window(new Date(at('2026-01-05T11:30:00Z')), new Date(at('2026-01-05T11:31:00Z')));
    expect(window.operations.map((operation) => [operation.operation, operation.requests])).toEqual([
      ['GET /items', 2],
      ['GET /users/{user_id}/orders', 2],
    ]);
    expect(window.caveats).toEqual([]);
    expect(window.coveredUntil?.toISOString()).toBe('2026-01-05T11:31:00.000Z');
  });

  it('ignores a deployment that was undone: it never ran', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T10:00:00Z');
    await release('1.1.0', withUserOrders(), '2026-01-05T11:00:00Z');
    now = at('2026-01-05T11:05:00Z');
    await undo(store, { eventId: 'deploy-2', reason: 'recorded the wrong environment', by: 'ana' }, options);
    now = at('2026-01-05T12:00:00Z');
    const result = await ingestText(
      'after-undo.log',
      line(at('2026-01-05T11:30:00Z'), 'GET /users/1/orders', 200, 0.01) +
        line(at('2026-01-05T11:30:01Z'), 'GET /items', 200, 0.01),
    );
    expect(result.versions).toEqual(['1.0.0']);
    expect(result.totals).toMatchObject({ matched: 1, unmatched: 1 });
    const error = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', deployment: 'deploy-2' },
      options,
    ).catch((caught: unknown) => caught);
    expect((error as AppError).message).toBe(
      'Could not compare deploy-2: it was undone (holdfast undo): it never ran; expected a deployment of shop in prod. Pick one from holdfast history --service shop --env prod; retrying will not help.',
    );
  });

  it('recommends rolling back a deployment that breaks GET /items/{item_id}, and its expected result is not met', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release(
      '1.1.0',
      V1_TEXT.replace('"version":"1.0.0"', '"version":"1.1.0"').replace('"title":"Shop"', '"title":"Shop "'),
      '2026-01-05T10:20:30Z',
      'p95 of GET /items/{item_id} below 200 ms and error rate below 1%',
    );
    now = at('2026-01-05T12:00:00Z');
    const before = traffic(at('2026-01-05T09:20:00Z'), 60, { perMinute: 2, itemSeconds: 0.05 });
    const after = traffic(at('2026-01-05T10:21:00Z'), 60, { perMinute: 2, itemSeconds: 0.4, errorEvery: 4 });
    const ingested = await ingestText('access.log', before + after);
    expect(ingested.totals.matched).toBe(480);

    const result = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(result.verdict).toBe('rollback');
    expect(result.before).toMatchObject({
      from: '2026-01-05T09:20:00.000Z',
      to: '2026-01-05T10:20:00.000Z',
      minutes: 60,
      requests: 240,
    });
    expect(result.after).toMatchObject({
      from: '2026-01-05T10:21:00.000Z',
      to: '2026-01-05T11:21:00.000Z',
      minutes: 60,
      requests: 240,
      complete: true,
    });
    const byOperation = Object.fromEntries(result.operations.map((row) => [row.operation, row]));
    expect(byOperation['GET /items/{item_id}'].verdict).toBe('rollback');
    expect(byOperation['GET /items/{item_id}'].reasons).toEqual([
      '5xx rate 0.0% -> 25.0% (+25 points; roll back at +5)',
      'p95 50 ms -> 400 ms (×8, +350 ms; roll back at ×2 and +50 ms)',
    ]);
    expect(byOperation['GET /items'].verdict).toBe('healthy');
    expect(byOperation['(all operations)'].verdict).toBe('rollback');
    expect(result.expected?.status).toBe('not met');
    expect(result.expected?.clauses.map((clause) => [clause.clause, clause.status, clause.measured])).toEqual([
      ['p95 of GET /items/{item_id} below 200 ms', 'not met', '400 ms'],
      ['error rate below 1%', 'not met', '12.5%'],
    ]);
    expect(result.rollbackCommand).toBe('holdfast rollback plan --service shop --env prod');
    const text = renderDeployCompare(result);
    expect(text).toContain(
      'Verdict: roll back recommended\nPlan the rollback: holdfast rollback plan --service shop --env prod\n',
    );
    expect(text).toContain('  GET /items/{item_id}  2/min -> 2/min');

    // While the after-window runs, a clear failure already counts.
    now = at('2026-01-05T10:41:00Z');
    const early = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(early.after).toMatchObject({ minutes: 20, complete: false });
    expect(early.verdict).toBe('rollback');
    expect(early.caveats).toContain(
      'the after-window is not complete: 20 of 60 minutes have passed (it ends at 2026-01-05T11:21:00Z); run again then',
    );
    // Right after the deployment, with a one-minute window: one minute, in the singular.
    now = at('2026-01-05T10:21:30Z');
    const first = await compareDeployment(store, { service: 'shop', environment: 'prod', windowMinutes: 1 }, options);
    expect(first.caveats).toContain(
      'the after-window is not complete: 0 of 1 minute has passed (it ends at 2026-01-05T10:22:00Z); run again then',
    );
  });

  it('calls a deployment that changed nothing healthy, and not enough data while its window runs or with few calls', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release(
      '1.0.1',
      V1_TEXT.replace('"version":"1.0.0"', '"version":"1.0.1"'),
      '2026-01-05T10:20:00Z',
      'p95 below 300 ms and requests of GET /items above 1/min',
    );
    const steady = traffic(at('2026-01-05T09:20:00Z'), 130, { perMinute: 2, itemSeconds: 0.05 });
    now = at('2026-01-05T12:00:00Z');
    await ingestText('steady.log', steady);

    const healthy = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(healthy.verdict).toBe('healthy');
    expect(healthy.rollbackCommand).toBeNull();
    expect(healthy.expected).toMatchObject({ status: 'met' });
    expect(healthy.expected?.clauses.map((clause) => clause.measured)).toEqual(['50 ms', '2/min']);

    now = at('2026-01-05T10:50:00Z');
    const running = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(running.verdict).toBe('not-enough-data');

    now = at('2026-01-05T12:00:00Z');
    const strict = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', thresholds: { minRequests: 1000 } },
      options,
    );
    expect(strict.verdict).toBe('not-enough-data');
    expect(strict.operations[0].reasons).toEqual(['only 240 calls after (need 1000)']);

    // The earlier deployment, by id: its before-window is empty (nothing ran before it).
    const first = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', deployment: 'deploy-1', windowMinutes: 30 },
      options,
    );
    expect(first.deployment.version).toBe('1.0.0');
    expect(first.after.to).toBe('2026-01-05T09:31:00.000Z');
  });

  it('says so when the ingested logs stop before the after-window ends', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.0.1', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.0.1"'), '2026-01-05T10:20:00Z');
    now = at('2026-01-05T12:00:00Z');
    // Logs ingested up to 10:40 only: 20 of the 60 minutes after.
    await ingestText('partial.log', traffic(at('2026-01-05T09:20:00Z'), 80, { perMinute: 2, itemSeconds: 0.05 }));
    const result = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(result.caveats).toEqual([
      "the latest traffic recorded is at 2026-01-05T10:39:00Z, before the after-window's end (2026-01-05T11:21:00Z): ingest newer logs with holdfast usage ingest, or this is all the traffic there was",
    ]);
    expect(result.after).toMatchObject({ minutes: 19, complete: false, requests: 76 });
    expect(result.operations.find((row) => row.operation === 'GET /items')?.after.ratePerMinute).toBe(2);
    expect(result.verdict).toBe('not-enough-data');
  });

  it('reads an empty before-window as empty, not as the whole hour around it', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:40:00Z');
    now = at('2026-01-05T12:00:00Z');
    await ingestText('first.log', traffic(at('2026-01-05T09:41:00Z'), 30, { perMinute: 2, itemSeconds: 0.05 }));
    const result = await compareDeployment(store, { service: 'shop', environment: 'prod', windowMinutes: 30 }, options);
    expect(result.before).toMatchObject({ from: '2026-01-05T09:10:00.000Z', requests: 0, caveats: [] });
    expect(result.after.requests).toBe(120);
    expect(result.verdict).toBe('healthy');
    expect(result.caveats).toEqual([
      'no traffic recorded before the deployment: nothing to compare with, so operations are judged on the after-window alone (ingest the older logs for a comparison)',
    ]);
  });

  it("says when the counts come from log lines without timestamps (uvicorn's default log)", async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.0.1', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.0.1"'), '2026-01-05T10:20:00Z');
    now = at('2026-01-05T12:00:00Z');
    const path = join(database.folder, 'uvicorn.log');
    writeFileSync(path, 'INFO:     127.0.0.1:5000 - "GET /items HTTP/1.1" 200 OK\n'.repeat(30));
    // Untimed lines count at the file's modification time: inside the after-window here.
    utimesSync(path, new Date(at('2026-01-05T10:45:10Z')), new Date(at('2026-01-05T10:45:10Z')));
    await ingestUsage(store, { service: 'shop', environment: 'prod', files: [path] }, options);
    const result = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(result.after.requests).toBe(30);
    expect(result.after.caveats).toEqual([
      "30 of 30 requests in this window come from log lines without timestamps (uvicorn's default access log): they were counted at the time their file was last written, so this window may hold requests from before or after it; log with timestamps (docs/usage.md)",
    ]);
    expect(renderDeployCompare(result)).toContain(
      '  - after: 30 of 30 requests in this window come from log lines without timestamps',
    );
  });

  it('asks another traffic source (Prometheus) for whole-minute windows around the deployment', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.0.1', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.0.1"'), '2026-01-05T10:20:30Z');
    now = at('2026-01-05T10:50:00Z');
    const asked: string[] = [];
    const source = {
      description: 'an in-memory source',
      async window(from: Date, to: Date) {
        asked.push(`${from.toISOString()} ${to.toISOString()}`);
        return { from, to, operations: [], caveats: ['nothing here'] };
      },
    };
    const result = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options, source);
    expect(asked).toEqual([
      '2026-01-05T09:20:00.000Z 2026-01-05T10:20:00.000Z',
      '2026-01-05T10:21:00.000Z 2026-01-05T10:50:00.000Z',
    ]);
    expect(result).toMatchObject({ source: 'an in-memory source', verdict: 'not-enough-data' });
    expect(result.after).toMatchObject({ minutes: 29, complete: false, caveats: ['nothing here'] });
  });

  it('warns at deploy time about an expected result that starts measurable but does not parse', async () => {
    now = at('2026-01-05T09:00:00Z');
    await publish(
      store,
      { service: 'shop', version: '1.0.0', source: { uri: 'v1.json', displayName: 'v1.json', text: V1_TEXT } },
      options,
    );
    const almost = await deploy(
      store,
      { service: 'shop', version: '1.0.0', environment: 'prod', expectedResult: 'p95 below 200' },
      options,
    );
    expect(almost.warnings).toEqual([
      'The expected result "p95 below 200" is not a measurable statement: expected a latency unit (ms or s) at character 14, found the end; holdfast deploy compare will report it as not measurable. Measurable statements look like "p95 of GET /orders below 200 ms and error rate below 1%" (docs/usage.md).',
    ]);
    const prose = await deploy(
      store,
      { service: 'shop', version: '1.0.0', environment: 'prod', expectedResult: 'checkout feels faster' },
      options,
    );
    expect(prose.warnings).toEqual([]);
  });

  it('refuses a deployment of another service or environment, and a bad window', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    const error = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', deployment: 'deploy-99' },
      options,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      'Could not compare deploy-99: no deployment has that id; expected a deployment of shop in prod. Pick one from holdfast history --service shop --env prod; retrying will not help.',
    );
    const bad = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', windowMinutes: 0 },
      options,
    ).catch((caught: unknown) => caught);
    expect((bad as AppError).message).toBe(
      'Invalid --window 0 minutes: expected 1 minute to 7 days (e.g. 30m, 1h, 6h, 1d).',
    );
  });

  it('upgrades a 003 registry with hourly usage: old hours answer in whole hours, new logs get minutes', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.0.1', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.0.1"'), '2026-01-05T11:00:00Z');
    // Hourly rows as migration 003's ingest wrote them.
    const service = await store.db.selectFrom('services').select('id').executeTakeFirstOrThrow();
    const environment = await store.db.selectFrom('environments').select('id').executeTakeFirstOrThrow();
    await store.db
      .insertInto('usage_hourly')
      .values(
        ['2026-01-05T10:00:00.000Z', '2026-01-05T11:00:00.000Z'].map((hour) => ({
          service_id: service.id,
          environment_id: environment.id,
          hour,
          operation: 'GET /items',
          client: 'okhttp',
          status_class: '2xx',
          request_count: 120,
          latency: null,
        })),
      )
      .execute();
    // Back to the registry holdfast wrote with migration 003 only: no minute table, 004 not run.
    await store.db.schema.dropTable('usage_minutes').execute();
    await store.db
      .deleteFrom('kysely_migration' as 'services')
      .where('name' as 'id', '=', '004-usage-minutes' as never)
      .execute();
    await store.close();
    // Opening runs 004 on a registry with data.
    store = await openStore(database.config);
    const migrated = (await store.db
      .selectFrom('kysely_migration' as 'services')
      .select('name')
      .execute()) as Array<{ name: string }>;
    expect(migrated.map((row) => row.name)).toContain('004-usage-minutes');
    now = at('2026-01-05T13:00:00Z');
    const result = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(result.before.requests).toBe(120);
    expect(result.after.requests).toBe(120);
    expect(result.before.caveats).toEqual([
      'only hourly counts are stored for 2026-01-05T10:00:00Z to 2026-01-05T11:00:00Z (minute cells are kept 35 days, and logs ingested before holdfast kept them have none): this window is read as the whole hours 2026-01-05T10:00:00Z to 2026-01-05T11:00:00Z',
    ]);
    expect(result.verdict).toBe('healthy');
    // New logs get minute cells.
    await ingestText('new.log', traffic(at('2026-01-05T12:10:00Z'), 2, { perMinute: 1, itemSeconds: 0.01 }));
    const rows = await store.db.selectFrom('usage_minutes').select(['minute', 'operation', 'request_count']).execute();
    expect(rows.map((row) => `${row.minute} ${row.operation} ${Number(row.request_count)}`).sort()).toEqual([
      '2026-01-05T12:10:00.000Z GET /items 1',
      '2026-01-05T12:10:00.000Z GET /items/{item_id} 1',
      '2026-01-05T12:11:00.000Z GET /items 1',
      '2026-01-05T12:11:00.000Z GET /items/{item_id} 1',
    ]);
  });

  it('keeps minute cells 35 days: older ones are pruned at the next ingest, and the deployment is read from whole hours', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.1.0', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.1.0"'), '2026-01-05T10:20:00Z');
    now = at('2026-01-05T12:00:00Z');
    await ingestText(
      'january.log',
      traffic(at('2026-01-05T09:20:00Z'), 60, { perMinute: 2, itemSeconds: 0.05 }) +
        traffic(at('2026-01-05T10:21:00Z'), 60, { perMinute: 2, itemSeconds: 0.05 }),
    );
    const minutes = async () =>
      Number(
        (
          await store.db
            .selectFrom('usage_minutes')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await minutes()).toBeGreaterThan(200);
    const fresh = await compareDeployment(store, { service: 'shop', environment: 'prod' }, options);
    expect(fresh.before.caveats).toEqual([]);

    // Six weeks later: a new log's ingest prunes January's minute cells (and writes no cell older
    // than 35 days), the hourly cells stay.
    now = at('2026-02-16T12:00:00Z');
    await ingestText(
      'february.log',
      traffic(at('2026-01-05T11:30:00Z'), 2, { perMinute: 1, itemSeconds: 0.05 }) +
        traffic(at('2026-02-16T11:00:00Z'), 2, { perMinute: 1, itemSeconds: 0.05 }),
    );
    const rows = await store.db.selectFrom('usage_minutes').select('minute').execute();
    expect([...new Set(rows.map((row) => row.minute))].sort()).toEqual([
      '2026-02-16T11:00:00.000Z',
      '2026-02-16T11:01:00.000Z',
    ]);
    const old = await compareDeployment(
      store,
      { service: 'shop', environment: 'prod', deployment: fresh.deployment.eventId },
      options,
    );
    // Whole hours hold at least the requests of the minutes they span.
    expect(old.before.requests).toBeGreaterThanOrEqual(fresh.before.requests);
    expect(old.before.caveats[0]).toMatch(
      /^only hourly counts are stored for .* \(minute cells are kept 35 days, and logs ingested before holdfast kept them have none\)/,
    );
  });

  it('runs from the CLI with the exit codes of its verdicts', async () => {
    await release('1.0.0', V1_TEXT, '2026-01-05T09:00:00Z');
    await release('1.1.0', V1_TEXT.replace('"version":"1.0.0"', '"version":"1.1.0"'), '2026-01-05T10:20:00Z');
    now = at('2026-01-05T12:00:00Z');
    await ingestText(
      'access.log',
      traffic(at('2026-01-05T09:20:00Z'), 60, { perMinute: 2, itemSeconds: 0.05 }) +
        traffic(at('2026-01-05T10:21:00Z'), 60, { perMinute: 2, itemSeconds: 0.05, errorEvery: 20 }),
    );
    await store.close();
    const run = async (argv: string[], env: Record<string, string> = {}) => {
      let stdout = '';
      let stderr = '';
      const status = await main(argv, {
        cwd: database.folder,
        env: { ...database.env, HOLDFAST_TEST_NOW: '2026-01-05T12:00:00Z', ...env },
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        readStdin: async () => '',
      });
      return { status, stdout, stderr };
    };
    const base = ['deploy', 'compare', '--service', 'shop', '--env', 'prod'];
    // One 500 in 20 calls of GET /items/{item_id}: +5 points there, +2.5 overall.
    const investigate = await run([...base, '--rollback-5xx-increase', '6%']);
    expect(investigate.stderr).toBe('');
    expect(investigate.stdout).toContain('Verdict: investigate\n');
    expect(investigate.status).toBe(1);
    expect((await run([...base, '--rollback-5xx-increase', '6%', '--fail-on', 'rollback'])).status).toBe(0);
    const rollback = await run([...base, '--format', 'json']);
    expect(rollback.status).toBe(1);
    expect(JSON.parse(rollback.stdout)).toMatchObject({
      verdict: 'rollback',
      verdictText: 'roll back recommended',
      rollbackCommand: 'holdfast rollback plan --service shop --env prod',
    });
    const healthy = await run([...base, '--investigate-5xx-increase', '10%', '--rollback-5xx-increase', '20%']);
    expect(healthy.stdout).toContain('Verdict: healthy\n');
    expect(healthy.status).toBe(0);
    const early = await run(base.concat('--investigate-5xx-increase', '10%', '--rollback-5xx-increase', '20%'), {
      HOLDFAST_TEST_NOW: '2026-01-05T10:30:00Z',
    });
    expect(early.stdout).toContain('Verdict: not enough data\n');
    expect(early.status).toBe(3);
    // Thresholds from the configuration; flags win over it.
    writeFileSync(
      join(database.folder, 'holdfast.yaml'),
      'deploy-compare:\n  window: 30m\n  rollback-5xx-increase: "20%"\n  investigate-5xx-increase: "10%"\n',
    );
    const configured = await run([...base, '--format', 'json']);
    expect(JSON.parse(configured.stdout)).toMatchObject({ verdict: 'healthy', windowMinutes: 30 });
    expect((await run([...base, '--rollback-5xx-increase', '2%'])).status).toBe(1);
    const badFlag = await run([...base, '--window', 'soon']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toBe(
      'holdfast: error: Invalid --window "soon": expected a duration such as 30m, 1h, 6h or 1d.\nRun "holdfast --help" for usage.\n',
    );
    writeFileSync(join(database.folder, 'holdfast.yaml'), 'deploy-compare:\n  rollback-5xx-increase: lots\n');
    const badConfig = await run(base);
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toContain(
      'deploy-compare.rollback-5xx-increase is "lots"; expected a percentage from 0% to 100%, such as "5%".',
    );
    // Reopen for afterEach.
    store = await openStore(database.config);
  });
});
