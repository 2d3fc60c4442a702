/**
 * The default registry: one SQLite file (better-sqlite3 through Kysely), created on first use.
 * WAL lets readers work while one command writes; write transactions start with `BEGIN IMMEDIATE`
 * so they wait (up to `busy_timeout`) for the write lock up front, instead of failing half-way
 * when two commands both read and then both try to write.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type TransactionSettings,
} from 'kysely';
import { notARegistry, storeError } from './_errors.js';
import { KyselyStore } from './_kysely-store.js';
import { type Database, DEFAULT_BUSY_TIMEOUT_MS, type StoreOptions } from './store.js';

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: BetterSqlite3.Database;

  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    super(config);
    this.#database = config.database;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite itself rolls back on some errors (SQLITE_FULL, SQLITE_IOERR, ...): a second rollback
    // would fail with "no transaction is active" and replace the error that says what happened.
    if (!this.#database.inTransaction) return;
    await super.rollbackTransaction(connection);
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    // A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
    // writer committed in between (the busy handler cannot help); IMMEDIATE takes the lock first.
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

/**
 * SQLite does run DDL inside transactions; saying so makes Kysely's Migrator run every migration
 * in one `BEGIN IMMEDIATE` transaction, which is also the lock that keeps two processes from
 * migrating a fresh file at once (Kysely's SQLite adapter takes no lock of its own).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };

  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Prepared statements kept per SQL text: preparing costs as much as running most registry queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely sees it, with `prepare` answered from a cache. Kysely prepares every query
 * it runs; the registry runs a few dozen distinct SQL texts (parameters are bound, not inlined), so
 * keeping their statements makes a server's repeated reads cheaper. A statement still being
 * iterated (a streamed query) is never handed out twice.
 */
function reusingStatements(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    const kept = statements.get(source);
    if (kept !== undefined && !kept.busy) {
      // Most recently used last, so the oldest is the first key when the cache is full.
      statements.delete(source);
      statements.set(source, kept);
      return kept;
    }
    const statement = database.prepare(source);
    if (kept === undefined) {
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Opens (creating the file and its folder if needed) and migrates the SQLite registry at `path`.
 *
 * @example
 * const store = await openSqliteStore('/repo/.holdfast/registry.db');
 */
export async function openSqliteStore(path: string, options: StoreOptions = {}): Promise<KyselyStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const fail = (error: unknown) => storeError(error, { dialect: 'sqlite', location: path, busyTimeoutMs });
  let database: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    database = new BetterSqlite3(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw fail(error);
  }
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    checkIsRegistry(database, path);
  } catch (error) {
    database.close();
    throw fail(error);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: reusingStatements(database) }) });
  const dataVersion = database.prepare('pragma data_version').pluck();
  const store = new KyselyStore(
    db,
    {
      dialect: 'sqlite',
      location: path,
      // Changes when another connection (another process, another store) commits; this
      // connection's own writes are counted by the store.
      dataVersion: () => Number(dataVersion.get()),
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
 * Refuses an SQLite database that holds tables but not holdfast's migration bookkeeping: another
 * program's data, which holdfast must neither add its tables to nor report as "damaged".
 */
function checkIsRegistry(database: BetterSqlite3.Database, path: string): void {
  const tables = database
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
    )
    .pluck()
    .all() as string[];
  if (tables.length === 0 || tables.includes('kysely_migration')) return;
  const shown = tables.slice(0, 3).join(', ') + (tables.length > 3 ? `, and ${tables.length - 3} more` : '');
  throw notARegistry(path, `an SQLite database holding other tables (${shown})`);
}
