/**
 * The storage interface the registry runs on, and the tables behind it (DESIGN.md §6).
 *
 * One Kysely code path serves both dialects: `sqlite.ts` (a file, the default) and `postgres.ts`
 * (a server, for teams) only differ in how they connect; queries and migrations are shared.
 * Timestamps are ISO-8601 UTC strings (`2025-01-05T10:00:00.000Z`): fixed width, so they sort as
 * text the same way in both databases.
 */
import type { Generated, Kysely } from 'kysely';

export type DeploymentStatus = 'live' | 'rolled_back' | 'replaced';

export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = ['live', 'rolled_back', 'replaced'];

export interface ServicesTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  /** Touched by every write about the service: the row lock that serializes them (PostgreSQL). */
  updated_at: string;
  /** The team's deploy command (`{service}`, `{version}`, `{env}` placeholders), quoted by rollback plans. */
  deploy_command: string | null;
}

/** One row per distinct contract: `hash` is the sha256 of `content`, the canonical JSON. */
export interface DocumentsTable {
  hash: string;
  content: string;
  size_bytes: number;
  created_at: string;
}

export interface VersionsTable {
  id: Generated<number>;
  service_id: number;
  label: string;
  /** Null when the version was deployed but never published: there is no contract to compare. */
  document_hash: string | null;
  created_at: string;
  published_at: string | null;
  git_branch: string | null;
  git_commit: string | null;
  /** 1 when published from a working tree with uncommitted changes to the contract; null when unknown. */
  dirty: number | null;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  /** 1 for a production environment (`holdfast environment create --production`). */
  production: Generated<number>;
}

export interface DeploymentsTable {
  id: Generated<number>;
  service_id: number;
  version_id: number;
  environment_id: number;
  deployed_at: string;
  owner: string | null;
  expected_result: string | null;
  rollback_note: string | null;
  /** Who wrote the rollback note: the owner, or the author of a note a rollback carried over. */
  rollback_note_by: string | null;
  status: DeploymentStatus;
}

export interface RollbacksTable {
  id: Generated<number>;
  service_id: number;
  environment_id: number;
  from_version_id: number;
  to_version_id: number;
  /** The deployment that was rolled back (now `rolled_back`). */
  from_deployment_id: number;
  /** The deployment of the target that is live after the rollback. */
  to_deployment_id: number;
  rolled_back_at: string;
  rolled_back_by: string | null;
  reason: string | null;
  /** 1 when the rollback recorded the target's deployment itself; 0 when `deploy` had; null before migration 002. */
  created_deployment: number | null;
}

/** `holdfast undo`: reverses one deployment or rollback record; nothing is deleted. */
export interface CorrectionsTable {
  id: Generated<number>;
  service_id: number;
  environment_id: number;
  deployment_id: number | null;
  rollback_id: number | null;
  /** The deployment live after the correction; null when nothing is live there any more. */
  restored_deployment_id: number | null;
  corrected_at: string;
  corrected_by: string | null;
  reason: string;
}

/** Hourly usage from access logs (migration 003). Counts are bigint: strings on PostgreSQL, numbers on SQLite. */
export interface UsageHourlyTable {
  service_id: number;
  environment_id: number;
  /** ISO-8601 UTC start of the hour. */
  hour: string;
  operation: string;
  client: string;
  status_class: string;
  request_count: number | string;
  /** `HistogramData` JSON; null when no line of the cell had a duration. */
  latency: string | null;
}

/** Usage per minute, operation and status class, for deploy compare (migration 004). */
export interface UsageMinutesTable {
  service_id: number;
  environment_id: number;
  /** ISO-8601 UTC start of the minute. */
  minute: string;
  operation: string;
  status_class: string;
  request_count: number | string;
  /** Requests counted at the file's modification time because their line had no timestamp. */
  untimed_count: number | string;
  /** `HistogramData` JSON; null when no line of the cell had a duration. */
  latency: string | null;
}

/** A log file ingested, by content fingerprint, and how far it was read (migration 003). */
export interface UsageFilesTable {
  service_id: number;
  environment_id: number;
  fingerprint: string;
  fingerprint_bytes: number;
  path: string;
  bytes_read: number | string;
  lines_read: number | string;
  unparseable: number | string;
  unmatched: number | string;
  first_ingested_at: string;
  last_ingested_at: string;
}

/** API tokens of `holdfast serve` (migration 005): hashed, with a role; revoked, never deleted. */
export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: string;
  /** Hex SHA-256 of the token. */
  token_hash: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}

/** The Kysely schema of the registry database. */
export interface Database {
  services: ServicesTable;
  documents: DocumentsTable;
  versions: VersionsTable;
  environments: EnvironmentsTable;
  deployments: DeploymentsTable;
  rollbacks: RollbacksTable;
  corrections: CorrectionsTable;
  usage_hourly: UsageHourlyTable;
  usage_files: UsageFilesTable;
  usage_minutes: UsageMinutesTable;
  api_tokens: ApiTokensTable;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** `read` transactions never write; `write` ones take the write lock up front (SQLite `BEGIN IMMEDIATE`). */
export type TransactionMode = 'read' | 'write';

/**
 * A query handle inside one transaction. Registry functions receive it from
 * {@link Store.transaction} and never commit or roll back themselves.
 */
export type StoreTransaction = Kysely<Database>;

/**
 * An open registry database with its migrations applied.
 *
 * @example
 * const store = await openStore({ kind: 'sqlite', path: '.holdfast/registry.db' });
 * try {
 *   const names = await store.transaction('read', (trx) => trx.selectFrom('services').select('name').execute());
 * } finally {
 *   await store.close();
 * }
 */
export interface Store {
  readonly dialect: StoreDialect;
  /** Where the data lives, for messages: a file path, or a URL without its password. */
  readonly location: string;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws or the
   * process dies. Lock waits past the timeout, serialization failures and lost connections become
   * a retryable `AppError` (`STORE_BUSY` / `STORE_UNAVAILABLE`).
   */
  transaction<T>(mode: TransactionMode, work: (trx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Migrations this build knows that the database has not run (empty when current). Reads the
   * database, so it also fails (retryable) when the database is unreachable: `/readyz` uses it.
   */
  pendingMigrations(): Promise<string[]>;
  /**
   * A value that differs whenever the registry's data may have changed since it was taken: a write
   * by this store, or a commit by any other process. Equal marks mean nothing was committed in
   * between; null means the store cannot tell, so nothing read may be reused. The server keys its
   * answer cache on it (src/server/_answers.ts).
   */
  changeMark(): Promise<string | null>;
  /** The Kysely instance outside any transaction (benchmarks and tests). */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * Refuse to create anything: a missing SQLite file, or a PostgreSQL schema without the registry's
   * tables, is a `REGISTRY_MISSING` error. Read-only commands set it.
   */
  mustExist?: boolean;
  /** Where the location came from, for messages (`HOLDFAST_DB`, `HOLDFAST_DATABASE_URL`, the default). */
  origin?: string;
  /** How long to wait for another command's lock before giving up with `STORE_BUSY` (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * Called inside every write transaction after its work and before the commit. Tests use it to
   * pause (and kill) a command at the worst moment; production code leaves it unset.
   */
  beforeCommit?: () => Promise<void>;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
