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

  await db.schema.alterTable('deployments').addColumn('rollback_note_by', 'text').execute();
  // Notes recorded before this migration were written by the deployment's owner.
  await sql`update deployments set rollback_note_by = owner where rollback_note is not null`.execute(db);
  await db.schema.alterTable('rollbacks').addColumn('created_deployment', 'integer').execute();
  await db.schema.alterTable('services').addColumn('deploy_command', 'text').execute();
  await db.schema
    .alterTable('environments')
    .addColumn('production', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('versions').addColumn('dirty', 'integer').execute();

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
