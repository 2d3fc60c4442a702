/** The one Store implementation: a Kysely instance, whatever the dialect. Private to src/store. */
import { type Kysely, Migrator, sql } from 'kysely';
import { AppError, retryAdvice } from '../errors.js';
import { notARegistry, type StoreActivity, storeError } from './_errors.js';
import { missingRegistry } from './_missing.js';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.js';
import {
  type Database,
  DEFAULT_BUSY_TIMEOUT_MS,
  type Store,
  type StoreDialect,
  type StoreOptions,
  type StoreTransaction,
  type TransactionMode,
} from './store.js';

export interface KyselyStoreSettings {
  dialect: StoreDialect;
  location: string;
  /** PostgreSQL schema the tables live in (the migration bookkeeping goes there too). */
  schema?: string;
  /** PostgreSQL: what the pool's clients reported on their own (see postgres.ts). */
  connection?: ConnectionWatch;
  /**
   * A number that changes when another connection commits (SQLite's `data_version`), or null when
   * the dialect cannot tell; see `changeMark`.
   */
  dataVersion?: () => number | null | Promise<number | null>;
  /** Runs inside every write transaction after its work, before the commit (PostgreSQL: NOTIFY). */
  afterWrite?: (trx: StoreTransaction) => Promise<void>;
  /** Called by `close` after the database is closed. */
  onClose?: () => Promise<void>;
}

/**
 * What a pg Pool's clients report outside any query: kept so that a later "not queryable" error
 * can name the real cause (the server ended the session, the network dropped).
 */
export interface ConnectionWatch {
  /** Whether any connection to the server was ever opened. */
  connected: boolean;
  /** The first connection error a client reported since the current store operation began. */
  lost: unknown;
}

export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly location: string;
  readonly db: Kysely<Database>;
  readonly #schema: string | undefined;
  readonly #busyTimeoutMs: number;
  readonly #beforeCommit: (() => Promise<void>) | undefined;
  readonly #connection: ConnectionWatch | undefined;
  #activity: StoreActivity = 'opening';
  readonly #mustExist: boolean;
  readonly #origin: string | undefined;
  readonly #dataVersion: KyselyStoreSettings['dataVersion'];
  readonly #afterWrite: KyselyStoreSettings['afterWrite'];
  readonly #onClose: KyselyStoreSettings['onClose'];
  /** Write transactions begun and ended by this store: each changes the mark. */
  #writes = 0;

  constructor(db: Kysely<Database>, settings: KyselyStoreSettings, options: StoreOptions = {}) {
    this.db = db;
    this.dialect = settings.dialect;
    this.location = settings.location;
    this.#schema = settings.schema;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.#beforeCommit = options.beforeCommit;
    this.#connection = settings.connection;
    this.#mustExist = options.mustExist === true;
    this.#origin = options.origin;
    this.#dataVersion = settings.dataVersion;
    this.#afterWrite = settings.afterWrite;
    this.#onClose = settings.onClose;
  }

  async changeMark(): Promise<string | null> {
    if (this.#dataVersion === undefined) return null;
    const version = await this.#dataVersion();
    return version === null ? null : `${version}:${this.#writes}`;
  }

  #error(error: unknown) {
    return storeError(error, {
      dialect: this.dialect,
      location: this.location,
      busyTimeoutMs: this.#busyTimeoutMs,
      activity: this.#activity,
      connected: this.#connection?.connected,
      connectionError: this.#connection?.lost,
    });
  }

  #begin(activity: StoreActivity): void {
    this.#activity = activity;
    if (this.#connection !== undefined) this.#connection.lost = undefined;
  }

  /** Applies pending migrations; returns the names of those that ran now (none when up to date). */
  async migrate(): Promise<string[]> {
    this.#begin('opening');
    // The common case, checked with one query: the Migrator would introspect the catalog first.
    const state = await this.#migrationState();
    if (state === 'current') return [];
    if (state === 'missing' && this.#mustExist) {
      const where = this.#schema === undefined ? this.location : `${this.location} (schema ${this.#schema})`;
      throw missingRegistry(where, this.#origin, 'the database has no holdfast tables');
    }
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider,
      migrationTableSchema: this.#schema,
      // A registry that ran 005 before 004 existed (two branches merged) still takes 004 later.
      allowUnorderedMigrations: true,
    });
    let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
    try {
      outcome = await migrator.migrateToLatest();
    } catch (error) {
      throw this.#error(error);
    }
    if (outcome.error !== undefined) {
      const error = outcome.error;
      if (error instanceof Error && /corrupted migrations/.test(error.message)) {
        throw new AppError(
          'STORE_FAILED',
          `Could not open the registry ${this.location}: ${error.message}; expected only migrations this version of holdfast knows. ${retryAdvice(false, 'Upgrade holdfast to the version that last wrote this registry')}`,
          { cause: error },
        );
      }
      throw this.#error(error);
    }
    return (outcome.results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName);
  }

  async pendingMigrations(): Promise<string[]> {
    const table = this.#schema === undefined ? 'kysely_migration' : `${this.#schema}.kysely_migration`;
    try {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(this.db);
      const done = new Set(rows.map((row) => row.name));
      return MIGRATION_NAMES.filter((name) => !done.has(name));
    } catch (error) {
      throw this.#error(error);
    }
  }

  async #migrationState(): Promise<'current' | 'behind' | 'missing'> {
    const table = this.#schema === undefined ? 'kysely_migration' : `${this.#schema}.kysely_migration`;
    let done: Set<string>;
    try {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(this.db);
      done = new Set(rows.map((row) => row.name));
    } catch (error) {
      // No bookkeeping table yet: a fresh database. Anything else (a lost connection) is left for
      // the Migrator to report as it is.
      const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
      const text = error instanceof Error ? error.message : '';
      return code === '42P01' || code === '3F000' || /no such table/i.test(text) ? 'missing' : 'behind';
    }
    const first = MIGRATION_NAMES[0];
    if (done.size > 0 && first !== undefined && !done.has(first)) {
      throw notARegistry(
        this.location,
        `its ${table} table lists another program's migrations (${[...done].slice(0, 3).join(', ')})`,
      );
    }
    const unknown = [...done].filter((name) => !MIGRATION_NAMES.includes(name)).sort();
    if (unknown.length > 0) {
      throw new AppError(
        'STORE_TOO_NEW',
        `Could not open the registry ${this.location}: it was written by a newer holdfast (migrations ${unknown.join(', ')} are unknown to this version, which knows up to ${MIGRATION_NAMES.at(-1)}); expected only migrations this version knows. ${retryAdvice(false, 'Upgrade holdfast to the version that last wrote this registry (or newer)')}`,
      );
    }
    return MIGRATION_NAMES.every((name) => done.has(name)) ? 'current' : 'behind';
  }

  async transaction<T>(mode: TransactionMode, work: (trx: StoreTransaction) => Promise<T>): Promise<T> {
    this.#begin(mode === 'read' ? 'reading' : 'writing');
    if (mode === 'write') {
      // Counted when the write begins and again when it ends (committed or not), so a mark taken
      // while it runs matches neither the mark before it nor the one after.
      this.#writes++;
      try {
        return await this.#transaction(mode, work);
      } finally {
        this.#writes++;
      }
    }
    return this.#transaction(mode, work);
  }

  async #transaction<T>(mode: TransactionMode, work: (trx: StoreTransaction) => Promise<T>): Promise<T> {
    // When `work` fails, Kysely rolls back, and a rollback on a lost connection fails too: its
    // error would hide the one that explains what happened.
    let workError: unknown;
    try {
      const builder = mode === 'read' ? this.db.transaction().setAccessMode('read only') : this.db.transaction();
      return await builder.execute(async (trx) => {
        let result: T;
        try {
          result = await work(trx);
        } catch (error) {
          workError = error;
          throw error;
        }
        if (mode === 'write' && this.#afterWrite !== undefined) await this.#afterWrite(trx);
        if (mode === 'write' && this.#beforeCommit !== undefined) await this.#beforeCommit();
        // Kysely commits right after this callback resolves: a connection lost from here on may
        // or may not have taken the commit with it.
        if (mode === 'write' && this.#connection?.lost === undefined) this.#activity = 'committing';
        return result;
      });
    } catch (error) {
      throw this.#error(workError ?? error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.db.destroy();
    } finally {
      await this.#onClose?.();
    }
  }
}
