/**
 * Did a deployment change anything? The pure half of `holdfast deploy compare`: two traffic
 * windows (before and after the deployment) and thresholds in, a verdict per operation and overall
 * out. No storage and no clock: the registry (src/registry/compare.ts) picks the windows.
 *
 * Per operation, from each window: request rate (per minute), 5xx rate and 4xx rate (shares of the
 * requests), p95 latency. Verdicts:
 * - `rollback`: the 5xx rate rose by at least `rollback5xxIncrease`, or p95 grew by at least
 *   `rollbackP95Ratio` × and `minP95IncreaseMs`;
 * - `investigate`: the same at the `investigate…` thresholds, the 4xx rate rose by
 *   `investigate4xxIncrease`, or the request rate fell by `investigateTrafficDrop` (clients cannot
 *   reach it, or a path moved);
 * - `healthy`: enough requests on both sides (`minRequests`), a complete after-window, and none of
 *   the above;
 * - `not-enough-data`: too few requests, or an after-window still running with nothing wrong yet
 *   (a bad sign already visible counts; a good one has to last the whole window).
 *
 * Overall: the worst operation verdict (the all-operations row included); `not-enough-data` when
 * no operation had enough data, or the after-window is incomplete and nothing is wrong yet.
 *
 * @example
 * const result = compareWindows(before, after, { beforeMinutes: 60, afterMinutes: 60, afterComplete: true }, DEFAULT_COMPARE_THRESHOLDS);
 * result.verdict // 'rollback'
 */
import type { OperationWindowStats, TrafficWindow } from './window.js';

export interface CompareThresholds {
  /** Requests a window needs (per operation) before a verdict other than "not enough data". */
  minRequests: number;
  /** 5xx rate increase (a fraction: 0.01 = one percentage point) that asks for a look. */
  investigate5xxIncrease: number;
  /** 5xx rate increase that recommends rolling back. */
  rollback5xxIncrease: number;
  /** 4xx rate increase that asks for a look (4xx are clients' errors: never a rollback alone). */
  investigate4xxIncrease: number;
  /** p95 after / p95 before that asks for a look… */
  investigateP95Ratio: number;
  /** …and that recommends rolling back. */
  rollbackP95Ratio: number;
  /** A p95 increase under this many milliseconds is never flagged (2 ms -> 5 ms is noise). */
  minP95IncreaseMs: number;
  /** Request-rate fall (a fraction: 0.5 = halved) that asks for a look. */
  investigateTrafficDrop: number;
}

export const DEFAULT_COMPARE_THRESHOLDS: CompareThresholds = {
  minRequests: 20,
  investigate5xxIncrease: 0.01,
  rollback5xxIncrease: 0.05,
  investigate4xxIncrease: 0.1,
  investigateP95Ratio: 1.5,
  rollbackP95Ratio: 2,
  minP95IncreaseMs: 50,
  investigateTrafficDrop: 0.5,
};

export type CompareVerdict = 'healthy' | 'investigate' | 'rollback' | 'not-enough-data';

/** How reports word a verdict. */
export const VERDICT_WORDS: Record<CompareVerdict, string> = {
  healthy: 'healthy',
  investigate: 'investigate',
  rollback: 'roll back recommended',
  'not-enough-data': 'not enough data',
};

const severity: Record<CompareVerdict, number> = { 'not-enough-data': 0, healthy: 1, investigate: 2, rollback: 3 };

export interface WindowMetrics {
  requests: number;
  /** Requests per minute. */
  ratePerMinute: number;
  /** Shares of the requests, 0..1; null without requests. */
  rate5xx: number | null;
  rate4xx: number | null;
  /** Milliseconds; null when the source has no durations. */
  p95Ms: number | null;
}

export interface OperationComparison {
  /** `GET /items/{item_id}`, or `(all operations)`. */
  operation: string;
  before: WindowMetrics;
  after: WindowMetrics;
  verdict: CompareVerdict;
  /** Why, one sentence each: "5xx rate 0.0% -> 21.7% (+21.7 points; roll back at +5)". */
  reasons: string[];
}

export interface WindowSpan {
  /** Minutes the before-window covers. */
  beforeMinutes: number;
  /** Minutes of the after-window with data so far (less than planned while it is still running). */
  afterMinutes: number;
  /** False while the after-window is still running, or its data is not all in yet. */
  afterComplete: boolean;
}

export interface WindowComparison {
  verdict: CompareVerdict;
  /** Per operation, worst verdict first, then by traffic after; the all-operations row first. */
  operations: OperationComparison[];
}

export const ALL_OPERATIONS = '(all operations)';

function metrics(
  stats: Pick<OperationWindowStats, 'requests' | 'statusClasses' | 'latencyMs'>,
  minutes: number,
): WindowMetrics {
  const { requests } = stats;
  return {
    requests,
    ratePerMinute: minutes > 0 ? requests / minutes : 0,
    rate5xx: requests > 0 ? (stats.statusClasses['5xx'] ?? 0) / requests : null,
    rate4xx: requests > 0 ? (stats.statusClasses['4xx'] ?? 0) / requests : null,
    p95Ms: stats.latencyMs?.p95 ?? null,
  };
}

const percent = (value: number | null): string =>
  value === null ? '-' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
const points = (value: number): string => `${Math.round(value * 1000) / 10}`;
const ms = (value: number): string => `${Math.round(value * 10) / 10} ms`;
const perMinute = (value: number): string => `${Math.round(value * 10) / 10}/min`;

/** Judges one operation (or the all-operations row, which has no p95). */
export function judgeOperation(
  operation: string,
  before: WindowMetrics,
  after: WindowMetrics,
  span: WindowSpan,
  thresholds: CompareThresholds,
): OperationComparison {
  const reasons: string[] = [];
  let verdict: CompareVerdict = 'healthy';
  const raise = (to: CompareVerdict, reason: string): void => {
    if (severity[to] > severity[verdict]) verdict = to;
    reasons.push(reason);
  };
  const beforeEnough = before.requests >= thresholds.minRequests;
  const afterEnough = after.requests >= thresholds.minRequests;

  if (afterEnough) {
    // Without a baseline (a new operation, or too few calls before), judge the after-window alone.
    const base5xx = beforeEnough ? (before.rate5xx ?? 0) : 0;
    const rise5xx = (after.rate5xx ?? 0) - base5xx;
    const was = beforeEnough ? percent(before.rate5xx) : 'no baseline';
    if (rise5xx >= thresholds.rollback5xxIncrease) {
      raise(
        'rollback',
        `5xx rate ${was} -> ${percent(after.rate5xx)} (+${points(rise5xx)} points; roll back at +${points(thresholds.rollback5xxIncrease)})`,
      );
    } else if (rise5xx >= thresholds.investigate5xxIncrease) {
      raise(
        'investigate',
        `5xx rate ${was} -> ${percent(after.rate5xx)} (+${points(rise5xx)} points; investigate at +${points(thresholds.investigate5xxIncrease)})`,
      );
    }
    const rise4xx = (after.rate4xx ?? 0) - (beforeEnough ? (before.rate4xx ?? 0) : 0);
    if (rise4xx >= thresholds.investigate4xxIncrease) {
      raise(
        'investigate',
        `4xx rate ${beforeEnough ? percent(before.rate4xx) : 'no baseline'} -> ${percent(after.rate4xx)} (+${points(rise4xx)} points; investigate at +${points(thresholds.investigate4xxIncrease)})`,
      );
    }
    if (beforeEnough && before.p95Ms !== null && after.p95Ms !== null) {
      const growth = after.p95Ms - before.p95Ms;
      const ratio = before.p95Ms > 0 ? after.p95Ms / before.p95Ms : Number.POSITIVE_INFINITY;
      const sentence = `p95 ${ms(before.p95Ms)} -> ${ms(after.p95Ms)} (×${Math.round(ratio * 100) / 100}, +${ms(growth)}`;
      if (growth >= thresholds.minP95IncreaseMs && ratio >= thresholds.rollbackP95Ratio) {
        raise(
          'rollback',
          `${sentence}; roll back at ×${thresholds.rollbackP95Ratio} and +${thresholds.minP95IncreaseMs} ms)`,
        );
      } else if (growth >= thresholds.minP95IncreaseMs && ratio >= thresholds.investigateP95Ratio) {
        raise(
          'investigate',
          `${sentence}; investigate at ×${thresholds.investigateP95Ratio} and +${thresholds.minP95IncreaseMs} ms)`,
        );
      }
    }
    if (!beforeEnough) {
      reasons.push(
        before.requests === 0
          ? 'no calls before: judged on the after-window alone'
          : `only ${before.requests} calls before (need ${thresholds.minRequests}): judged on the after-window alone`,
      );
    }
  }
  // A fall in traffic is only a finding once the after-window is complete.
  if (
    beforeEnough &&
    span.afterComplete &&
    after.ratePerMinute < before.ratePerMinute * (1 - thresholds.investigateTrafficDrop)
  ) {
    raise(
      'investigate',
      `request rate ${perMinute(before.ratePerMinute)} -> ${perMinute(after.ratePerMinute)} (fell by ${Math.round((1 - after.ratePerMinute / before.ratePerMinute) * 100)}%; investigate at ${Math.round(thresholds.investigateTrafficDrop * 100)}%)`,
    );
  }
  if (verdict === 'healthy') {
    if (!afterEnough) {
      verdict = 'not-enough-data';
      reasons.push(`only ${after.requests} calls after (need ${thresholds.minRequests})`);
    } else if (!span.afterComplete) {
      verdict = 'not-enough-data';
      reasons.push('nothing wrong so far, but the after-window is not complete');
    }
  }
  return { operation, before, after, verdict, reasons };
}

/**
 * Compares the before- and after-windows of a deployment, operation by operation.
 *
 * @example
 * compareWindows(before, after, { beforeMinutes: 60, afterMinutes: 60, afterComplete: true }, DEFAULT_COMPARE_THRESHOLDS)
 */
export function compareWindows(
  before: TrafficWindow,
  after: TrafficWindow,
  span: WindowSpan,
  thresholds: CompareThresholds,
): WindowComparison {
  const names = new Set([...before.operations, ...after.operations].map((operation) => operation.operation));
  const empty = { requests: 0, statusClasses: {}, latencyMs: null };
  const find = (window: TrafficWindow, name: string) =>
    window.operations.find((operation) => operation.operation === name) ?? empty;
  const total = (window: TrafficWindow) => {
    const statusClasses: Record<string, number> = {};
    let requests = 0;
    for (const operation of window.operations) {
      requests += operation.requests;
      for (const [key, count] of Object.entries(operation.statusClasses))
        statusClasses[key] = (statusClasses[key] ?? 0) + (count ?? 0);
    }
    return { requests, statusClasses, latencyMs: null };
  };
  const rows = [...names].map((name) =>
    judgeOperation(
      name,
      metrics(find(before, name), span.beforeMinutes),
      metrics(find(after, name), span.afterMinutes),
      span,
      thresholds,
    ),
  );
  rows.sort(
    (a, b) =>
      severity[b.verdict] - severity[a.verdict] ||
      b.after.requests - a.after.requests ||
      (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0),
  );
  const all = judgeOperation(
    ALL_OPERATIONS,
    metrics(total(before), span.beforeMinutes),
    metrics(total(after), span.afterMinutes),
    span,
    thresholds,
  );
  const operations = [all, ...rows];
  let verdict: CompareVerdict = 'not-enough-data';
  for (const row of operations) if (severity[row.verdict] > severity[verdict]) verdict = row.verdict;
  if (verdict === 'healthy' && !span.afterComplete) verdict = 'not-enough-data';
  return { verdict, operations };
}

/** The worse of two verdicts. */
export function worseVerdict(a: CompareVerdict, b: CompareVerdict): CompareVerdict {
  return severity[a] >= severity[b] ? a : b;
}

/**
 * `1h`, `30m`, `90min`, `2h30m`, `1d`, `45` (minutes) -> whole minutes; undefined when it is not a
 * duration. For `--window` and `window` in the configuration (`usage show --window` takes `7d`
 * too, so a window written there works here).
 */
export function parseWindowMinutes(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d+)\s*d(?:ays?)?)?\s*(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$/.exec(trimmed);
  if (match === null || (match[1] === undefined && match[2] === undefined && match[3] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** `5%`, `5`, `0.5%` -> a fraction (0.05, 0.05, 0.005); undefined when it is not a percentage. */
export function parsePercent(text: string | number): number | undefined {
  const value = typeof text === 'number' ? text : Number(text.trim().replace(/\s*%$/, ''));
  if (typeof text === 'string' && !/^\s*\d+(?:\.\d+)?\s*%?\s*$/.test(text)) return undefined;
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value / 100 : undefined;
}
