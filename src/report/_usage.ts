/**
 * The words every reporter uses for `--usage`: the window line, a finding's calls and clients,
 * and why `--ignore-unused` downgraded it. Private to src/report.
 */
import type { Finding, OperationRef, OperationUsage, UsageWindowSummary } from '../rules/types.js';

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function plural(value: number, word: string): string {
  return `${count(value)} ${word}${value === 1 ? '' : 's'}`;
}

function days(value: number): string {
  return value === 1 ? 'the last day' : `the last ${value} days`;
}

/** `2026-11-03T08:00:00.000Z` -> `2026-11-03 08:00Z`. */
function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/**
 * `Usage: 374 calls to shop in prod in the last 30 days (since 2026-11-03 08:00Z); 1 finding
 * downgraded from breaking by --ignore-unused (no calls).`
 */
export function usageHeader(usage: UsageWindowSummary): string {
  const head = `Usage: ${plural(usage.totalCalls, 'call')} to ${usage.service} in ${usage.environment} in ${days(usage.days)} (since ${shortTime(usage.since)}), from ingested access logs`;
  if (!usage.ignoreUnused) return `${head}.`;
  const findings = usage.downgraded === 1 ? '1 finding' : `${usage.downgraded} findings`;
  return `${head}; --ignore-unused: ${findings} on operations with no call downgraded from breaking to warning.`;
}

/** `61 calls`, `no calls`. */
export function usageCalls(calls: number): string {
  return calls === 0 ? 'no calls' : plural(calls, 'call');
}

/** `61 calls, 8 clients (shop-mobile 12, curl 10, Dart 9)` or `no calls`. */
export function usageText(usage: OperationUsage): string {
  if (usage.calls === 0) return 'no calls';
  const top = usage.topClients.map((client) => `${client.client} ${count(client.calls)}`).join(', ');
  return `${plural(usage.calls, 'call')}, ${plural(usage.clients, 'client')}${top === '' ? '' : ` (${top})`}`;
}

/** `usage: 61 calls, 8 clients (...)` and the downgrade line, for one finding on one operation. */
export function findingUsageLines(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.usage !== undefined) lines.push(`usage: ${usageText(finding.usage)}`);
  if (finding.downgraded !== undefined) lines.push(downgradeText(finding));
  return lines;
}

/** `downgraded from breaking to warning: no calls to GET /users/{user_id} in prod in the last 30 days (--ignore-unused)`. */
export function downgradeText(finding: Finding): string {
  if (finding.downgraded === undefined) return '';
  return `downgraded from ${finding.downgraded.from} to ${finding.level}: ${finding.downgraded.reason}`;
}

/** Usage per operation (`GET /items`), from the findings that carry it. */
export function usageByOperation(findings: readonly Finding[]): Map<string, OperationUsage> {
  const map = new Map<string, OperationUsage>();
  for (const finding of findings) {
    if (finding.operation === null || finding.usage === undefined) continue;
    map.set(operationName(finding.operation), finding.usage);
  }
  return map;
}

function operationName(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Calls over several operations (a change in a shared component); -1 when none carries usage. */
export function callsOf(operations: readonly OperationRef[], usage: ReadonlyMap<string, OperationUsage>): number {
  let total = -1;
  for (const operation of operations) {
    const found = usage.get(operationName(operation));
    if (found !== undefined) total = Math.max(total, 0) + found.calls;
  }
  return total;
}

/**
 * One line for a change reaching several operations: `usage: GET /items 60 calls, POST /items 77
 * calls`; the single-operation form when it reaches one. Null without usage.
 */
export function operationsUsageText(
  operations: readonly string[],
  usage: ReadonlyMap<string, OperationUsage>,
): string | null {
  const known = operations.flatMap((operation) => {
    const found = usage.get(operation);
    return found === undefined ? [] : [{ operation, usage: found }];
  });
  if (known.length === 0) return null;
  if (known.length === 1) return `usage: ${usageText(known[0].usage)}`;
  const calls = (entry: { usage: OperationUsage }) =>
    entry.usage.calls === 0 ? 'no calls' : plural(entry.usage.calls, 'call');
  return `usage: ${known.map((entry) => `${entry.operation} ${calls(entry)}`).join(', ')}`;
}
