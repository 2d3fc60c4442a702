/**
 * Minute-resolution usage for `holdfast deploy compare` (issue 12): hourly cells are too coarse to
 * tell "the hour before a deployment at 14:20" from "the hour after".
 *
 * `usage_minutes`: per service, environment, minute, operation and status class (no client: the
 * question is whether the service changed, not who called it), a request count, how many of those
 * requests came from lines without a timestamp (counted at the file's modification time, so not
 * evidence of when they happened), and the mergeable latency histogram (`HistogramData` JSON).
 * Written in the same ingest transaction as `usage_hourly` and the file's offset, so re-runs stay
 * idempotent at both resolutions.
 *
 * A registry upgraded from 003 keeps its hourly counts; logs ingested before this migration have
 * no minute cells (deploy compare says so and falls back to whole hours).
 *
 * Idempotent: the table is created only when missing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_minutes')
    .ifNotExists()
    .addColumn('service_id', 'integer', (column) => column.notNull().references('services.id'))
    .addColumn('environment_id', 'integer', (column) => column.notNull().references('environments.id'))
    // ISO-8601 UTC start of the minute, like every timestamp of the registry.
    .addColumn('minute', 'text', (column) => column.notNull())
    .addColumn('operation', 'text', (column) => column.notNull())
    .addColumn('status_class', 'text', (column) => column.notNull())
    .addColumn('request_count', 'bigint', (column) => column.notNull())
    .addColumn('untimed_count', 'bigint', (column) => column.notNull())
    .addColumn('latency', 'text')
    // The primary key serves the window query (service, environment, minute range).
    .addPrimaryKeyConstraint('usage_minutes_pkey', [
      'service_id',
      'environment_id',
      'minute',
      'operation',
      'status_class',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_minutes').ifExists().execute();
}
