/**
 * Usage from access logs (issue 12):
 * - `usage_hourly`: per service, environment, hour, operation, client and status class, a request
 *   count and a mergeable latency histogram (`HistogramData` JSON, merged in code inside the
 *   ingest transaction; null when no line of the cell had a duration). Counts add with
 *   `request_count = request_count + excluded.request_count`, the same SQL on both databases.
 * - `usage_files`: every log file ingested, by content fingerprint (SHA-256 of its first 1 KiB),
 *   with how far it was read: a file ingested twice counts once, a grown file resumes from
 *   `bytes_read`. Updated in the same transaction as the counts of each batch.
 *
 * Idempotent: every table and index is created only when missing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_hourly')
    .ifNotExists()
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    // ISO-8601 UTC start of the hour, like every timestamp of the registry.
    .addColumn('hour', 'text', (column) => column.notNull())
    // `GET /items/{item_id}`.
    .addColumn('operation', 'text', (column) => column.notNull())
    .addColumn('client', 'text', (column) => column.notNull())
    .addColumn('status_class', 'text', (column) => column.notNull())
    .addColumn('request_count', 'bigint', (column) => column.notNull())
    .addColumn('latency', 'text')
    .addPrimaryKeyConstraint('usage_hourly_pkey', [
      'service_id',
      'environment_id',
      'hour',
      'operation',
      'client',
      'status_class',
    ])
    .execute();
  await db.schema
    .createTable('usage_files')
    .ifNotExists()
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    .addColumn('fingerprint', 'text', (column) => column.notNull())
    // Bytes the fingerprint hashed: under 1024 for a file that was shorter, recomputed once it grows.
    .addColumn('fingerprint_bytes', 'integer', (column) => column.notNull())
    .addColumn('path', 'text', (column) => column.notNull())
    .addColumn('bytes_read', 'bigint', (column) => column.notNull())
    .addColumn('lines_read', 'bigint', (column) => column.notNull())
    .addColumn('unparseable', 'bigint', (column) => column.notNull())
    .addColumn('unmatched', 'bigint', (column) => column.notNull())
    .addColumn('first_ingested_at', 'text', (column) => column.notNull())
    .addColumn('last_ingested_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('usage_files_pkey', ['service_id', 'environment_id', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_files').ifExists().execute();
  await db.schema.dropTable('usage_hourly').ifExists().execute();
}
