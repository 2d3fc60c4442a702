/** The store on every available backend: migrations (once, twice, concurrently) and configuration. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { KyselyStore } from '../../src/store/_kysely-store.js';
import { openStore, projectRoot, resolveStoreConfig } from '../../src/store/index.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';

/** The built store (test/global-setup.ts builds dist/ before the suite). */
const DIST_STORE = fileURLToPath(new URL('../../dist/store/index.js', import.meta.url));

describe.each(BACKENDS)('store on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
  });

  afterEach(async () => {
    await database.dispose();
  });

  async function executedMigrations(store: Awaited<ReturnType<typeof openStore>>): Promise<string[]> {
    const rows = await store.db
      .withoutPlugins()
      .selectFrom('kysely_migration' as 'services')
      .select('name')
      .orderBy('name')
      .execute();
    return rows.map((row) => row.name);
  }

  it('creates the schema on first open and runs each migration once, however often it is opened', async () => {
    const first = await openStore(database.config);
    try {
      expect(await executedMigrations(first)).toEqual([...MIGRATION_NAMES]);
      expect(await (first as KyselyStore).migrate()).toEqual([]);
    } finally {
      await first.close();
    }
    const second = await openStore(database.config);
    try {
      expect(await executedMigrations(second)).toEqual([...MIGRATION_NAMES]);
      const tables = (await second.db.introspection.getTables()).map((table) => table.name).sort();
      expect(tables).toEqual([
        'api_tokens',
        'corrections',
        'deployments',
        'documents',
        'environments',
        'rollbacks',
        'services',
        'usage_files',
        'usage_hourly',
        'usage_minutes',
        'versions',
      ]);
    } finally {
      await second.close();
    }
  });

  it('migrates safely when several processes open a fresh database at once', async () => {
    // Separate processes: better-sqlite3 waits for locks synchronously, so one process with
    // several connections would only wait for itself.
    const script = `import(${JSON.stringify(DIST_STORE)}).then(async (store) => (await store.openStore(${JSON.stringify(database.config)})).close())`;
    const runs = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<{ status: number | null; stderr: string }>((resolve) => {
            execFile(process.execPath, ['--input-type=module', '-e', script], (error, _stdout, stderr) =>
              resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
            );
          }),
      ),
    );
    expect(runs).toEqual([1, 2, 3, 4].map(() => ({ status: 0, stderr: '' })));
    const store = await openStore(database.config);
    try {
      expect(await executedMigrations(store)).toEqual([...MIGRATION_NAMES]);
    } finally {
      await store.close();
    }
  });

  it('rolls back a transaction that throws, and keeps AppErrors as they are', async () => {
    const store = await openStore(database.config);
    try {
      const thrown = new AppError('USAGE', 'stop');
      await expect(
        store.transaction('write', async (trx) => {
          await trx.insertInto('services').values({ name: 'shop', created_at: 'x', updated_at: 'x' }).execute();
          throw thrown;
        }),
      ).rejects.toBe(thrown);
      const rows = await store.db.selectFrom('services').selectAll().execute();
      expect(rows).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('allows one live deployment per service and environment (unique index)', async () => {
    const store = await openStore(database.config);
    try {
      const error = await store
        .transaction('write', async (trx) => {
          const now = '2025-01-01T00:00:00.000Z';
          const service = await trx
            .insertInto('services')
            .values({ name: 's', created_at: now, updated_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          const environment = await trx
            .insertInto('environments')
            .values({ name: 'e', created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          const version = await trx
            .insertInto('versions')
            .values({
              service_id: service.id,
              label: '1',
              document_hash: null,
              created_at: now,
              published_at: null,
              git_branch: null,
              git_commit: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const row = {
            service_id: service.id,
            version_id: version.id,
            environment_id: environment.id,
            deployed_at: now,
            owner: null,
            expected_result: null,
            rollback_note: null,
            status: 'live' as const,
          };
          await trx.insertInto('deployments').values(row).execute();
          await trx.insertInto('deployments').values(row).execute();
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('STORE_FAILED');
    } finally {
      await store.close();
    }
  });
});

describe('resolveStoreConfig', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-config-'));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('defaults to .holdfast/registry.db at the git root', () => {
    mkdirSync(join(folder, '.git'));
    mkdirSync(join(folder, 'services', 'shop'), { recursive: true });
    expect(projectRoot(join(folder, 'services', 'shop'))).toBe(folder);
    expect(resolveStoreConfig({ env: {}, cwd: join(folder, 'services', 'shop') })).toEqual({
      kind: 'sqlite',
      path: join(folder, '.holdfast', 'registry.db'),
    });
  });

  it('uses the working directory outside git, HOLDFAST_DB, then HOLDFAST_DATABASE_URL', () => {
    expect(resolveStoreConfig({ env: {}, cwd: folder })).toEqual({
      kind: 'sqlite',
      path: join(folder, '.holdfast', 'registry.db'),
    });
    expect(resolveStoreConfig({ env: { HOLDFAST_DB: 'r.db' }, cwd: folder })).toEqual({
      kind: 'sqlite',
      path: join(folder, 'r.db'),
    });
    expect(
      resolveStoreConfig({
        env: { HOLDFAST_DB: 'r.db', HOLDFAST_DATABASE_URL: 'postgres://u:p@db:5432/hf?schema=team' },
        cwd: folder,
      }),
    ).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/hf', schema: 'team' });
  });

  it('refuses a URL that is not PostgreSQL, without printing its password', () => {
    expect(() => resolveStoreConfig({ env: { HOLDFAST_DATABASE_URL: 'mysql://u:secret@db/hf' }, cwd: folder })).toThrow(
      'Invalid HOLDFAST_DATABASE_URL "mysql://u:***@db/hf": not a PostgreSQL URL; expected postgres://user:password@host:port/database. Fix the variable, or unset it to use the SQLite file; retrying will not help.',
    );
  });

  it('reports an unreachable PostgreSQL server as retryable', async () => {
    const error = await openStore({ kind: 'postgres', url: 'postgres://holdfast:secret@127.0.0.1:1/none' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('STORE_CONNECTION');
    expect((error as AppError).retryable).toBe(true);
    expect((error as AppError).message).toMatch(
      /^Could not reach the registry postgres:\/\/holdfast:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED.*; expected a running PostgreSQL server\. Temporary; retrying may help\.$/,
    );
  });
});
