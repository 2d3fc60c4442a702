/**
 * Machine-readable report. Its shape is a contract other tools rely on (DESIGN.md section 4):
 * change it only additively.
 */
import type { ComparisonResult, Finding } from '../rules/types.js';
import { filterByLevel } from './_group.js';
import type { ReportOptions } from './formats.js';

export interface JsonFinding {
  id: string;
  level: Finding['level'];
  operation: { method: string; path: string } | null;
  /**
   * `code` is present when `file` and `line` are the Python code that defines the part at
   * `pointer` (contracts extracted from an app); `removedIn` when that line is in the base's code.
   */
  location: { file: string; line: number; pointer: string; code?: { contract: string; removedIn?: string } };
  message: string;
  component: string | null;
  hint: string;
  side: Finding['side'];
  args: Record<string, unknown>;
  /** The operation's `x-stability-level`, when it declares one. */
  stability?: string;
  /** The deprecated operation's `x-sunset`, when it declares one. */
  sunset?: string;
  /** Present when an accept-list entry covers the finding: it is shown but does not block. */
  accepted?: { reason: string; expires: string | null };
  /** For a breaking schema finding: a value one side accepts and the other rejects, confirmed by a validator. */
  witness?: { value: unknown; acceptedBy: 'base' | 'revision'; of: string };
  /** With `--usage`, on findings about one operation: its calls over the window (see `JsonReport.usage`). */
  usage?: { calls: number; clients: number; topClients: Array<{ client: string; calls: number }> };
  /** With `--ignore-unused`: the finding was breaking; `level` is what it was downgraded to. */
  downgraded?: { from: Finding['level']; reason: string };
}

export interface JsonReport {
  base: string;
  revision: string;
  findings: JsonFinding[];
  /** Counts by level; with a policy, accepted findings are counted in `policy.accepted` instead. */
  summary: { breaking: number; warning: number; info: number };
  /** Present when a policy was applied (`holdfast check`). */
  policy?: { semver: 'major' | 'minor' | 'patch'; accepted: number; skipped: number };
  /** Present with `--usage`: the window the findings' `usage` covers, from the registry's ingested access logs. */
  usage?: {
    service: string;
    environment: string;
    days: number;
    since: string;
    until: string;
    totalCalls: number;
    ignoreUnused: boolean;
    downgraded: number;
  };
}

/**
 * Renders `{base, revision, findings, summary}` as 2-space indented JSON with a trailing newline.
 * Findings keep the pipeline's order; `options.minLevel` drops lower ones while `summary` still
 * counts all findings.
 *
 * @example
 * const report: JsonReport = JSON.parse(renderJson(result));
 */
export function renderJson(result: ComparisonResult, options: ReportOptions = {}): string {
  const report: JsonReport = {
    base: result.base,
    revision: result.revision,
    findings: filterByLevel(result.findings, options.minLevel).map(toJsonFinding),
    summary: {
      breaking: result.summary.breaking,
      warning: result.summary.warning,
      info: result.summary.info,
    },
  };
  if (result.policy) {
    report.policy = { semver: result.policy.semver, accepted: result.policy.accepted, skipped: result.policy.skipped };
  }
  if (result.usage) {
    const usage = result.usage;
    report.usage = {
      service: usage.service,
      environment: usage.environment,
      days: usage.days,
      since: usage.since,
      until: usage.until,
      totalCalls: usage.totalCalls,
      ignoreUnused: usage.ignoreUnused,
      downgraded: usage.downgraded,
    };
  }
  return `${JSON.stringify(report, null, 2)}\n`;
}

// Copy field by field so internal additions to Finding never leak into the public contract.
function toJsonFinding(finding: Finding): JsonFinding {
  const json: JsonFinding = {
    id: finding.id,
    level: finding.level,
    operation:
      finding.operation === null
        ? null
        : { method: finding.operation.method.toUpperCase(), path: finding.operation.path },
    location: { file: finding.location.file, line: finding.location.line, pointer: finding.location.pointer },
    message: finding.message,
    component: finding.component,
    hint: finding.hint,
    side: finding.side,
    args: finding.args,
  };
  const code = finding.location.code;
  if (code !== undefined) {
    json.location.code =
      code.removedIn === undefined
        ? { contract: code.contract }
        : { contract: code.contract, removedIn: code.removedIn };
  }
  if (finding.stability !== undefined) json.stability = finding.stability;
  if (finding.sunset !== undefined) json.sunset = finding.sunset;
  if (finding.accepted !== undefined)
    json.accepted = { reason: finding.accepted.reason, expires: finding.accepted.expires };
  if (finding.witness !== undefined) {
    json.witness = { value: finding.witness.value, acceptedBy: finding.witness.acceptedBy, of: finding.witness.of };
  }
  if (finding.usage !== undefined) {
    json.usage = {
      calls: finding.usage.calls,
      clients: finding.usage.clients,
      topClients: finding.usage.topClients.map((top) => ({ client: top.client, calls: top.calls })),
    };
  }
  if (finding.downgraded !== undefined) {
    json.downgraded = { from: finding.downgraded.from, reason: finding.downgraded.reason };
  }
  return json;
}
