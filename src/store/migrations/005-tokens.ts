/**
 * API tokens of `holdfast serve` (issue 13): one row per token, holding the SHA-256 of the secret
 * (never the secret), its role and whether it was revoked. Nothing is deleted: a revoked token
 * stays listed with the time it was revoked.
 *
 * Independent of every other table, so it may run before or after 004 (the two were written in
 * parallel; the Migrator allows unordered migrations).
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  await db.schema
    .createTable('api_tokens')
    .ifNotExists()
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (column) => column.notNull().unique())
    // read | publish | deploy | admin
    .addColumn('role', 'text', (column) => column.notNull())
    // Hex SHA-256 of the token: a 256-bit random secret needs no salt or slow hash.
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
