/**
 * Findings ranked by real calls (`--usage ENV[:DAYS]`, issue 12): each finding on an operation
 * gets the calls, distinct clients and top clients its operation had over the window; findings
 * are ordered by traffic within each level; with `ignoreUnused`, breaking findings on operations
 * nobody called are downgraded to warnings, each saying why. Pure: the counts come in as data
 * (the registry's `usageByOperation`), nothing is read here.
 *
 * Operations are matched by method and path template with parameter names left out
 * (`GET /items/{}`): a contract version may call `{item_id}` what another calls `{id}`, and the
 * usage was counted against whichever version was live.
 *
 * @example
 * const { result, blocked } = applyUsage(outcome.result, usage, { ignoreUnused: true, failOn: 'breaking' });
 */
import type {
  ComparisonResult,
  Finding,
  Level,
  OperationRef,
  OperationUsage,
  Summary,
  UsageWindowSummary,
} from '../rules/types.js';
import { LEVEL_RANK } from '../rules/types.js';

/** Usage of one operation over the window, keyed by {@link usageKey}. */
export interface KeyedOperationUsage extends OperationUsage {
  /** {@link usageKey} of the operation. */
  key: string;
  /** The operation as the logs were matched (`GET /items/{item_id}`). */
  operation: string;
}

/** What `applyUsage` needs: the window and the counts per operation. */
export interface UsageTable {
  service: string;
  environment: string;
  days: number;
  since: string;
  until: string;
  totalCalls: number;
  operations: readonly KeyedOperationUsage[];
}

export interface ApplyUsageOptions {
  /** Downgrade breaking findings on operations with no call in the window to warnings. */
  ignoreUnused: boolean;
  /** The lowest level that blocks, to recompute the verdict after downgrades. */
  failOn: Level | 'never';
}

export interface UsageOutcome {
  /** Findings with `usage` (and `downgraded`), ordered by level then calls; summary recounted; `usage` set. */
  result: ComparisonResult;
  /** True when an unaccepted finding at or above `failOn` remains after downgrades. */
  blocked: boolean;
  /** The findings `ignoreUnused` downgraded. */
  downgraded: Finding[];
}

/**
 * `GET /items/{}` for `get` `/items/{item_id}`: method upper-case, parameter names left out.
 *
 * @example
 * usageKey('get', '/items/{item_id}') === usageKey('GET', '/items/{id}'); // true
 */
export function usageKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^/{}]*\}/g, '{}')}`;
}

/** `GET /items/{}` for a `METHOD /template` string as the usage router writes it. */
export function usageKeyOf(operation: string): string {
  const space = operation.indexOf(' ');
  return space === -1 ? operation : usageKey(operation.slice(0, space), operation.slice(space + 1));
}

const NO_CALLS: OperationUsage = { calls: 0, clients: 0, topClients: [] };

/** `the last 30 days` / `the last day`. */
export function windowText(days: number): string {
  return days === 1 ? 'the last day' : `the last ${days} days`;
}

function operationLabel(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/**
 * Annotates, orders and (with `ignoreUnused`) downgrades the findings of `result`.
 *
 * @example
 * const outcome = applyUsage(result, table, { ignoreUnused: false, failOn: 'breaking' });
 */
export function applyUsage(result: ComparisonResult, table: UsageTable, options: ApplyUsageOptions): UsageOutcome {
  const byKey = new Map(table.operations.map((entry) => [entry.key, entry] as const));
  const downgraded: Finding[] = [];
  const findings = result.findings.map((finding) => {
    if (finding.operation === null) return finding;
    const found = byKey.get(usageKey(finding.operation.method, finding.operation.path));
    const usage: OperationUsage =
      found === undefined
        ? { ...NO_CALLS, topClients: [] }
        : { calls: found.calls, clients: found.clients, topClients: found.topClients.map((top) => ({ ...top })) };
    const annotated: Finding = { ...finding, usage };
    if (options.ignoreUnused && usage.calls === 0 && finding.level === 'breaking' && finding.accepted === undefined) {
      const reason = `no calls to ${operationLabel(finding.operation)} in ${table.environment} in ${windowText(table.days)} (--ignore-unused)`;
      const lowered: Finding = { ...annotated, level: 'warning', downgraded: { from: 'breaking', reason } };
      downgraded.push(lowered);
      return lowered;
    }
    return annotated;
  });
  // Worst level first, then the most called first; Array.prototype.sort is stable, so findings
  // with equal traffic (and those on no operation) keep the pipeline's order.
  findings.sort(
    (left, right) =>
      LEVEL_RANK[left.level] - LEVEL_RANK[right.level] || (right.usage?.calls ?? -1) - (left.usage?.calls ?? -1),
  );
  const summary: Summary = { breaking: 0, warning: 0, info: 0 };
  for (const finding of findings) if (finding.accepted === undefined) summary[finding.level]++;
  const failOn = options.failOn;
  const blocked =
    failOn !== 'never' &&
    findings.some((finding) => finding.accepted === undefined && LEVEL_RANK[finding.level] <= LEVEL_RANK[failOn]);
  const usage: UsageWindowSummary = {
    service: table.service,
    environment: table.environment,
    days: table.days,
    since: table.since,
    until: table.until,
    totalCalls: table.totalCalls,
    ignoreUnused: options.ignoreUnused,
    downgraded: downgraded.length,
  };
  return { result: { ...result, findings, summary, usage }, blocked, downgraded };
}
