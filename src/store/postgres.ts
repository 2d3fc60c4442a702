/**
 * The team registry: PostgreSQL through a pg Pool and Kysely's PostgresDialect. The server keeps
 * the state, so several holdfast processes (or server instances) can share one database.
 * Concurrent writers are serialized by row locks (see src/registry); a lock wait past
 * `lock_timeout` becomes a retryable error instead of a hang.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError, retryAdvice } from '../errors.js';
import { type ConnectionWatch, KyselyStore } from './_kysely-store.js';
import { redactUrl } from './_url.js';
import { type Database, DEFAULT_BUSY_TIMEOUT_MS, type StoreOptions } from './store.js';

export interface PostgresStoreConfig {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Schema for the registry's tables (default `public`). */
  schema?: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL and migrates the registry schema.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://holdfast@db:5432/holdfast' });
 */
export async function openPostgresStore(config: PostgresStoreConfig, options: StoreOptions = {}): Promise<KyselyStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const schema = config.schema ?? 'public';
  const location = redactUrl(config.url);
  if (!SCHEMA_NAME.test(schema)) {
    throw new AppError(
      'STORE_CONFIG',
      `Invalid PostgreSQL schema "${schema}" for the registry ${location}: not a plain identifier; expected letters, digits and underscores. ${retryAdvice(false, 'Fix the schema name')}`,
    );
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    lock_timeout: busyTimeoutMs,
    // A killed client must not leave its locks behind for long.
    idle_in_transaction_session_timeout: 60_000,
    application_name: 'holdfast',
    options: `-c search_path=${schema}`,
  });
  // A client whose connection ends (server restart or crash, failover, pg_terminate_backend, a
  // network cut) emits 'error'; pg-pool listens only while the client is idle, and an unheard
  // 'error' event would crash the process with a stack trace and exit 1. Every client gets a
  // listener for its whole life, which keeps the first such error to explain the failed query.
  const connection: ConnectionWatch = { connected: false, lost: undefined };
  pool.on('connect', (client) => {
    connection.connected = true;
    client.on('error', (error) => {
      connection.lost ??= error;
    });
  });
  pool.on('error', (error) => {
    connection.lost ??= error;
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = new KyselyStore(
    db,
    { dialect: 'postgres', location, schema, connection },
    { ...options, busyTimeoutMs },
  );
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
