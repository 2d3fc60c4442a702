/** Turns driver errors (better-sqlite3, pg) into AppErrors that say whether retrying helps. */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';

// SQLite result codes: https://www.sqlite.org/rescode.html (extended codes keep the prefix).
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;
const SQLITE_PATH = /^SQLITE_(CANTOPEN|READONLY|PERM|AUTH|IOERR)/;

// PostgreSQL SQLSTATEs: https://www.postgresql.org/docs/15/errcodes-appendix.html
const PG_BUSY: Record<string, string> = {
  '40001': 'a concurrent transaction changed the same rows (serialization failure)',
  '40P01': 'a deadlock with a concurrent transaction',
  '55P03': 'a lock held by another command past the lock timeout',
  '57014': 'the statement ran past its timeout',
  '53300': 'too many connections',
};
/** The server went away or cannot serve: admin/crash shutdown, starting up, class 08 (connection exception). */
const PG_CONNECTION = /^(57P0[1-3]|08...)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** pg's own words for a connection that ended under it (these errors carry no code). */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed|connection error/i;

/** What the store was doing when an error happened, for "the connection was lost while ...". */
export type StoreActivity = 'opening' | 'reading' | 'writing' | 'committing';

const ACTIVITY_WORDS: Record<StoreActivity, { doing: string; outcome: string }> = {
  opening: { doing: 'opening the registry', outcome: '' },
  reading: { doing: 'reading from the registry', outcome: '' },
  writing: { doing: 'writing to the registry', outcome: ', so nothing was saved' },
  committing: {
    doing: 'committing a write to the registry',
    outcome:
      ', so whether the write was saved is unknown (check with "holdfast history" before retrying a deploy or rollback record)',
  },
};

/** What storeError needs to know besides the error itself. */
export interface StoreErrorContext {
  dialect: 'sqlite' | 'postgres';
  /** A file path, or a URL without its password. */
  location: string;
  busyTimeoutMs: number;
  activity?: StoreActivity;
  /** PostgreSQL: whether a connection to the server had been opened before this error. */
  connected?: boolean;
  /** PostgreSQL: the error a client reported on its own ('error' event), which explains later ones. */
  connectionError?: unknown;
}

function codeOf(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) return NETWORK_CODES.has(code) || PG_CONNECTION.test(code);
  return error instanceof Error && PG_CONNECTION_MESSAGE.test(error.message);
}

/**
 * Classifies a failure of the database at `context.location`. AppErrors pass through unchanged.
 *
 * @example
 * catch (error) { throw storeError(error, { dialect: 'sqlite', location: path, busyTimeoutMs: 5000 }); }
 */
export function storeError(error: unknown, context: StoreErrorContext): AppError {
  if (error instanceof AppError) return error;
  const { location } = context;
  if (context.dialect === 'postgres') {
    const connection = postgresConnectionError(error, context);
    if (connection !== undefined) return connection;
  }
  const code = codeOf(error);
  const seconds = `${Math.round(context.busyTimeoutMs / 100) / 10} s`;
  if (code !== undefined && SQLITE_BUSY.test(code)) {
    return new AppError(
      'STORE_BUSY',
      `Could not complete the command on the registry ${location}: another holdfast command kept the database locked for more than ${seconds} (${code}); expected the lock to be released. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  }
  if (code !== undefined && PG_BUSY[code] !== undefined) {
    return new AppError(
      'STORE_BUSY',
      `Could not complete the command on the registry ${location}: PostgreSQL reported ${PG_BUSY[code]} (SQLSTATE ${code}); expected the transaction to commit. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  }
  if (context.dialect === 'sqlite') {
    const sqlite = sqliteError(error, code, location);
    if (sqlite !== undefined) return sqlite;
  }
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '42501') {
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not open the registry ${location}: ${messageOf(error)} (SQLSTATE ${code}); expected a database and credentials holdfast may use. ${retryAdvice(false, 'Fix HOLDFAST_DATABASE_URL or the grants')}`,
      { cause: error },
    );
  }
  if (code === '53100') {
    return new AppError(
      'STORE_DISK_FULL',
      `Could not write to the registry ${location}: the PostgreSQL server is out of disk space (SQLSTATE 53100: ${messageOf(error)}); expected room for the write. ${retryAdvice(false, "Free space on the server's disk")}`,
      { cause: error },
    );
  }
  return new AppError(
    'STORE_FAILED',
    `Registry query failed on ${location}: ${messageOf(error)}${code ? ` (${code})` : ''}; expected it to succeed. This is likely a bug in holdfast or a damaged database; retrying will not help.`,
    { cause: error },
  );
}

/**
 * A PostgreSQL connection that could not be opened, or that was lost mid-command (server restart
 * or crash, failover, `pg_terminate_backend`, a network cut): always `STORE_CONNECTION`, retryable.
 * pg reports a lost connection once on the client ('error' event: the SQLSTATE) and then again on
 * every later query ("Client has encountered a connection error and is not queryable"), so the
 * first one, when known, names the cause.
 */
function postgresConnectionError(error: unknown, context: StoreErrorContext): AppError | undefined {
  const lost = context.connectionError;
  // A coded error (a constraint, a lock timeout) is the server's answer, whatever happened before.
  const explainedByLost = lost !== undefined && isConnectionFailure(lost) && codeOf(error) === undefined;
  if (!isConnectionFailure(error) && !explainedByLost) return undefined;
  // The server's own words (a SQLSTATE such as 57P01) explain more than pg's "Connection terminated".
  const cause =
    explainedByLost || (codeOf(error) === undefined && lost !== undefined && isConnectionFailure(lost)) ? lost : error;
  const code = codeOf(cause);
  const detail = `${code !== undefined && PG_CONNECTION.test(code) ? `SQLSTATE ${code}: ` : ''}${messageOf(cause)}${
    code !== undefined && !PG_CONNECTION.test(code) ? ` (${code})` : ''
  }`;
  if (!context.connected) {
    return new AppError(
      'STORE_CONNECTION',
      `Could not reach the registry ${context.location}: ${detail}; expected a running PostgreSQL server. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  }
  const { doing, outcome } = ACTIVITY_WORDS[context.activity ?? 'opening'];
  return new AppError(
    'STORE_CONNECTION',
    `Could not complete the command on the registry ${context.location}: the database connection was lost while ${doing} (${detail})${outcome}; expected the server to stay connected until the command finished. ${retryAdvice(true)}`,
    { cause: error, retryable: true },
  );
}

/** SQLite failures named by their cause (disk full, read-only, a path that cannot hold the file, not a registry). */
function sqliteError(error: unknown, code: string | undefined, path: string): AppError | undefined {
  if (code?.startsWith('SQLITE_FULL')) {
    return new AppError(
      'STORE_DISK_FULL',
      `Could not write to the registry ${path}: the disk holding it is full (SQLITE_FULL); expected room for the write (nothing was saved). ${retryAdvice(false, `Free disk space on the volume of ${dirname(path)}, or set HOLDFAST_DB to a file on another disk`)}`,
      { cause: error },
    );
  }
  if (code?.startsWith('SQLITE_NOTADB')) return notARegistry(path, 'not an SQLite database (SQLITE_NOTADB)', error);
  const fsCode = code !== undefined && /^E[A-Z]+$/.test(code);
  if ((code !== undefined && SQLITE_PATH.test(code)) || fsCode) {
    const diagnosed = diagnoseSqlitePath(path, error, code);
    if (diagnosed !== undefined) return diagnosed;
    if (code === 'ENOSPC') {
      return sqliteError(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }), 'SQLITE_FULL', path);
    }
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not open the registry ${path}: ${messageOf(error)} (${code}); expected a writable SQLite database file. ${retryAdvice(false, 'Fix the path or permissions, or set HOLDFAST_DB')}`,
      { cause: error },
    );
  }
  return undefined;
}

/** "X is not a holdfast registry: <found>; expected ...", shared by the SQLite checks. */
export function notARegistry(location: string, found: string, cause?: unknown): AppError {
  return new AppError(
    'STORE_NOT_A_REGISTRY',
    `Could not open the registry ${location}: it is not a holdfast registry, ${found}; expected a registry file created by holdfast (or a new, empty file). ${retryAdvice(false, 'Set HOLDFAST_DB to the registry file, or move this file away to start a new registry')}`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Why SQLite (or mkdir) could not open or write `path`, found by looking at the file system: a
 * parent that is a file, a path that is a folder, or a read-only folder or file. Undefined when
 * none of these holds.
 */
function diagnoseSqlitePath(path: string, error: unknown, code: string | undefined): AppError | undefined {
  const shown = code === undefined ? '' : ` (${code})`;
  // The nearest existing ancestor: a file there means the folder can never be created.
  let folder = dirname(path);
  for (;;) {
    const stat = statOrUndefined(folder);
    if (stat !== undefined) {
      if (!stat.isDirectory()) {
        return new AppError(
          'STORE_PATH_INVALID',
          `Could not open the registry ${path}: ${folder} is a file, not a folder${shown}; expected a folder to hold the registry. ${retryAdvice(false, `Set HOLDFAST_DB to a path in a folder, or move the file ${folder} away`)}`,
          { cause: error },
        );
      }
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  const target = statOrUndefined(path);
  if (target?.isDirectory()) {
    return new AppError(
      'STORE_PATH_INVALID',
      `Could not open the registry ${path}: it is a folder${shown}; expected a file. ${retryAdvice(false, 'Set HOLDFAST_DB to a file path, for example .holdfast/registry.db')}`,
      { cause: error },
    );
  }
  const denied = accessError(folder, constants.W_OK | constants.X_OK);
  if (denied !== undefined) {
    const fresh = folder === dirname(path) ? '' : `, and holdfast must create ${dirname(path)} in it`;
    return readOnly(path, `the folder ${folder} is read-only for this user (${denied})${fresh}`, error);
  }
  if (target !== undefined) {
    const fileDenied = accessError(path, constants.R_OK | constants.W_OK);
    if (fileDenied !== undefined) return readOnly(path, `the file is read-only for this user (${fileDenied})`, error);
  }
  return undefined;
}

function readOnly(path: string, found: string, cause: unknown): AppError {
  return new AppError(
    'STORE_READ_ONLY',
    `Could not open the registry ${path}: ${found}; expected a file and folder this user may write (SQLite also writes ${basename(path)}-wal and ${basename(path)}-shm next to the file). ${retryAdvice(false, 'Make them writable for this user, or set HOLDFAST_DB to a writable location')}`,
    { cause },
  );
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function accessError(path: string, mode: number): string | undefined {
  try {
    accessSync(path, mode);
    return undefined;
  } catch (error) {
    return codeOf(error) ?? 'EACCES';
  }
}
