/**
 * Migration 005 (tokens) was written alongside 004 (deploy compare, another branch): a registry
 * that ran 005 before an earlier-numbered migration existed must still take that migration when it
 * arrives. Simulated with 003: removed from a migrated registry's bookkeeping (and its tables
 * dropped), it runs again on the next open although 005 already ran.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { BACKENDS, type TestDatabase } from '../registry/_backends.js';

describe.each(BACKENDS)('migration order on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('a migration missing before 005 runs on the next open (unordered migrations allowed)', async () => {
    const schema = database.config.kind === 'postgres' ? database.config.schema : undefined;
    const table = schema === undefined ? 'kysely_migration' : `${schema}.kysely_migration`;
    const first = await openStore(database.config);
    expect(MIGRATION_NAMES).toContain('005-tokens');
    expect(await first.pendingMigrations()).toEqual([]);
    await first.db.schema.dropTable('usage_files').execute();
    await first.db.schema.dropTable('usage_hourly').execute();
    await sql`delete from ${sql.table(table)} where name = '003-usage'`.execute(first.db);
    expect(await first.pendingMigrations()).toEqual(['003-usage']);
    await first.close();

    const second = await openStore(database.config);
    try {
      expect(await second.pendingMigrations()).toEqual([]);
      expect(await second.db.selectFrom('usage_hourly').selectAll().execute()).toEqual([]);
      expect(await second.db.selectFrom('api_tokens').selectAll().execute()).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
