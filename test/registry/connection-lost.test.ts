/**
 * A PostgreSQL connection lost in the middle of a registry command (server restart or crash,
 * failover, a network cut) ends in exit 2 with a retryable message, never in Node's "Unhandled
 * 'error' event" and exit 1 (which means "breaking" / "No"). The session is ended by the server
 * for real: `pg_terminate_backend` on the command's own session while it waits inside its
 * transaction, and `pg_ctl stop -m immediate` on a throwaway server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { V1, V2 } from './_contracts.js';
import { type PgServer, pgBinaries, startPgServer } from './_pg-server.js';
import { startCli, waitFor } from './_process.js';

const postgres = BACKENDS.find((backend) => backend.name === 'postgres');

const LOST = (doing: string, outcome: string, before = '') =>
  new RegExp(
    `^${before}holdfast: Could not complete the command on the registry postgres://\\S+: the database connection was lost while ${doing} \\(SQLSTATE 57P01: terminating connection due to administrator command\\)${outcome}; expected the server to stay connected until the command finished\\. Temporary; retrying may help\\.\\n$`,
  );
const NOTHING_SAVED = ', so nothing was saved';

describe.skipIf(postgres === undefined)('a lost PostgreSQL connection', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  let schema: string;

  beforeEach(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    writeFileSync(join(database.folder, 'v1.json'), V1.text);
    writeFileSync(join(database.folder, 'v2.json'), V2.text);
    if (database.config.kind !== 'postgres') throw new Error('expected a PostgreSQL test database');
    schema = database.config.schema ?? 'public';
    admin = new pg.Client({ connectionString: database.config.url });
    await admin.connect();
    for (const args of [
      ['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'],
      ['publish', '--service', 'shop', '--version', '2.0.0', 'v2.json'],
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production'],
      ['deploy', '--service', 'shop', '--version', '2.0.0', '--env', 'production'],
    ]) {
      // The whole run, so a failure shows its stderr.
      const run = await cli(args);
      expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 0, stderr: '' });
    }
  });

  afterEach(async () => {
    await admin.end();
    await database.dispose();
  });

  function cli(args: string[], env: Record<string, string> = {}) {
    return startCli(args, database.folder, { ...database.env, ...env }).done;
  }

  /** Every row of every registry table, to show that nothing changed. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const state: Record<string, unknown[]> = {};
    for (const table of await registryTables()) {
      state[table] = (await admin.query(`select * from ${schema}.${table} order by 1`)).rows;
    }
    return state;
  }

  async function registryTables(): Promise<string[]> {
    const { rows } = await admin.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely%' order by tablename",
      [schema],
    );
    return rows.map((row) => row.tablename);
  }

  /**
   * Runs `args` while this test holds an exclusive lock on every registry table, waits until the
   * command's session blocks on it (inside its transaction), and terminates that session.
   */
  async function terminatedWhileBlocked(args: string[]) {
    // A second session holds the lock: pg_stat_activity, read from inside a transaction, would
    // show the snapshot taken when that transaction first looked.
    const locker = new pg.Client({ connectionString: (database.config as { url: string }).url });
    await locker.connect();
    const lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    await locker.query('begin');
    const tables = await registryTables();
    await locker.query(`lock table ${tables.map((table) => `${schema}.${table}`).join(', ')} in access exclusive mode`);
    const started = startCli(args, database.folder, { ...database.env, HOLDFAST_BUSY_TIMEOUT_MS: '60000' });
    try {
      const exited = started.done.then((run) => {
        throw new Error(`the command ended before it blocked: ${JSON.stringify(run)}`);
      });
      exited.catch(() => undefined);
      const pid = await waitFor('the command to wait for the lock', async () => {
        await Promise.race([exited, undefined]);
        const { rows } = await admin.query<{ pid: number }>(
          'select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
          [lockerPid],
        );
        return rows[0]?.pid;
      });
      const { rows } = await admin.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [pid]);
      expect(rows[0]?.ok).toBe(true);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    return started.done;
  }

  const commands: Array<{ name: string; args: string[]; doing: string; outcome: string; retried: number }> = [
    {
      name: 'publish',
      args: ['publish', '--service', 'shop', '--version', '3.0.0', 'v2.json'],
      doing: 'writing to the registry',
      outcome: NOTHING_SAVED,
      retried: 0,
    },
    {
      name: 'deploy',
      args: ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'staging'],
      doing: 'writing to the registry',
      outcome: NOTHING_SAVED,
      retried: 0,
    },
    {
      name: 'can-i-deploy',
      args: ['can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'production'],
      doing: 'reading from the registry',
      outcome: '',
      retried: 0,
    },
    {
      name: 'rollback plan',
      args: ['rollback', 'plan', '--service', 'shop', '--env', 'production'],
      doing: 'reading from the registry',
      outcome: '',
      // v1 -> v2 added a response field; rolling back removes it, which clients may use.
      retried: 1,
    },
    {
      name: 'rollback record',
      args: ['rollback', 'record', '--service', 'shop', '--env', 'production', '--to', '1.0.0'],
      doing: 'writing to the registry',
      outcome: NOTHING_SAVED,
      retried: 0,
    },
    {
      name: 'history',
      args: ['history', '--service', 'shop'],
      doing: 'reading from the registry',
      outcome: '',
      retried: 0,
    },
  ];

  it.each(commands)(
    '$name: the session terminated inside its transaction is exit 2, retryable, and nothing is half-written',
    async (command) => {
      const before = await snapshot();
      const run = await terminatedWhileBlocked(command.args);
      expect(run.stderr).toMatch(LOST(command.doing, command.outcome));
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(await snapshot()).toEqual(before);
      // The message says retrying may help: it does.
      expect((await cli(command.args)).status).toBe(command.retried);
    },
  );

  it('a pooled connection terminated while idle neither crashes the process nor fails the next transaction', async () => {
    const store = await openStore(database.config);
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      const pid = rows[0]?.pid;
      await admin.query('select pg_terminate_backend($1)', [pid]);
      // Let the pool's client see the end of its connection (an 'error' event nobody awaits).
      await waitFor('the pool to notice', async () => {
        const alive = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
        return alive.rowCount === 0 ? true : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const services = await store.transaction('read', (trx) => trx.selectFrom('services').select('name').execute());
      expect(services.map((row) => row.name)).toEqual(['shop']);
    } finally {
      await store.close();
    }
  });

  it('a write whose session is terminated while it is idle in its transaction (no query running) is exit 2', async () => {
    const before = await snapshot();
    const started = startCli(
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'canary'],
      database.folder,
      { ...database.env, HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '5000' },
    );
    await started.stderrContains('before commit');
    // The paused command's session: the one holding locks on this test's schema.
    const pid = await waitFor('the paused session', async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `select distinct l.pid from pg_locks l
           join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and l.pid <> pg_backend_pid()`,
        [schema],
      );
      return rows[0]?.pid;
    });
    await admin.query('select pg_terminate_backend($1)', [pid]);
    const run = await started.done;
    expect(run.stderr).toMatch(
      LOST('writing to the registry', NOTHING_SAVED, 'holdfast: test hook: pausing 5000 ms before commit\\n'),
    );
    expect(run.status).toBe(2);
    expect(await snapshot()).toEqual(before);
  });
});

const bin = postgres === undefined ? undefined : pgBinaries();

describe.skipIf(bin === undefined)('a PostgreSQL server that stops in the middle of a command', () => {
  let server: PgServer;
  let folder: string;

  beforeEach(async () => {
    server = await startPgServer(bin as string);
    folder = mkdtempSync(join(tmpdir(), 'holdfast-registry-'));
    writeFileSync(join(folder, 'v1.json'), V1.text);
  }, 60_000);

  afterEach(() => {
    server.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('pg_ctl stop -m immediate while a deploy is inside its transaction: exit 2, retryable; after the restart the deploy succeeds', async () => {
    const env = { HOLDFAST_DATABASE_URL: server.url, HOLDFAST_DB: '' };
    expect(
      (await startCli(['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'], folder, env).done).status,
    ).toBe(0);
    const deploy = ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production'];
    const started = startCli(deploy, folder, { ...env, HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '5000' });
    await started.stderrContains('before commit');
    server.stop('immediate');
    const run = await started.done;
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /\nholdfast: Could not complete the command on the registry postgres:\/\/holdfast@127\.0\.0\.1:\d+\/postgres: the database connection was lost while writing to the registry \((SQLSTATE 57P0\d: [^)]*|Connection terminated unexpectedly)\), so nothing was saved; expected the server to stay connected until the command finished\. Temporary; retrying may help\.\n$/,
    );

    // While it is down: the same code, and the same advice.
    const down = await startCli(deploy, folder, env).done;
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(
      /^holdfast: Could not reach the registry postgres:\/\/holdfast@127\.0\.0\.1:\d+\/postgres: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(ECONNREFUSED\); expected a running PostgreSQL server\. Temporary; retrying may help\.\n$/,
    );

    server.start();
    const again = await startCli(deploy, folder, env).done;
    expect(again.status).toBe(0);
    const history = await startCli(['history', '--service', 'shop', '--format', 'json'], folder, env).done;
    expect(history.status).toBe(0);
    expect(history.stdout.match(/"1\.0\.0"/g)?.length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
