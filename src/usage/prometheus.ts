/**
 * Traffic from a Prometheus server (issue 12): a {@link TrafficSource} over Prometheus' HTTP API
 * (https://prometheus.io/docs/prometheus/latest/querying/api/), bound to one service and
 * environment by a label selector such as `job="shop"`.
 *
 * Metric and label names default to prometheus-fastapi-instrumentator's:
 * `http_requests_total{handler, method, status}` (status grouped `2xx`, or exact codes `200`) and
 * the histogram `http_request_duration_seconds{handler, method, le}`. `handler` is the route
 * template (`/items/{item_id}`), so `METHOD handler` is the contract's operation key; the
 * instrumentator counts requests no route matched under `none`.
 *
 * Counting. For windows up to {@link EXACT_WINDOW_MS} the raw samples are read (a range selector
 * reaching {@link LOOKBACK_SECONDS} before the window for each series' last value before it) and
 * each counter's rise is computed here: resets (a restarted process) add the new value, and a
 * series first seen inside the window counts from 0 (a new process or a first request of its
 * kind), so the counts are whole and exact up to the last scrape. Longer windows use
 * Prometheus' `increase()` (extrapolated at the edges; said in the window's caveats). Latency
 * quantiles are computed from the same bucket increases with Prometheus' histogram_quantile
 * interpolation.
 *
 * @example
 * const source = prometheusTrafficSource({ url: 'http://127.0.0.1:9090', selector: 'job="shop"' });
 * const window = await source.window(new Date(Date.now() - 3_600_000), new Date());
 */
import { AppError, type ErrorCode, retryAdvice } from '../errors.js';
import type { OperationWindowStats, TrafficSource, TrafficWindow, WindowStatusClass } from './window.js';

export interface PrometheusMetricNames {
  /** Counter of requests, labelled with handler, method and status. */
  requests: string;
  /** Histogram of durations in seconds (its `_bucket` series are read), labelled with handler and method. */
  duration: string;
}

export interface PrometheusLabelNames {
  /** The route template (`/items/{item_id}`). */
  handler: string;
  method: string;
  /** `2xx` or `200`. */
  status: string;
}

export interface PrometheusOptions {
  /** Base URL of the server, with its path prefix if it has one: `http://prometheus:9090`. */
  url: string;
  /** Label matchers for the service's series, with or without braces: `job="shop", env="prod"`. */
  selector?: string;
  /** Per request; default {@link DEFAULT_PROMETHEUS_TIMEOUT_MS}. */
  timeoutMs?: number;
  metrics?: Partial<PrometheusMetricNames>;
  labels?: Partial<PrometheusLabelNames>;
  /** The handler value counting requests no route matched (the instrumentator's `none`). */
  unmatchedHandler?: string;
  /** Sent as `Authorization: Bearer …` (a URL's `user:password@` is sent as basic auth). */
  bearerToken?: string;
}

export const DEFAULT_PROMETHEUS_METRICS: Readonly<PrometheusMetricNames> = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
};
export const DEFAULT_PROMETHEUS_LABELS: Readonly<PrometheusLabelNames> = {
  handler: 'handler',
  method: 'method',
  status: 'status',
};
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;
export const DEFAULT_UNMATCHED_HANDLER = 'none';
/** Windows up to this long are counted exactly from raw samples; longer ones with `increase()`. */
export const EXACT_WINDOW_MS = 6 * 3_600_000;
/** How far before the window a series' last value is looked for (Prometheus' default staleness). */
export const LOOKBACK_SECONDS = 300;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*/y;

/** One series of a Prometheus answer: its labels and its samples (time in seconds, value). */
export interface PrometheusSeries {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/**
 * A small client of Prometheus' HTTP API: instant queries, series and label values, each with a
 * timeout, turning every failure into an AppError that says whether retrying can help.
 */
export class PrometheusClient {
  /** Without credentials: messages show it. */
  readonly url: string;
  readonly timeoutMs: number;
  readonly #authorization: string | undefined;

  constructor(url: string, timeoutMs: number = DEFAULT_PROMETHEUS_TIMEOUT_MS, bearerToken?: string) {
    const parsed = parsePrometheusUrl(url);
    this.url = parsed.url;
    this.#authorization = bearerToken ? `Bearer ${bearerToken}` : parsed.authorization;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new AppError(
        'USAGE',
        `Invalid Prometheus timeout ${timeoutMs} ms: expected a positive number. ${retryAdvice(false, 'Fix the timeout')}`,
      );
    }
    this.timeoutMs = timeoutMs;
  }

  /**
   * `/api/v1/query` at `time`: vectors and matrices both come back as series. The answer's
   * warnings (a partial result from Thanos or Mimir, say) are added to `warnings`.
   */
  async query(expression: string, time: Date, warnings: string[] = []): Promise<PrometheusSeries[]> {
    const data = await this.get('query', { query: expression, time: seconds(time) }, expression, warnings);
    return seriesOf(data, this.url, expression);
  }

  /** `/api/v1/series`: the label sets of the series `match` selects (in the range, when given). */
  async series(match: string, from?: Date, to?: Date): Promise<Array<Record<string, string>>> {
    const parameters: Record<string, string> = { 'match[]': match };
    if (from) parameters.start = seconds(from);
    if (to) parameters.end = seconds(to);
    const data = await this.get('series', parameters, match);
    if (!Array.isArray(data)) throw this.invalidAnswer('series', 'not a list');
    return data.filter(isStringRecord);
  }

  /** `/api/v1/label/NAME/values`, optionally only over the series `match` selects. */
  async labelValues(label: string, match?: string): Promise<string[]> {
    const data = await this.get(
      `label/${encodeURIComponent(label)}/values`,
      match === undefined ? {} : { 'match[]': match },
      match ?? label,
    );
    if (!Array.isArray(data)) throw this.invalidAnswer(`label/${label}/values`, 'not a list');
    return data.filter((value): value is string => typeof value === 'string');
  }

  private async get(
    endpoint: string,
    parameters: Record<string, string>,
    what: string,
    warnings: string[] = [],
  ): Promise<unknown> {
    const address = new URL(`${this.url}/api/v1/${endpoint}`);
    for (const [name, value] of Object.entries(parameters)) address.searchParams.set(name, value);
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#authorization !== undefined) headers.authorization = this.#authorization;
      response = await fetch(address, {
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.fetchFailed(error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.fetchFailed(error);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isRecord(body) && body.status === 'error') {
      const errorType = typeof body.errorType === 'string' ? body.errorType : 'error';
      const message = typeof body.error === 'string' ? body.error : 'no message';
      // timeout, canceled and unavailable are the server's load or state; bad_data, execution: the query.
      const retryable = ['timeout', 'canceled', 'unavailable'].includes(errorType) || response.status === 503;
      const fix =
        errorType === 'bad_data'
          ? 'Fix the selector (--prometheus-selector) or the metric and label names'
          : 'Check the query and the server';
      throw prometheusError(
        'PROMETHEUS_QUERY',
        `Prometheus at ${this.url} refused the query ${what}: ${errorType}: ${message}; expected a result. ${retryAdvice(retryable, fix)}`,
        retryable,
      );
    }
    if (response.status === 401 || response.status === 403) {
      const sent = this.#authorization === undefined ? 'no credentials were sent' : 'the credentials were refused';
      throw prometheusError(
        'PROMETHEUS_HTTP',
        `Prometheus at ${this.url} answered /api/v1/${endpoint.split('/')[0]} with HTTP ${response.status} (${sent}); expected 200. ${retryAdvice(false, 'Give credentials as user:password@ in the URL, or a bearer token in HOLDFAST_PROMETHEUS_TOKEN')}`,
        false,
      );
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw prometheusError(
        'PROMETHEUS_HTTP',
        `Prometheus at ${this.url} answered /api/v1/${endpoint.split('/')[0]} with HTTP ${response.status}; expected 200 from Prometheus' HTTP API. ${retryAdvice(retryable, 'Check that the URL is the Prometheus server, with its path prefix if it has one')}`,
        retryable,
      );
    }
    if (!isRecord(body) || body.status !== 'success') {
      throw this.invalidAnswer(endpoint, text.trim() === '' ? 'an empty body' : 'not the API\u2019s JSON');
    }
    if (Array.isArray(body.warnings)) {
      for (const warning of body.warnings) if (typeof warning === 'string') warnings.push(warning);
    }
    return body.data;
  }

  private fetchFailed(error: unknown): AppError {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return prometheusError(
        'PROMETHEUS_TIMEOUT',
        `Prometheus at ${this.url} did not answer within ${formatDuration(this.timeoutMs)}; expected an answer. ${retryAdvice(true)} A slow server may need a longer --prometheus-timeout.`,
        true,
        error,
      );
    }
    const code = errorCode(error);
    if (code === 'ENOTFOUND' || code === 'EAI_NONAME') {
      return prometheusError(
        'PROMETHEUS_UNREACHABLE',
        `Could not reach Prometheus at ${this.url}: the host name does not resolve (${code}); expected a Prometheus server. ${retryAdvice(false, 'Fix the URL (--prometheus)')}`,
        false,
        error,
      );
    }
    const reason =
      code ??
      (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
    return prometheusError(
      'PROMETHEUS_UNREACHABLE',
      `Could not reach Prometheus at ${this.url}: ${reason}; expected a Prometheus server listening there. ${retryAdvice(true)} Check the URL (--prometheus) and that the server is up.`,
      true,
      error,
    );
  }

  private invalidAnswer(endpoint: string, found: string): AppError {
    return prometheusError(
      'PROMETHEUS_HTTP',
      `Prometheus at ${this.url} answered /api/v1/${endpoint} with ${found}; expected Prometheus' HTTP API JSON. ${retryAdvice(false, 'Check that the URL is the Prometheus server, with its path prefix if it has one')}`,
      false,
    );
  }
}

/**
 * The base URL, checked: http(s), no query or fragment, without a trailing slash.
 *
 * @example
 * normalizePrometheusUrl('http://prom:9090/'); // 'http://prom:9090'
 */
export function normalizePrometheusUrl(url: string): string {
  return parsePrometheusUrl(url).url;
}

/**
 * The base URL without credentials, and the basic-auth header its `user:password@` makes.
 *
 * @example
 * parsePrometheusUrl('https://ana:s3cret@prom.example/'); // { url: 'https://prom.example', authorization: 'Basic YW5hOnMzY3JldA==' }
 */
export function parsePrometheusUrl(url: string): { url: string; authorization?: string } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    throw new AppError(
      'PROMETHEUS_URL_INVALID',
      `Invalid Prometheus URL ${JSON.stringify(url)}: expected http(s)://host:port, with the server's path prefix if it has one (e.g. http://127.0.0.1:9090). ${retryAdvice(false, 'Fix the URL')}`,
    );
  }
  let authorization: string | undefined;
  if (parsed.username !== '' || parsed.password !== '') {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  return { url: parsed.href.replace(/\/+$/, ''), authorization };
}

/**
 * The selector's matchers without braces (`job="shop"`), checked; '' for none.
 *
 * @example
 * normalizeSelector('{job="shop"}'); // 'job="shop"'
 */
export function normalizeSelector(selector: string | undefined): string {
  const trimmed = (selector ?? '').trim();
  const inner = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1).trim() : trimmed;
  if (inner === '') return '';
  const matchers: string[] = [];
  let at = 0;
  while (at < inner.length) {
    MATCHER.lastIndex = at;
    const match = MATCHER.exec(inner);
    if (match === null) break;
    matchers.push(`${match[1]}${match[2]}${match[3]}`);
    at = MATCHER.lastIndex;
    if (inner[at] === ',') at++;
    else break;
  }
  if (at < inner.length || matchers.length === 0) {
    throw new AppError(
      'USAGE',
      `Invalid Prometheus selector ${JSON.stringify(selector)}: expected label matchers such as job="shop", env="production" (=, !=, =~ or !~, values in double quotes). ${retryAdvice(false, 'Fix --prometheus-selector')}`,
    );
  }
  return matchers.join(', ');
}

function checkName(kind: 'metric' | 'label', role: string, name: string): string {
  const pattern = kind === 'metric' ? METRIC_NAME : LABEL_NAME;
  if (!pattern.test(name)) {
    const flag = kind === 'metric' ? '--prometheus-metric' : '--prometheus-label';
    throw new AppError(
      'USAGE',
      `Invalid Prometheus ${kind} name for ${role} ${JSON.stringify(name)}: expected letters, digits${kind === 'metric' ? ', colons' : ''} and underscores, not starting with a digit. ${retryAdvice(false, `Fix ${flag} ${role}=NAME`)}`,
    );
  }
  return name;
}

interface Bound {
  client: PrometheusClient;
  selector: string;
  metrics: PrometheusMetricNames;
  labels: PrometheusLabelNames;
  unmatchedHandler: string;
}

/**
 * A {@link TrafficSource} reading a Prometheus server. Options are checked here, so a bad URL,
 * selector or name fails before any request.
 *
 * @example
 * const source = prometheusTrafficSource({ url: 'http://prom:9090', selector: 'job="shop"', metrics: { requests: 'shop_http_requests_total' } });
 */
export function prometheusTrafficSource(options: PrometheusOptions): TrafficSource {
  const metrics = { ...DEFAULT_PROMETHEUS_METRICS, ...options.metrics };
  const labels = { ...DEFAULT_PROMETHEUS_LABELS, ...options.labels };
  for (const [role, name] of Object.entries(metrics)) checkName('metric', role, name);
  for (const [role, name] of Object.entries(labels)) checkName('label', role, name);
  const bound: Bound = {
    client: new PrometheusClient(options.url, options.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS, options.bearerToken),
    selector: normalizeSelector(options.selector),
    metrics,
    labels,
    unmatchedHandler: options.unmatchedHandler ?? DEFAULT_UNMATCHED_HANDLER,
  };
  const selectorText = bound.selector === '' ? '' : ` (${bound.selector})`;
  return {
    description: `Prometheus at ${bound.client.url}${selectorText}`,
    window: (from, to) => prometheusWindow(bound, from, to),
  };
}

/** `name{selector}` (with extra matchers). */
function selectorOf(bound: Bound, metric: string, extra: string[] = []): string {
  const matchers = [bound.selector, ...extra].filter((matcher) => matcher !== '');
  return `${metric}{${matchers.join(', ')}}`;
}

interface Increase {
  labels: Record<string, string>;
  value: number;
}

/**
 * The rise of each series of `metric{selector}` over (from, to], summed by `groupBy`.
 * `exact`: from raw samples, computed here; otherwise Prometheus' `increase()`.
 */
async function increases(
  bound: Bound,
  metric: string,
  groupBy: string[],
  from: Date,
  to: Date,
  warnings: string[],
): Promise<{ groups: Increase[]; seriesCount: number; labelNames: Set<string>; latestMs: number | null }> {
  const windowSeconds = Math.max(1, Math.round((to.getTime() - from.getTime()) / 1000));
  const groups = new Map<string, Increase>();
  const labelNames = new Set<string>();
  const add = (labels: Record<string, string>, value: number) => {
    for (const name of Object.keys(labels)) labelNames.add(name);
    const key = JSON.stringify(groupBy.map((name) => labels[name] ?? ''));
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { labels: Object.fromEntries(groupBy.map((name) => [name, labels[name] ?? ''])), value });
    } else group.value += value;
  };
  let seriesCount = 0;
  let latestMs: number | null = null;
  if (to.getTime() - from.getTime() <= EXACT_WINDOW_MS) {
    const series = await bound.client.query(
      `${selectorOf(bound, metric)}[${windowSeconds + LOOKBACK_SECONDS}s]`,
      to,
      warnings,
    );
    const fromSeconds = from.getTime() / 1000;
    for (const one of series) {
      seriesCount++;
      add(one.labels, counterRise(one.samples, fromSeconds));
      const last = one.samples[one.samples.length - 1];
      if (last !== undefined) latestMs = Math.max(latestMs ?? 0, last[0] * 1000);
    }
  } else {
    // Kept per series (by every label), so labelNames sees what the series carry.
    const series = await bound.client.query(`increase(${selectorOf(bound, metric)}[${windowSeconds}s])`, to, warnings);
    for (const one of series) {
      seriesCount++;
      const value = one.samples[0]?.[1] ?? 0;
      add(one.labels, Number.isFinite(value) ? value : 0);
    }
  }
  return { groups: [...groups.values()], seriesCount, labelNames, latestMs };
}

/**
 * A counter's rise after `fromSeconds`: from its last sample at or before then (0 when the series
 * starts later: a new process or label set), adding the value after each reset.
 *
 * @example
 * counterRise([[0, 5], [10, 8], [20, 2], [30, 4]], 0); // 3 + 2 + 2 = 7
 */
export function counterRise(samples: ReadonlyArray<readonly [number, number]>, fromSeconds: number): number {
  let previous = 0;
  let rise = 0;
  for (const [time, value] of samples) {
    if (!Number.isFinite(value)) continue;
    if (time <= fromSeconds) {
      previous = value;
      continue;
    }
    rise += value >= previous ? value - previous : value;
    previous = value;
  }
  return rise;
}

/**
 * The `q` quantile of a cumulative histogram, interpolated linearly inside the bucket it falls in,
 * like PromQL's histogram_quantile (the lowest bucket starts at 0; in the +Inf bucket, the
 * highest finite bound). Null without observations.
 *
 * @example
 * histogramQuantile(0.5, [{ le: 0.1, count: 10 }, { le: 0.5, count: 20 }, { le: Infinity, count: 20 }]); // 0.1
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length === 0 || sorted[sorted.length - 1].le !== Number.POSITIVE_INFINITY) return null;
  // Cumulative counts can dip through scrape timing between buckets; keep them monotonic.
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index].count < sorted[index - 1].count)
      sorted[index] = { ...sorted[index], count: sorted[index - 1].count };
  }
  const total = sorted[sorted.length - 1].count;
  if (total <= 0) return null;
  const rank = q * total;
  let index = sorted.findIndex((bucket) => bucket.count >= rank);
  if (index < 0) index = sorted.length - 1;
  if (index === sorted.length - 1) return sorted.length > 1 ? sorted[sorted.length - 2].le : null;
  const upper = sorted[index];
  const lower = index === 0 ? { le: 0, count: 0 } : sorted[index - 1];
  if (index === 0 && upper.le <= 0) return upper.le;
  const inBucket = upper.count - lower.count;
  if (inBucket <= 0) return upper.le;
  return lower.le + (upper.le - lower.le) * ((rank - lower.count) / inBucket);
}

async function prometheusWindow(bound: Bound, from: Date, to: Date): Promise<TrafficWindow> {
  if (!(to.getTime() > from.getTime())) {
    throw new AppError(
      'USAGE',
      `Invalid window ${from.toISOString()} .. ${to.toISOString()}: expected its end after its start. ${retryAdvice(false, 'Fix the window')}`,
    );
  }
  const { handler, method, status } = bound.labels;
  const exact = to.getTime() - from.getTime() <= EXACT_WINDOW_MS;
  const warnings: string[] = [];
  // Both queries at once; when both fail, the requests query's error is the one reported, so the
  // message does not depend on which answer came first.
  const [countsSettled, durationsSettled] = await Promise.allSettled([
    increases(bound, bound.metrics.requests, [handler, method, status], from, to, warnings),
    increases(bound, `${bound.metrics.duration}_bucket`, [handler, method, 'le'], from, to, warnings),
  ]);
  if (countsSettled.status === 'rejected') throw countsSettled.reason;
  if (durationsSettled.status === 'rejected') throw durationsSettled.reason;
  const counts = countsSettled.value;
  const durations = durationsSettled.value;
  const caveats: string[] = [...new Set(warnings)].map((warning) => `Prometheus warned: ${warning}`);
  if (counts.seriesCount === 0) await explainNoSeries(bound, bound.metrics.requests, 'requests', from, to, caveats);
  else requireLabels(bound, bound.metrics.requests, counts.labelNames, [handler, method, status]);

  const operations = new Map<string, OperationWindowStats>();
  let unmatched = 0;
  const unknownStatus = new Set<string>();
  for (const group of counts.groups) {
    const calls = Math.round(group.value);
    if (calls === 0) continue;
    if (group.labels[handler] === bound.unmatchedHandler) {
      unmatched += calls;
      continue;
    }
    const key = `${group.labels[method].toUpperCase()} ${group.labels[handler]}`;
    let stats = operations.get(key);
    if (stats === undefined) {
      stats = { operation: key, requests: 0, statusClasses: {}, latencyMs: null };
      operations.set(key, stats);
    }
    stats.requests += calls;
    const statusClass = statusClassOf(group.labels[status]);
    if (statusClass === null) unknownStatus.add(group.labels[status]);
    else stats.statusClasses[statusClass] = (stats.statusClasses[statusClass] ?? 0) + calls;
  }

  const durationMetric = `${bound.metrics.duration}_bucket`;
  if (durations.seriesCount === 0) {
    caveats.push(
      `no ${durationMetric} series for ${selectorOf(bound, bound.metrics.duration)} in Prometheus: no latency (name the histogram with --prometheus-metric duration=NAME)`,
    );
  } else if (!durations.labelNames.has(handler) || !durations.labelNames.has(method)) {
    // Like the instrumentator's http_request_duration_highr_seconds: one histogram for the whole service.
    const overall = quantilesOf(durations.groups);
    caveats.push(
      `${bound.metrics.duration} has no ${handler}/${method} labels: no latency per operation${overall === null ? '' : `; all operations together: p50 ${overall.p50} ms, p95 ${overall.p95} ms, p99 ${overall.p99} ms`}`,
    );
  } else {
    const byOperation = new Map<string, Increase[]>();
    const bounds = new Set<string>();
    for (const group of durations.groups) {
      if (group.labels[handler] === bound.unmatchedHandler) continue;
      const key = `${group.labels[method].toUpperCase()} ${group.labels[handler]}`;
      const list = byOperation.get(key) ?? [];
      list.push(group);
      byOperation.set(key, list);
      bounds.add(group.labels.le);
    }
    for (const [key, groups] of byOperation) {
      const stats = operations.get(key);
      if (stats !== undefined) stats.latencyMs = quantilesOf(groups);
    }
    const finite = [...bounds]
      .map(Number)
      .filter((value) => Number.isFinite(value))
      .sort((a, b) => a - b);
    if (finite.length > 0 && finite.length < 10) {
      caveats.push(
        `latency is interpolated inside ${bound.metrics.duration}'s few buckets (${finite.map((value) => formatDuration(value * 1000)).join(', ')}): a quantile is only known to lie within its bucket, and one above ${formatDuration(finite[finite.length - 1] * 1000)} shows as ${formatDuration(finite[finite.length - 1] * 1000)}`,
      );
    }
  }
  if (unmatched > 0) {
    caveats.push(
      `${unmatched} request${unmatched === 1 ? '' : 's'} counted under ${handler}="${bound.unmatchedHandler}" (no route matched): in no operation`,
    );
  }
  if (unknownStatus.size > 0) {
    caveats.push(
      `${status} values that are no status code or class, left out of the status classes: ${[...unknownStatus].sort().join(', ')}`,
    );
  }
  if (!exact) {
    caveats.push(
      "counts over windows longer than 6 h are Prometheus' increase(), extrapolated to the window's edges (rounded; requests before a series' first scrape are missing)",
    );
  }
  // The last scrape of the service: before `to`, the window's end has no data (yet, or any more).
  const coveredUntil =
    counts.latestMs !== null && counts.latestMs < to.getTime() ? new Date(counts.latestMs) : undefined;
  return {
    from,
    to,
    coveredUntil,
    operations: [...operations.values()].sort(
      (a, b) => b.requests - a.requests || (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0),
    ),
    caveats,
  };
}

function quantilesOf(groups: Increase[]): { p50: number; p95: number; p99: number } | null {
  const byBound = new Map<number, number>();
  for (const group of groups) {
    const le = group.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(group.labels.le);
    if (Number.isNaN(le)) continue;
    byBound.set(le, (byBound.get(le) ?? 0) + group.value);
  }
  const buckets = [...byBound].map(([le, count]) => ({ le, count }));
  const quantile = (q: number) => {
    const value = histogramQuantile(q, buckets);
    return value === null ? null : Math.round(value * 10_000) / 10;
  };
  const [p50, p95, p99] = [quantile(0.5), quantile(0.95), quantile(0.99)];
  return p50 === null || p95 === null || p99 === null ? null : { p50, p95, p99 };
}

function statusClassOf(value: string | undefined): WindowStatusClass | null {
  const match = /^([1-5])(?:xx|\d\d)$/i.exec(value ?? '');
  return match === null ? null : (`${match[1]}xx` as WindowStatusClass);
}

function requireLabels(bound: Bound, metric: string, found: Set<string>, wanted: string[]): void {
  const missing = wanted.filter((name) => !found.has(name));
  if (missing.length === 0) return;
  const roles = Object.entries(bound.labels)
    .filter(([, name]) => missing.includes(name))
    .map(([role, name]) => `${role}=${name}`);
  const present = [...found].filter((name) => name !== '__name__').sort();
  throw new AppError(
    'PROMETHEUS_METRIC_MISSING',
    `The series of ${selectorOf(bound, metric)} in Prometheus at ${bound.client.url} have no ${missing.map((name) => `"${name}"`).join(', ')} label; found ${present.join(', ') || 'no labels'}; expected labels ${wanted.join(', ')}. ${retryAdvice(false, `Name the labels with --prometheus-label (now ${roles.join(', ')})`)}`,
  );
}

/**
 * No series of the request counter in the window: an error when the metric does not exist or the
 * selector matches none of its series; zero traffic (a caveat) when they only exist outside it.
 */
async function explainNoSeries(
  bound: Bound,
  metric: string,
  role: keyof PrometheusMetricNames,
  from: Date,
  to: Date,
  caveats: string[],
): Promise<void> {
  const names = await bound.client.labelValues('__name__');
  if (!names.includes(metric)) {
    const stem = metric.replace(/^.*?(requests_total|request_duration_seconds|_total)$/, '$1');
    const similar = names.filter((name) => name !== metric && name.endsWith(stem)).slice(0, 5);
    throw new AppError(
      'PROMETHEUS_METRIC_MISSING',
      `Prometheus at ${bound.client.url} has no metric ${metric} (selector ${bound.selector || 'none'}); expected the ${role} metric${similar.length > 0 ? ` (similar names there: ${similar.join(', ')})` : ''}. ${retryAdvice(false, `Name it with --prometheus-metric ${role}=NAME, or check that Prometheus scrapes the service`)}`,
    );
  }
  if (bound.selector === '') {
    caveats.push(`no ${metric} samples in this window`);
    return;
  }
  const anyTime = await bound.client.series(selectorOf(bound, metric));
  if (anyTime.length > 0) {
    caveats.push(`no ${selectorOf(bound, metric)} samples between ${from.toISOString()} and ${to.toISOString()}`);
    return;
  }
  const firstLabel = /^([a-zA-Z_][a-zA-Z0-9_]*)/.exec(bound.selector)?.[1];
  let hint = '';
  if (firstLabel !== undefined) {
    const values = await bound.client.labelValues(firstLabel, metric);
    hint =
      values.length === 0
        ? ` (its series have no "${firstLabel}" label)`
        : ` (${firstLabel} values of ${metric} there: ${values.slice(0, 10).join(', ')})`;
  }
  throw new AppError(
    'PROMETHEUS_METRIC_MISSING',
    `No series of ${selectorOf(bound, metric)} in Prometheus at ${bound.client.url}${hint}; expected the selector to match the service's series. ${retryAdvice(false, 'Fix --prometheus-selector')}`,
  );
}

function seriesOf(data: unknown, url: string, expression: string): PrometheusSeries[] {
  if (!isRecord(data) || !Array.isArray(data.result)) {
    throw prometheusError(
      'PROMETHEUS_HTTP',
      `Prometheus at ${url} answered the query ${expression} without a result list; expected Prometheus' HTTP API JSON. ${retryAdvice(false, 'Check that the URL is the Prometheus server')}`,
      false,
    );
  }
  const series: PrometheusSeries[] = [];
  for (const entry of data.result) {
    if (!isRecord(entry)) continue;
    const labels = isStringRecord(entry.metric) ? entry.metric : {};
    const raw = Array.isArray(entry.values) ? entry.values : Array.isArray(entry.value) ? [entry.value] : [];
    const samples: Array<[number, number]> = [];
    for (const sample of raw) {
      if (Array.isArray(sample) && sample.length === 2) samples.push([Number(sample[0]), Number(sample[1])]);
    }
    series.push({ labels, samples });
  }
  return series;
}

function prometheusError(code: ErrorCode, message: string, retryable: boolean, cause?: unknown): AppError {
  return new AppError(code, message, { retryable, cause });
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

function seconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}

function formatDuration(milliseconds: number): string {
  if (milliseconds >= 1000) return `${Number((milliseconds / 1000).toPrecision(4))} s`;
  return `${Number(milliseconds.toPrecision(4))} ms`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
