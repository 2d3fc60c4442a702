/** The one Store implementation: a Kysely instance, whatever the dialect. Private to src/store. */
import { type Kysely, Migrator, sql } from 'kysely';
import { AppError, retryAdvice } from '../errors.js';
import { storeError } from './_errors.js';
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
}

export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly location: string;
  readonly db: Kysely<Database>;
  readonly #schema: string | undefined;
  readonly #busyTimeoutMs: number;
  readonly #beforeCommit: (() => Promise<void>) | undefined;
  readonly #mustExist: boolean;
  readonly #origin: string | undefined;

  constructor(db: Kysely<Database>, settings: KyselyStoreSettings, options: StoreOptions = {}) {
    this.db = db;
    this.dialect = settings.dialect;
    this.location = settings.location;
    this.#schema = settings.schema;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.#beforeCommit = options.beforeCommit;
    this.#mustExist = options.mustExist === true;
    this.#origin = options.origin;
  }

  /** Applies pending migrations; returns the names of those that ran now (none when up to date). */
  async migrate(): Promise<string[]> {
    // The common case, checked with one query: the Migrator would introspect the catalog first.
    const state = await this.#migrationState();
    if (state === 'current') return [];
    if (state === 'missing' && this.#mustExist) {
      const where = this.#schema === undefined ? this.location : `${this.location} (schema ${this.#schema})`;
      throw missingRegistry(where, this.#origin, 'the database has no holdfast tables');
    }
    const migrator = new Migrator({ db: this.db, provider: migrationProvider, migrationTableSchema: this.#schema });
    let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
    try {
      outcome = await migrator.migrateToLatest();
    } catch (error) {
      throw storeError(error, this.location, this.#busyTimeoutMs);
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
      throw storeError(error, this.location, this.#busyTimeoutMs);
    }
    return (outcome.results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName);
  }

  async #migrationState(): Promise<'current' | 'behind' | 'missing'> {
    const table = this.#schema === undefined ? 'kysely_migration' : `${this.#schema}.kysely_migration`;
    try {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(this.db);
      const done = new Set(rows.map((row) => row.name));
      return MIGRATION_NAMES.every((name) => done.has(name)) ? 'current' : 'behind';
    } catch (error) {
      // No bookkeeping table yet: a fresh database. Anything else (a lost connection) is left for
      // the Migrator to report as it is.
      const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
      const text = error instanceof Error ? error.message : '';
      return code === '42P01' || code === '3F000' || /no such table/i.test(text) ? 'missing' : 'behind';
    }
  }

  async transaction<T>(mode: TransactionMode, work: (trx: StoreTransaction) => Promise<T>): Promise<T> {
    try {
      const builder = mode === 'read' ? this.db.transaction().setAccessMode('read only') : this.db.transaction();
      return await builder.execute(async (trx) => {
        const result = await work(trx);
        if (mode === 'write' && this.#beforeCommit !== undefined) await this.#beforeCommit();
        return result;
      });
    } catch (error) {
      throw storeError(error, this.location, this.#busyTimeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
