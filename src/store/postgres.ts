/**
 * The team registry: PostgreSQL through a pg Pool and Kysely's PostgresDialect. The server keeps
 * the state, so several holdfast processes (or server instances) can share one database.
 * Concurrent writers are serialized by row locks (see src/registry); a lock wait past
 * `lock_timeout` becomes a retryable error instead of a hang.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
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
  // A channel name is at most 63 bytes; two schemas sharing one only cost each other reuse.
  const channel = `holdfast_${schema}`.toLowerCase().slice(0, 63);
  const changes = new ChangeListener(config.url, channel);
  const store = new KyselyStore(
    db,
    {
      dialect: 'postgres',
      location,
      schema,
      connection,
      dataVersion: () => changes.version(),
      // Delivered to every listener when (and only if) the transaction commits.
      afterWrite: async (trx) => {
        await sql`select pg_notify(${channel}, '')`.execute(trx);
      },
      onClose: () => changes.close(),
    },
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

/**
 * Counts the registry's commits, as PostgreSQL reports them: every write transaction sends a
 * notification on the schema's channel at commit, and this client LISTENs on it (one connection,
 * opened on the first `version()` call: only a long-running server asks). While it is not
 * listening (connecting, or after its connection dropped) the version is null, so nothing is
 * reused; each reconnection starts a new count, so nothing kept before the gap is reused either.
 * A connection that stops answering without closing (a network cut) is found by a ping every
 * `PING_MS`: without an answer for `ALIVE_MS` the version is null until it listens again. A commit
 * by another process is seen once its notification arrives (on a LAN, about a millisecond after
 * the commit); a commit by this process is counted by the store itself.
 */
const PING_MS = 1000;
const ALIVE_MS = 3000;

class ChangeListener {
  readonly #url: string;
  readonly #channel: string;
  #client: pg.Client | undefined;
  #listening = false;
  #epoch = 0;
  #count = 0;
  #retryAt = 0;
  #aliveAt = 0;
  #ping: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(url: string, channel: string) {
    this.#url = url;
    this.#channel = channel;
  }

  version(): number | null {
    if (this.#listening && Date.now() - this.#aliveAt <= ALIVE_MS) return this.#epoch * 1_000_000_000 + this.#count;
    if (this.#client === undefined && !this.#closed && Date.now() >= this.#retryAt) void this.#listen();
    return null;
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#url,
      connectionTimeoutMillis: 10_000,
      query_timeout: ALIVE_MS,
      keepAlive: true,
      application_name: 'holdfast-listen',
    });
    this.#client = client;
    const drop = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      this.#listening = false;
      clearInterval(this.#ping);
      this.#retryAt = Date.now() + PING_MS;
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => {
      this.#count++;
    });
    try {
      await client.connect();
      await client.query(`listen ${this.#channel}`);
      if (this.#client !== client || this.#closed) return;
      this.#epoch++;
      this.#count = 0;
      this.#aliveAt = Date.now();
      this.#listening = true;
      this.#ping = setInterval(() => {
        client.query('select 1').then(() => {
          this.#aliveAt = Date.now();
        }, drop);
      }, PING_MS);
      this.#ping.unref();
    } catch {
      drop();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listening = false;
    clearInterval(this.#ping);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}
