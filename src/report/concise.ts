/**
 * One line per change, `file:line: level rule-id message`, for terminals and editors that jump to
 * `file:line` (ruff's `--output-format concise`). A change in a shared component is one line
 * naming the operations it reaches; accepted findings are left out (they do not need attention).
 * A last line counts the changes.
 */
import type { ComparisonResult, Finding } from '../rules/types.js';
import { filterByLevel, hiddenChanges } from './_group.js';
import { callsOf, usageByOperation, usageCalls } from './_usage.js';
import { changeCounts, changeKey, describeCounts, operationText, withOperations } from './changes.js';
import type { ReportOptions } from './formats.js';

/**
 * Renders the lines.
 *
 * @example
 * renderConcise(result); // 'openapi.yaml:41: breaking response-property-removed GET /items: ...\n...'
 */
export function renderConcise(result: ComparisonResult, options: ReportOptions = {}): string {
  const changes = new Map<string, { finding: Finding; operations: string[]; refs: Finding['operation'][] }>();
  for (const finding of filterByLevel(result.findings, options.minLevel)) {
    if (finding.accepted !== undefined) continue;
    const key = changeKey(finding);
    let change = changes.get(key);
    if (change === undefined) {
      change = { finding, operations: [], refs: [] };
      changes.set(key, change);
    }
    const operation = operationText(finding.operation);
    if (operation !== '' && !change.operations.includes(operation)) {
      change.operations.push(operation);
      change.refs.push(finding.operation);
    }
  }
  const lines: string[] = [];
  // By file and line, as editors and ruff list them.
  const ordered = [...changes.values()].sort(
    (left, right) =>
      (left.finding.location.file < right.finding.location.file
        ? -1
        : left.finding.location.file > right.finding.location.file
          ? 1
          : 0) || left.finding.location.line - right.finding.location.line,
  );
  const usage = usageByOperation(result.findings);
  for (const { finding, operations, refs } of ordered) {
    const message = withOperations(finding.message, operations).replace(/\r?\n/g, ' ');
    const calls = callsOf(
      refs.filter((ref) => ref !== null),
      usage,
    );
    const notes = [calls < 0 ? '' : usageCalls(calls), finding.downgraded === undefined ? '' : 'downgraded: unused'];
    const note = notes.filter((part) => part !== '').join(', ');
    lines.push(
      `${finding.location.file}:${finding.location.line}: ${finding.level} ${finding.id} ${message}${note === '' ? '' : ` [${note}]`}`,
    );
  }
  const counts = changeCounts(result.findings);
  const hidden = hiddenChanges(counts, options.minLevel);
  const accepted = result.policy && result.policy.accepted > 0 ? `, ${result.policy.accepted} accepted` : '';
  const hiddenNote = hidden > 0 ? ` (${hidden} below ${options.minLevel} not shown)` : '';
  lines.push(`${describeCounts(counts)}${accepted}${hiddenNote}`);
  return `${lines.join('\n')}\n`;
}
