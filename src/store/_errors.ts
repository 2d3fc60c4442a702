/** Turns driver errors (better-sqlite3, pg) into AppErrors that say whether retrying helps. */
import { AppError, retryAdvice } from '../errors.js';

// SQLite result codes: https://www.sqlite.org/rescode.html (extended codes keep the prefix).
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;
const SQLITE_UNAVAILABLE = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|READONLY|PERM|AUTH|FULL|IOERR)/;

// PostgreSQL SQLSTATEs: https://www.postgresql.org/docs/15/errcodes-appendix.html
const PG_BUSY: Record<string, string> = {
  '40001': 'a concurrent transaction changed the same rows (serialization failure)',
  '40P01': 'a deadlock with a concurrent transaction',
  '55P03': 'a lock held by another command past the lock timeout',
  '57014': 'the statement ran past its timeout',
  '53300': 'too many connections',
  '57P03': 'the server is starting up or shutting down',
};
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

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

/**
 * Classifies a failure of the database at `location`. AppErrors pass through unchanged.
 *
 * @example
 * catch (error) { throw storeError(error, store.location, 5000); }
 */
export function storeError(error: unknown, location: string, busyTimeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const code = codeOf(error);
  const seconds = `${Math.round(busyTimeoutMs / 100) / 10} s`;
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
  if (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('08') || code === '57P01')) {
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not reach the registry ${location}: ${messageOf(error)} (${code}); expected a running PostgreSQL server. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  }
  if (code !== undefined && SQLITE_UNAVAILABLE.test(code)) {
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not open the registry ${location}: ${messageOf(error)} (${code}); expected a writable SQLite database file. ${retryAdvice(false, 'Fix the path or permissions, or set HOLDFAST_DB')}`,
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '42501') {
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not open the registry ${location}: ${messageOf(error)} (SQLSTATE ${code}); expected a database and credentials holdfast may use. ${retryAdvice(false, 'Fix HOLDFAST_DATABASE_URL or the grants')}`,
      { cause: error },
    );
  }
  if (error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)) {
    return new AppError(
      'STORE_UNAVAILABLE',
      `Could not reach the registry ${location}: ${messageOf(error)}; expected a running PostgreSQL server. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  }
  return new AppError(
    'STORE_FAILED',
    `Registry query failed on ${location}: ${messageOf(error)}${code ? ` (${code})` : ''}; expected it to succeed. This is likely a bug in holdfast or a damaged database; retrying will not help.`,
    { cause: error },
  );
}
