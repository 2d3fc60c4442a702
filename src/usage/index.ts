/**
 * Usage from access logs: the pure, storage-free core of `holdfast usage ingest` (issue 12).
 *
 * Entry point: `ingestStream(openLogFile(path) | process.stdin, { router, defaultTime })` returns
 * hourly cells (per operation, client, status class: count + mergeable latency histogram) and a
 * summary (format, what the format cannot give, unparseable and unmatched lines).
 *
 * - formats.ts: line parsers (`uvicorn`, `combined` = nginx/Apache/gunicorn, `json`), detection on
 *   the first 50 non-empty lines, `--log-format` names (`gunicorn`, `nginx`, `apache` are aliases
 *   of `combined`; gunicorn with uvicorn workers writes the `uvicorn` format).
 * - router.ts: one segment trie over all templates of a contract. Precedence: a static segment
 *   beats a `{parameter}` at the same depth, with backtracking (OpenAPI's "concrete before
 *   templated"); a parameter never matches an empty segment; HEAD falls back to GET; the query is
 *   stripped and the path percent-decoded like an ASGI `scope["path"]` (so `%2F` splits segments);
 *   a trailing slash is a different path (Starlette answers it with a redirect, logged separately).
 * - user-agent.ts: the user-agent family used as default client identity.
 * - histogram.ts: fixed log-scale buckets (1 % relative error), merge = add counts.
 * - aggregate.ts: the hourly cells, bounded by hours × operations × clients (clients capped), and
 *   the minute cells (operation × status class, no client) that `deploy compare` reads.
 * - read-lines.ts: streaming line batches with byte offsets, gzip by magic bytes, content fingerprint.
 * - ingest.ts: ties them together; never fails on a bad line, only on an unrecognisable input.
 * - window.ts: `TrafficSource`, traffic per operation over a time window (registry or Prometheus).
 * - compare.ts: before- vs after-window of a deployment -> verdicts (`holdfast deploy compare`).
 * - expectation.ts: the grammar of measurable expected results, checked on the after-window.
 *
 * @example
 * const router = new Router(routesFromOpenApi(openapi));
 * const { summary, cells } = await ingestStream(await openLogFile('access.log'), { router, defaultTime: Date.now() });
 */
export {
  HOUR_MS,
  MINUTE_MS,
  mergeCells,
  OTHER_CLIENT,
  type StatusClass,
  UsageAggregator,
  type UsageCell,
  type UsageMinuteCell,
} from './aggregate.js';
export {
  ALL_OPERATIONS,
  type CompareThresholds,
  type CompareVerdict,
  compareWindows,
  DEFAULT_COMPARE_THRESHOLDS,
  judgeOperation,
  type OperationComparison,
  VERDICT_WORDS,
  type WindowComparison,
  type WindowMetrics,
  type WindowSpan,
  worseVerdict,
} from './compare.js';
export {
  type ClauseResult,
  type ExpectationClause,
  type ExpectationResult,
  type ExpectationStatus,
  evaluateExpectation,
  type ParsedExpectation,
  parseExpectation,
} from './expectation.js';
export {
  type DurationUnit,
  defaultJsonFields,
  detectFormat,
  type FormatCapabilities,
  type JsonFields,
  type LogFormatName,
  type LogFormatOption,
  type LogRecord,
  logFormatOptions,
  parserFor,
  resolveFormatName,
} from './formats.js';
export { type HistogramData, LatencyHistogram, RELATIVE_ACCURACY } from './histogram.js';
export {
  addressWithoutPort,
  type BadLine,
  type ClientIdentity,
  type IngestOptions,
  type IngestSummary,
  ingestStream,
  LogIngest,
  type StreamIngestOptions,
  UNKNOWN_CLIENT,
} from './ingest.js';
export { FINGERPRINT_BYTES, fingerprintLogFile, type LineBatch, openLogFile, readLineBatches } from './read-lines.js';
export { decodePath, type RouteMiss, type RouteOperation, Router, requestPath, routesFromOpenApi } from './router.js';
export { UserAgentFamilies, userAgentFamily } from './user-agent.js';
export type { OperationWindowStats, TrafficSource, TrafficWindow, WindowStatusClass } from './window.js';
