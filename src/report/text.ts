/** Plain-text report for terminals and CI logs, optionally coloured with picocolors. */
import picocolors from 'picocolors';
import type { ComparisonResult, Finding, Level } from '../rules/types.js';
import {
  type ComponentGroup,
  filterByLevel,
  formatOperation,
  groupFindings,
  hiddenCount,
  type OperationGroup,
  plural,
  verdict,
} from './_group.js';
import type { ReportOptions } from './formats.js';

type Colors = ReturnType<typeof picocolors.createColors>;

const INDENT = '  ';
const DETAIL = '            ';

/**
 * Renders findings grouped by operation, worst first; changes inside a shared component are shown
 * once under the component, followed by the operations they affect.
 *
 * @example
 * process.stdout.write(renderText(result, { color: process.stdout.isTTY, minLevel: 'warning' }));
 */
export function renderText(result: ComparisonResult, options: ReportOptions = {}): string {
  const { summary } = result;
  if (summary.breaking + summary.warning + summary.info === 0 && result.findings.length === 0) {
    return `No changes found between ${result.base} and ${result.revision}.\n`;
  }
  const colors = picocolors.createColors(options.color === true);
  const lines: string[] = [colors.dim(`Comparing ${result.base} with ${result.revision}`), ''];

  for (const group of groupFindings(filterByLevel(result.findings, options.minLevel))) {
    if (group.kind === 'component') renderComponent(group, colors, lines);
    else renderOperation(group, colors, lines);
    lines.push('');
  }

  const counts = [
    paint(colors, summary.breaking > 0 ? 'breaking' : null, `${summary.breaking} breaking`),
    paint(colors, summary.warning > 0 ? 'warning' : null, `${summary.warning} warning`),
    paint(colors, summary.info > 0 ? 'info' : null, `${summary.info} info`),
  ].join(', ');
  const hidden = hiddenCount(summary, options.minLevel);
  const hiddenNote = hidden > 0 ? colors.dim(` (${hidden} below ${options.minLevel} not shown)`) : '';
  lines.push(`${counts}${hiddenNote}`);
  const { level, text } = verdict(summary);
  lines.push(level === null ? colors.green(text) : paint(colors, level, text));
  return `${lines.join('\n')}\n`;
}

function renderOperation(group: OperationGroup, colors: Colors, lines: string[]): void {
  lines.push(colors.bold(group.operation === null ? 'Whole document' : formatOperation(group.operation)));
  for (const finding of group.findings) renderFinding(finding, colors, lines);
}

function renderComponent(group: ComponentGroup, colors: Colors, lines: string[]): void {
  lines.push(`${colors.bold(`Component ${group.component}`)}`);
  const total = group.operations.length;
  for (const change of group.changes) {
    renderFinding(change.finding, colors, lines);
    const count = change.operations.length;
    if (count > 0 && count < total) {
      lines.push(
        `${DETAIL}${colors.dim(`only ${count} of ${total}: ${change.operations.map(formatOperation).join(', ')}`)}`,
      );
    }
  }
  if (total === 0) {
    lines.push(`${INDENT}${colors.dim('not used by any operation')}`);
    return;
  }
  lines.push(`${INDENT}affects ${plural(total, 'operation')}:`);
  for (const operation of group.operations) lines.push(`${INDENT}${INDENT}${formatOperation(operation)}`);
}

function renderFinding(finding: Finding, colors: Colors, lines: string[]): void {
  const label = paint(colors, finding.level, finding.level.padEnd(8));
  const where = `${finding.location.file}:${finding.location.line}`;
  lines.push(`${INDENT}${label}  ${finding.id}  ${colors.dim(where)}`);
  for (const line of finding.message.split('\n')) lines.push(`${DETAIL}${line}`);
  if (finding.hint !== '') lines.push(`${DETAIL}${colors.dim(`hint: ${finding.hint}`)}`);
}

function paint(colors: Colors, level: Level | null, text: string): string {
  switch (level) {
    case 'breaking':
      return colors.bold(colors.red(text));
    case 'warning':
      return colors.yellow(text);
    case 'info':
      return colors.cyan(text);
    default:
      return text;
  }
}
