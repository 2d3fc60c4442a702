/** Plain-text report for terminals and CI logs, optionally coloured with picocolors. */
import picocolors from 'picocolors';
import { type ComparisonResult, type Finding, LEVELS, type Level } from '../rules/types.js';
import {
  type ComponentGroup,
  filterByLevel,
  formatOperation,
  groupFindings,
  hiddenChanges,
  type OperationGroup,
  plural,
  verdict,
  witnessSentence,
} from './_group.js';
import { callsOf, downgradeText, usageByOperation, usageCalls, usageHeader, usageText } from './_usage.js';
import { whereText } from './_where.js';
import { changeCounts, describeCount } from './changes.js';
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
export function renderText(input: ComparisonResult, options: ReportOptions = {}): string {
  const result = withoutControlCharacters(input);
  const { summary } = result;
  if (summary.breaking + summary.warning + summary.info === 0 && result.findings.length === 0) {
    return `No changes found between ${result.base} and ${result.revision}.\n`;
  }
  const colors = picocolors.createColors(options.color === true);
  const lines: string[] = [colors.dim(`Comparing ${result.base} with ${result.revision}`)];
  // Client names come from access logs: escaped like everything else that reaches the terminal.
  if (result.usage) lines.push(colors.dim(escapeControlCharacters(usageHeader(result.usage))));
  lines.push('');

  const listed = filterByLevel(result.findings, options.minLevel);
  for (const group of groupFindings(listed.filter((finding) => finding.accepted === undefined))) {
    if (group.kind === 'component') renderComponent(group, colors, lines, usageByOperation(result.findings));
    else renderOperation(group, colors, lines);
    lines.push('');
  }
  renderAccepted(
    listed.filter((finding) => finding.accepted !== undefined),
    colors,
    lines,
  );

  // Changes, not findings: a change in a shared component is listed once, so it is counted once.
  const changes = changeCounts(result.findings);
  const counts = LEVELS.map((level) =>
    paint(colors, changes[level].changes > 0 ? level : null, describeCount(level, changes[level])),
  ).join(', ');
  const hidden = hiddenChanges(changes, options.minLevel);
  const hiddenNote = hidden > 0 ? colors.dim(` (${hidden} below ${options.minLevel} not shown)`) : '';
  const acceptedNote = result.policy && result.policy.accepted > 0 ? `, ${result.policy.accepted} accepted` : '';
  lines.push(`${counts}${acceptedNote}${hiddenNote}`);
  const { level, text } = verdict(summary);
  lines.push(level === null ? colors.green(text) : paint(colors, level, text));
  if (result.policy) lines.push(`Suggested version bump: ${colors.bold(result.policy.semver)}`);
  return `${lines.join('\n')}\n`;
}

/** Accepted findings: listed apart, with their reason, so they are seen but not mistaken for open ones. */
function renderAccepted(findings: readonly Finding[], colors: Colors, lines: string[]): void {
  if (findings.length === 0) return;
  lines.push(colors.bold(`Accepted (${findings.length})`));
  for (const finding of findings) {
    const operation = finding.operation === null ? '' : `  ${formatOperation(finding.operation)}`;
    const where = whereText(finding.location);
    lines.push(`${INDENT}${colors.dim(finding.level.padEnd(8))}  ${finding.id}${operation}  ${colors.dim(where)}`);
    for (const line of finding.message.split('\n')) lines.push(`${DETAIL}${line}`);
    const until = finding.accepted?.expires ? ` (until ${finding.accepted.expires})` : '';
    lines.push(`${DETAIL}accepted: ${finding.accepted?.reason ?? ''}${until}`);
  }
  lines.push('');
}

function renderOperation(group: OperationGroup, colors: Colors, lines: string[]): void {
  lines.push(colors.bold(group.operation === null ? 'Whole document' : formatOperation(group.operation)));
  for (const finding of group.findings) renderFinding(finding, colors, lines);
}

function renderComponent(
  group: ComponentGroup,
  colors: Colors,
  lines: string[],
  usage: ReturnType<typeof usageByOperation>,
): void {
  lines.push(`${colors.bold(`Component ${group.component}`)}`);
  const total = group.operations.length;
  for (const change of group.changes) {
    // Usage is per operation: listed under "affects" below, not under the change.
    renderFinding(change.finding, colors, lines, false);
    if (change.finding.downgraded !== undefined) {
      // The reason names the first operation; the change stands for all it reaches.
      const first = change.finding.operation === null ? '' : formatOperation(change.finding.operation);
      const reached = change.operations.map(formatOperation).join(', ');
      const text = downgradeText(change.finding);
      lines.push(`${DETAIL}${colors.yellow(first === '' ? text : text.replace(first, reached))}`);
    }
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
  const calls = callsOf(group.operations, usage);
  lines.push(`${INDENT}affects ${plural(total, 'operation')}${calls < 0 ? '' : ` (${usageCalls(calls)})`}:`);
  // With usage, the most called first, like the groups.
  const operations =
    calls < 0
      ? group.operations
      : [...group.operations].sort((left, right) => callsOf([right], usage) - callsOf([left], usage));
  for (const operation of operations) {
    const calls = usage.get(formatOperation(operation));
    const note = calls === undefined ? '' : `  ${colors.dim(escapeControlCharacters(usageText(calls)))}`;
    lines.push(`${INDENT}${INDENT}${formatOperation(operation)}${note}`);
  }
}

function renderFinding(finding: Finding, colors: Colors, lines: string[], withUsage = true): void {
  const label = paint(colors, finding.level, finding.level.padEnd(8));
  const where = whereText(finding.location);
  lines.push(`${INDENT}${label}  ${finding.id}  ${colors.dim(where)}`);
  for (const line of finding.message.split('\n')) lines.push(`${DETAIL}${line}`);
  if (finding.witness) lines.push(`${DETAIL}${witnessSentence(finding.witness)}`);
  if (withUsage) {
    if (finding.usage !== undefined) {
      lines.push(`${DETAIL}${colors.cyan(escapeControlCharacters(`usage: ${usageText(finding.usage)}`))}`);
    }
    if (finding.downgraded !== undefined) lines.push(`${DETAIL}${colors.yellow(downgradeText(finding))}`);
  }
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

/**
 * Control characters (C0 but line feed and tab, DEL, C1) and bidirectional overrides written as
 * `\xHH`/`\u{HHHH}`: property names, paths and file names come from contracts, and an escape
 * sequence in one must not clear or rewrite the reader's terminal.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_ONE = new RegExp(UNSAFE.source);

function withoutControlCharacters(result: ComparisonResult): ComparisonResult {
  const clean = escapeControlCharacters;
  const dirty = (text: string | null | undefined) => text !== null && text !== undefined && UNSAFE_ONE.test(text);
  const needsCleaning = (finding: Finding) =>
    dirty(finding.message) ||
    dirty(finding.hint) ||
    dirty(finding.location.file) ||
    dirty(finding.component) ||
    dirty(finding.operation?.path) ||
    dirty(finding.operation?.method) ||
    dirty(finding.accepted?.reason);
  const findings = result.findings.map((finding) => {
    if (!needsCleaning(finding)) return finding;
    return {
      ...finding,
      message: clean(finding.message),
      hint: clean(finding.hint),
      location: { ...finding.location, file: clean(finding.location.file) },
      component: finding.component === null ? null : clean(finding.component),
      operation: finding.operation
        ? { method: clean(finding.operation.method), path: clean(finding.operation.path) }
        : finding.operation,
      ...(finding.accepted ? { accepted: { ...finding.accepted, reason: clean(finding.accepted.reason) } } : {}),
    };
  });
  return { ...result, base: clean(result.base), revision: clean(result.revision), findings };
}
