/**
 * GitLab Code Quality report (a subset of the Code Climate issue format), shown in merge-request
 * widgets and diffs: a JSON array of `{description, check_name, fingerprint, severity, location:
 * {path, lines: {begin}}}`. Severities: breaking -> blocker, warning -> major, info -> minor,
 * accepted -> info. Fingerprints are stable across runs (they ignore line numbers), so GitLab can
 * tell new issues from ones already on the target branch. Same shape as ruff's
 * `--output-format gitlab`.
 * Spec: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 */
import type { ComparisonResult, Finding, Level } from '../rules/types.js';
import { filterByLevel } from './_group.js';
import { acceptanceText, findingPath, operationLabel, uniqueFingerprints } from './_machine.js';
import { findingUsageLines } from './_usage.js';
import { removalNote } from './_where.js';
import { withOperations } from './changes.js';
import type { ReportOptions } from './formats.js';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
}

const SEVERITIES: Record<Level, GitlabSeverity> = { breaking: 'blocker', warning: 'major', info: 'minor' };

/**
 * Renders the Code Quality JSON array (2-space indented).
 *
 * @example
 * await writeFile('gl-code-quality-report.json', renderGitlab(result));
 */
export function renderGitlab(result: ComparisonResult, options: ReportOptions = {}): string {
  const findings = filterByLevel(result.findings, options.minLevel);
  const fingerprints = uniqueFingerprints(findings);
  const issues: GitlabIssue[] = findings.map((finding, index) => {
    const path = findingPath(finding.location, options.pathPrefix);
    return {
      description: describe(finding, path),
      check_name: finding.id,
      fingerprint: fingerprints[index],
      severity: finding.accepted ? 'info' : SEVERITIES[finding.level],
      location: { path, lines: { begin: Math.max(1, finding.location.line) } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}

function describe(finding: Finding, path: string): string {
  const operation = operationLabel(finding);
  const accepted = acceptanceText(finding);
  const removed = removalNote(finding.location, path);
  return [
    withOperations(finding.message, operation === null ? [] : [operation]),
    removed === null ? '' : ` ${removed}`,
    accepted === null ? '' : ` (${accepted})`,
    ...findingUsageLines(finding).map((line) => ` (${line})`),
  ].join('');
}
