/**
 * The one error type holdfast throws. Every failure carries a stable `code`, a message shaped
 * "<what failed>: <what was found>; expected <what>. <retry advice>", whether retrying can help,
 * and the process exit code the CLI uses (0 ok, 1 breaking/refused, 2 could not run).
 *
 * @example
 * throw new AppError('LOAD_NOT_FOUND', 'Could not read base spec "api.yaml": file not found; expected a readable file. Fix the path; retrying will not help.');
 */
export type ErrorCode =
  | 'USAGE'
  | 'LOAD_NOT_FOUND'
  | 'LOAD_UNREADABLE'
  | 'LOAD_FETCH_FAILED'
  | 'LOAD_GIT_FAILED'
  | 'LOAD_TOO_LARGE'
  | 'PARSE_FAILED'
  | 'NOT_OPENAPI'
  | 'UNSUPPORTED_VERSION'
  | 'REF_UNRESOLVED'
  | 'REF_OUTSIDE_ROOT'
  | 'REF_REMOTE_BLOCKED'
  | 'LIMIT_EXCEEDED'
  // Registry (src/registry): what the user asked for does not match what is stored.
  | 'REGISTRY_UNKNOWN_SERVICE'
  | 'REGISTRY_UNKNOWN_VERSION'
  | 'REGISTRY_UNKNOWN_ENVIRONMENT'
  | 'REGISTRY_VERSION_CONFLICT'
  | 'REGISTRY_NOT_PUBLISHED'
  | 'REGISTRY_NOT_SELF_CONTAINED'
  | 'REGISTRY_NOTHING_LIVE'
  | 'REGISTRY_NO_ROLLBACK_TARGET'
  | 'REGISTRY_ROLLBACK_MISMATCH'
  | 'REGISTRY_ROLLED_BACK'
  | 'REGISTRY_UNKNOWN_EVENT'
  | 'REGISTRY_UNDO_REFUSED'
  | 'REGISTRY_MISSING'
  /** `--usage`: no access logs were ingested for the service there (or none in the window, with --ignore-unused). */
  | 'USAGE_NO_DATA'
  // Storage (src/store): the database could not do what was asked.
  | 'STORE_CONFIG'
  | 'STORE_BUSY'
  | 'STORE_UNAVAILABLE'
  /** PostgreSQL could not be reached, or the connection was lost mid-command (always retryable). */
  | 'STORE_CONNECTION'
  | 'STORE_DISK_FULL'
  | 'STORE_READ_ONLY'
  /** The registry path cannot hold a file: a parent is a file, or the path is a folder. */
  | 'STORE_PATH_INVALID'
  /** Not an SQLite database, or one holding another program's tables. */
  | 'STORE_NOT_A_REGISTRY'
  /** Written by a newer holdfast: its migrations table names migrations this build does not know. */
  | 'STORE_TOO_NEW'
  | 'STORE_FAILED'
  | 'STORE_DRIVER_MISSING'
  // Configuration (src/config) and `holdfast check`.
  | 'CONFIG_UNREADABLE'
  | 'CONFIG_INVALID'
  | 'CHECK_NO_CONTRACT'
  | 'CHECK_NO_BASE'
  | 'CHECK_NO_FINDING'
  // Extraction (src/extract) and `holdfast init` (src/init): a Python app could not describe itself.
  | 'EXTRACT_TARGET_INVALID'
  | 'EXTRACT_PYTHON_NOT_FOUND'
  | 'EXTRACT_PYTHON_FAILED'
  | 'EXTRACT_IMPORT_FAILED'
  | 'EXTRACT_ATTRIBUTE_MISSING'
  | 'EXTRACT_SCHEMA_FAILED'
  | 'EXTRACT_UNSUPPORTED_OBJECT'
  | 'EXTRACT_NOT_OPENAPI'
  | 'EXTRACT_TIMEOUT'
  | 'EXTRACT_FAILED'
  | 'INIT_APP_NOT_FOUND'
  // Prometheus (src/usage/prometheus.ts): reading traffic from a Prometheus server.
  | 'PROMETHEUS_URL_INVALID'
  /** Connection refused or reset, or the host name does not resolve. */
  | 'PROMETHEUS_UNREACHABLE'
  | 'PROMETHEUS_TIMEOUT'
  /** A non-200 answer, or a body that is not the HTTP API's JSON. */
  | 'PROMETHEUS_HTTP'
  /** Prometheus answered `"status": "error"` (bad query, timeout, unavailable). */
  | 'PROMETHEUS_QUERY'
  /** The metric does not exist, the selector matches none of its series, or a label is missing. */
  | 'PROMETHEUS_METRIC_MISSING'
  | 'WRITE_FAILED'
  // `holdfast serve` (src/server) and its tokens (src/registry/tokens.ts).
  /** No token in the request (Authorization: Bearer, or the holdfast_token cookie). */
  | 'AUTH_REQUIRED'
  /** A token the registry does not know, or one that was revoked. */
  | 'AUTH_INVALID'
  /** A valid token whose role is below what the route needs. */
  | 'AUTH_FORBIDDEN'
  | 'TOKEN_NAME_TAKEN'
  | 'TOKEN_UNKNOWN'
  /** A request the server refuses before any registry function runs: shape, size, route, time. */
  | 'HTTP_BAD_REQUEST'
  | 'HTTP_NOT_FOUND'
  | 'HTTP_METHOD_NOT_ALLOWED'
  | 'HTTP_BODY_TOO_LARGE'
  | 'HTTP_UNSUPPORTED_MEDIA_TYPE'
  | 'HTTP_TIMEOUT'
  /** The server is stopping (SIGTERM/SIGINT): it finishes what it started and takes nothing new. */
  | 'SERVER_SHUTTING_DOWN'
  /** `holdfast serve` could not listen: the port is taken (often by another holdfast serve), or the address is not this machine's. */
  | 'SERVER_LISTEN_FAILED'
  /** `--server` given: the server could not be reached or answered something that is not holdfast's. */
  | 'SERVER_UNREACHABLE'
  | 'SERVER_BAD_RESPONSE'
  | 'INTERNAL';

export interface AppErrorOptions {
  retryable?: boolean;
  exitCode?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** The closing sentence of every error message, so the advice is worded the same everywhere. */
export function retryAdvice(retryable: boolean, fix?: string): string {
  if (retryable) return 'Temporary; retrying may help.';
  return fix ? `${fix}; retrying will not help.` : 'Retrying will not help.';
}
