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
  location: { file: string; line: number; pointer: string };
  message: string;
  component: string | null;
  hint: string;
  side: Finding['side'];
  args: Record<string, unknown>;
}

export interface JsonReport {
  base: string;
  revision: string;
  findings: JsonFinding[];
  summary: { breaking: number; warning: number; info: number };
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
  return `${JSON.stringify(report, null, 2)}\n`;
}

// Copy field by field so internal additions to Finding never leak into the public contract.
function toJsonFinding(finding: Finding): JsonFinding {
  return {
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
}
