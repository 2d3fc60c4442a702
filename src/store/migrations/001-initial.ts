/**
 * The registry's first schema: services, documents (one per content hash), versions,
 * environments, deployments and rollbacks, with the indexes the hot queries need
 * (docs/performance.md, "Registry").
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // The only dialect difference: how a column generates its own ids.
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();

  await db.schema
    .createTable('services')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('hash', 'text', (column) => column.primaryKey())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('size_bytes', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('versions')
    .addColumn('id', 'integer', id)
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('label', 'text', (column) => column.notNull())
    .addColumn('document_hash', 'text', (column) => column.references('documents.hash'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('published_at', 'text')
    .addColumn('git_branch', 'text')
    .addColumn('git_commit', 'text')
    .addUniqueConstraint('versions_service_label_unique', ['service_id', 'label'])
    .execute();
  // History page: a service's versions, newest first.
  await db.schema
    .createIndex('versions_service_created')
    .on('versions')
    .columns(['service_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('environments')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'integer', id)
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('version_id', 'integer', (column) => column.notNull().references('versions.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    .addColumn('deployed_at', 'text', (column) => column.notNull())
    .addColumn('owner', 'text')
    .addColumn('expected_result', 'text')
    .addColumn('rollback_note', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addCheckConstraint('deployments_status_check', sql`status in ('live', 'rolled_back', 'replaced')`)
    .execute();
  // What is live for a service in an environment: at most one row, found without a scan.
  await db.schema
    .createIndex('deployments_live_unique')
    .on('deployments')
    .columns(['service_id', 'environment_id'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('live'))
    .execute();
  // Previous deployment in an environment, and an environment's history page.
  await db.schema
    .createIndex('deployments_service_env_time')
    .on('deployments')
    .columns(['service_id', 'environment_id', 'deployed_at', 'id'])
    .execute();
  // A service's history page across environments.
  await db.schema
    .createIndex('deployments_service_time')
    .on('deployments')
    .columns(['service_id', 'deployed_at', 'id'])
    .execute();
  await db.schema.createIndex('deployments_version').on('deployments').column('version_id').execute();

  await db.schema
    .createTable('rollbacks')
    .addColumn('id', 'integer', id)
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    .addColumn('from_version_id', 'integer', (column) => column.notNull().references('versions.id'))
    .addColumn('to_version_id', 'integer', (column) => column.notNull().references('versions.id'))
    .addColumn('from_deployment_id', 'integer', (column) => column.notNull().references('deployments.id'))
    .addColumn('to_deployment_id', 'integer', (column) => column.notNull().references('deployments.id'))
    .addColumn('rolled_back_at', 'text', (column) => column.notNull())
    .addColumn('rolled_back_by', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('rollbacks_service_env_time')
    .on('rollbacks')
    .columns(['service_id', 'environment_id', 'rolled_back_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rollbacks', 'deployments', 'environments', 'versions', 'documents', 'services']) {
    await db.schema.dropTable(table).execute();
  }
}
