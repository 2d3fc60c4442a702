/**
 * Every failure as one JSON shape, `{ error: { code, message, retryable, exitCode } }`, with an HTTP
 * status derived from the stable code: retryable ones are 503 with `Retry-After`. Private to
 * src/server (the client in client.ts reads the same shape back into an AppError).
 */
import { AppError, type ErrorCode, retryAdvice } from '../errors.js';

/** Seconds a client should wait before retrying a retryable error. */
export const RETRY_AFTER_SECONDS = 1;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    retryable: boolean;
    /** The exit status the CLI gives this error (1 refused, 2 could not run). */
    exitCode: number;
  };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  HTTP_BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  AUTH_FORBIDDEN: 403,
  HTTP_NOT_FOUND: 404,
  REGISTRY_UNKNOWN_SERVICE: 404,
  REGISTRY_UNKNOWN_VERSION: 404,
  REGISTRY_UNKNOWN_ENVIRONMENT: 404,
  REGISTRY_UNKNOWN_EVENT: 404,
  REGISTRY_MISSING: 404,
  TOKEN_UNKNOWN: 404,
  HTTP_METHOD_NOT_ALLOWED: 405,
  REGISTRY_VERSION_CONFLICT: 409,
  REGISTRY_NOT_PUBLISHED: 409,
  REGISTRY_NOTHING_LIVE: 409,
  REGISTRY_NO_ROLLBACK_TARGET: 409,
  REGISTRY_ROLLBACK_MISMATCH: 409,
  REGISTRY_ROLLED_BACK: 409,
  REGISTRY_UNDO_REFUSED: 409,
  TOKEN_NAME_TAKEN: 409,
  HTTP_BODY_TOO_LARGE: 413,
  LOAD_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 413,
  HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  PARSE_FAILED: 422,
  NOT_OPENAPI: 422,
  UNSUPPORTED_VERSION: 422,
  REF_UNRESOLVED: 422,
  REF_OUTSIDE_ROOT: 422,
  REF_REMOTE_BLOCKED: 422,
  REGISTRY_NOT_SELF_CONTAINED: 422,
  LOAD_UNREADABLE: 422,
  // No usage ingested to rank by (diff/check/can-i-deploy --usage): the request is fine, the data is not there.
  USAGE_NO_DATA: 422,
};

/** The HTTP status of an error: retryable ones are always 503. */
export function statusOf(error: AppError): number {
  if (error.retryable) return 503;
  return STATUS[error.code] ?? 500;
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, retryable: error.retryable, exitCode: error.exitCode } };
}

/** Fastify's own errors (validation, body size, media type, JSON syntax) as AppErrors. */
export function fromFastifyError(error: unknown, route: string): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  const message = fastifyError.message ?? String(error);
  if (fastifyError.validation !== undefined) {
    return new AppError(
      'HTTP_BAD_REQUEST',
      `Invalid request to ${route}: ${message}; expected what /api/v1/openapi.json describes for it. ${retryAdvice(false, 'Fix the request')}`,
    );
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        'HTTP_BODY_TOO_LARGE',
        `Request body too large for ${route}: over the limit of this route; expected a smaller body. ${retryAdvice(false, 'Send less (or raise the limit with holdfast serve --max-body-mb)')}`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(
        'HTTP_UNSUPPORTED_MEDIA_TYPE',
        `Unsupported request body for ${route}: ${message}; expected application/json (or a log body for usage ingest). ${retryAdvice(false, 'Fix the Content-Type')}`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(
        'HTTP_BAD_REQUEST',
        `Invalid request body for ${route}: ${message}; expected a JSON object. ${retryAdvice(false, 'Fix the request')}`,
      );
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError(
      'HTTP_BAD_REQUEST',
      `Invalid request to ${route}: ${message}; expected a well-formed HTTP request with a JSON body. ${retryAdvice(false, 'Fix the request')}`,
    );
  }
  return new AppError(
    'INTERNAL',
    `Internal error in ${route}: ${message}; expected the request to complete. This is a bug in holdfast: report it with the server log line of this request id. Retrying will not help.`,
    { cause: error },
  );
}
