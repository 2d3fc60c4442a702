/**
 * Upgrading a registry written by an earlier holdfast: migration 002 on a database that has data
 * from 001, on every available backend.
 */
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { history, rollbackPlan } from '../../src/registry/index.js';
import { openStore } from '../../src/store/index.js';
import { up } from '../../src/store/migrations/002-history-and-corrections.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';

describe.each(BACKENDS)('migration 002 on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('is idempotent: running it again on a migrated registry changes nothing', async () => {
    const store = await openStore(database.config);
    try {
      await store.db.insertInto('services').values({ name: 'shop', created_at: 'x', updated_at: 'x' }).execute();
      await up(store.db as never);
      const tables = (await store.db.introspection.getTables()).filter((table) => table.name === 'deployments');
      const columns = tables.flatMap((table) => table.columns.map((column) => column.name));
      expect(columns.filter((name) => name === 'rollback_note_by').length).toBeGreaterThanOrEqual(1);
      expect(await store.db.selectFrom('services').select('name').execute()).toEqual([{ name: 'shop' }]);
    } finally {
      await store.close();
    }
  });

  it('upgrades a 001 registry with deployments and a rollback, keeping its answers', async () => {
    // Build the 001 schema and data with the first migration only, as holdfast 0.x did.
    const fresh = await openStore(database.config);
    const schema = database.config.kind === 'postgres' ? database.config.schema : undefined;
    for (const table of ['usage_minutes', 'usage_files', 'usage_hourly', 'corrections']) {
      await fresh.db.schema.dropTable(table).execute();
    }
    for (const table of ['rollbacks', 'deployments', 'environments', 'versions', 'documents', 'services']) {
      await fresh.db.schema.dropTable(table).execute();
    }
    await fresh.db.deleteFrom('kysely_migration' as 'services').execute();
    const migrator = new Migrator({ db: fresh.db, provider: migrationProvider, migrationTableSchema: schema });
    expect((await migrator.migrateTo('001-initial')).error).toBeUndefined();
    const at = (minute: number) => `2025-01-01T00:0${minute}:00.000Z`;
    await fresh.db
      .insertInto('services')
      .values({ id: 1, name: 'shop', created_at: at(0), updated_at: at(0) } as never)
      .execute();
    await fresh.db
      .insertInto('environments')
      .values({ id: 1, name: 'production', created_at: at(0) } as never)
      .execute();
    await fresh.db
      .insertInto('versions')
      .values([
        { id: 1, service_id: 1, label: '1.0.0', document_hash: null, created_at: at(0) },
        { id: 2, service_id: 1, label: '1.1.0', document_hash: null, created_at: at(1) },
      ] as never)
      .execute();
    const deployment = (id: number, version: number, minute: number, status: string, owner: string) => ({
      id,
      service_id: 1,
      version_id: version,
      environment_id: 1,
      deployed_at: at(minute),
      owner,
      rollback_note: `${owner}'s note`,
      status,
    });
    await fresh.db
      .insertInto('deployments')
      .values([
        deployment(1, 1, 1, 'replaced', 'ana'),
        deployment(2, 2, 2, 'rolled_back', 'bob'),
        deployment(3, 1, 3, 'live', 'carol'),
      ] as never)
      .execute();
    await fresh.db
      .insertInto('rollbacks')
      .values({
        service_id: 1,
        environment_id: 1,
        from_version_id: 2,
        to_version_id: 1,
        from_deployment_id: 2,
        to_deployment_id: 3,
        rolled_back_at: at(3),
        rolled_back_by: 'carol',
        reason: 'errors',
      } as never)
      .execute();
    await fresh.close();

    const upgraded = await openStore(database.config);
    try {
      const options = { cwd: database.folder, policy: DEFAULT_POLICY };
      const result = await history(upgraded, { service: 'shop', environment: 'production' }, options);
      expect(result.live).toMatchObject([{ version: '1.0.0', owner: 'carol', rollbackNoteBy: 'carol' }]);
      expect(result.events.map((event) => event.id)).toEqual(['rollback-1', 'deploy-3', 'deploy-2', 'deploy-1']);
      const error = await rollbackPlan(upgraded, { service: 'shop', environment: 'production' }, options).catch(
        (caught: Error) => caught,
      );
      expect((error as Error).message).toMatch(/every other version deployed there was rolled back \(1\.1\.0\)/);
    } finally {
      await upgraded.close();
    }
  });
});
