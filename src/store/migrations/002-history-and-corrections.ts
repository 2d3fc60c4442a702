/**
 * What the registry needs to answer correctly after an incident (issue 10):
 * - `deployments.rollback_note_by`: who wrote a rollback note (a rollback carries the note over to
 *   the target's new deployment, but its author stays the person who wrote it);
 * - `rollbacks.created_deployment`: whether the rollback recorded the target's deployment itself
 *   (undoing the rollback then ends that deployment) or `holdfast deploy` had (null: recorded
 *   before this migration);
 * - `services.deploy_command`: the team's deploy command that rollback plans quote;
 * - `environments.production`: a flag policies may key on;
 * - `versions.dirty`: published from a working tree with uncommitted changes (null: unknown);
 * - `corrections`: `holdfast undo` events, which reverse a deployment or a rollback record without
 *   deleting anything;
 * - a partial index over rolled-back deployments, so "was this version rolled back here?" never
 *   scans.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();

  // Idempotent, like every statement here: a column that exists already is left alone.
  const addColumn = async (table: string, column: string, definition: string): Promise<void> => {
    if (postgres) {
      await sql`alter table ${sql.table(table)} add column if not exists ${sql.ref(column)} ${sql.raw(definition)}`.execute(
        db,
      );
      return;
    }
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    if (rows.some((row) => row.name === column)) return;
    await sql`alter table ${sql.table(table)} add column ${sql.ref(column)} ${sql.raw(definition)}`.execute(db);
  };
  await addColumn('deployments', 'rollback_note_by', 'text');
  // Notes recorded before this migration were written by the deployment's owner.
  await sql`update deployments set rollback_note_by = owner where rollback_note is not null and rollback_note_by is null`.execute(
    db,
  );
  await addColumn('rollbacks', 'created_deployment', 'integer');
  await addColumn('services', 'deploy_command', 'text');
  await addColumn('environments', 'production', 'integer not null default 0');
  await addColumn('versions', 'dirty', 'integer');

  await db.schema
    .createTable('corrections')
    .ifNotExists()
    .addColumn('id', 'integer', id)
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    .addColumn('deployment_id', 'integer', (column) => column.references('deployments.id'))
    .addColumn('rollback_id', 'integer', (column) => column.references('rollbacks.id'))
    // The deployment live again after the correction (null when nothing is live there any more).
    .addColumn('restored_deployment_id', 'integer', (column) => column.references('deployments.id'))
    .addColumn('corrected_at', 'text', (column) => column.notNull())
    .addColumn('corrected_by', 'text')
    .addColumn('reason', 'text', (column) => column.notNull())
    .addCheckConstraint('corrections_one_target_check', sql`(deployment_id is null) <> (rollback_id is null)`)
    .execute();
  // History page of a service's corrections, and "was this event undone already?".
  await db.schema
    .createIndex('corrections_service_time')
    .ifNotExists()
    .on('corrections')
    .columns(['service_id', 'corrected_at', 'id'])
    .execute();
  await db.schema
    .createIndex('corrections_deployment_unique')
    .ifNotExists()
    .on('corrections')
    .column('deployment_id')
    .unique()
    .where(sql.ref('deployment_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('corrections_rollback_unique')
    .ifNotExists()
    .on('corrections')
    .column('rollback_id')
    .unique()
    .where(sql.ref('rollback_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('deployments_rolled_back')
    .ifNotExists()
    .on('deployments')
    .columns(['service_id', 'environment_id', 'version_id', 'deployed_at', 'id'])
    .where(sql.ref('status'), '=', sql.lit('rolled_back'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deployments_rolled_back').ifExists().execute();
  await db.schema.dropTable('corrections').ifExists().execute();
  await db.schema.alterTable('versions').dropColumn('dirty').execute();
  await db.schema.alterTable('environments').dropColumn('production').execute();
  await db.schema.alterTable('services').dropColumn('deploy_command').execute();
  await db.schema.alterTable('rollbacks').dropColumn('created_deployment').execute();
  await db.schema.alterTable('deployments').dropColumn('rollback_note_by').execute();
}
