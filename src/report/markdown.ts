/** GitHub-flavoured Markdown report, sized for a pull-request comment. */
import { type ComparisonResult, type Finding, LEVEL_RANK, type Level, type OperationRef } from '../rules/types.js';
import {
  type FindingGroup,
  filterByLevel,
  formatOperation,
  groupFindings,
  hiddenChanges,
  plural,
  verdict,
  witnessSentence,
} from './_group.js';
import { callsOf, downgradeText, usageByOperation, usageCalls, usageHeader, usageText } from './_usage.js';
import { changeCounts, describeChanges, describeCounts } from './changes.js';
import type { ReportOptions } from './formats.js';

/** Lets a CI bot find and update its previous comment instead of posting a new one. */
export const MARKDOWN_MARKER = '<!-- holdfast-report -->';

const HEADINGS: Record<Level, string> = { breaking: 'Breaking', warning: 'Warning', info: 'Info' };

interface Row {
  operation: string;
  finding: Finding;
  /** `--usage`: calls of the row's operations (`52 calls, 2 clients (...)`), else null. */
  calls: string | null;
}

/**
 * Renders a heading with the verdict, a summary table, a table per level (info folded into a
 * `<details>` block), and the operations reached by each changed shared component.
 *
 * @example
 * await writeFile('comment.md', renderMarkdown(result, { minLevel: 'warning' }));
 */
export function renderMarkdown(result: ComparisonResult, options: ReportOptions = {}): string {
  const { summary } = result;
  const lines: string[] = [MARKDOWN_MARKER];
  const between = `${codeSpan(result.base)} and ${codeSpan(result.revision)}`;
  if (summary.breaking + summary.warning + summary.info === 0 && result.findings.length === 0) {
    lines.push('## holdfast: no changes', '', `No changes found between ${between}.`);
    return `${lines.join('\n')}\n`;
  }

  const { level: verdictLevel, text: verdictText } = verdict(summary);
  const title =
    verdictLevel === 'breaking'
      ? 'breaking changes'
      : verdictLevel === 'warning'
        ? 'possibly breaking changes'
        : 'no breaking changes';
  lines.push(`## holdfast: ${title}`, '', `Comparing ${between}. ${escapeText(verdictText)}`, '');
  if (result.policy) lines.push(`Suggested version bump: **${result.policy.semver}**.`, '');
  if (result.usage) lines.push(`${escapeText(usageHeader(result.usage))}`, '');
  // Changes, not findings: a change in a shared component is one row, so it is counted once.
  const changes = changeCounts(result.findings);
  const accepted = result.policy ? `; ${result.policy.accepted} accepted` : '';
  lines.push(`${escapeText(describeCounts(changes))}${accepted}.`);
  const hidden = hiddenChanges(changes, options.minLevel);
  if (hidden > 0) {
    lines.push('', `_${plural(hidden, 'change')} below ${options.minLevel} not shown._`);
  }

  const listed = filterByLevel(result.findings, options.minLevel);
  const groups = groupFindings(listed.filter((finding) => finding.accepted === undefined));
  const usage = result.usage ? usageByOperation(result.findings) : undefined;
  for (const level of ['breaking', 'warning', 'info'] as const) {
    const rows = rowsAt(groups, level, usage);
    if (rows.length === 0) continue;
    lines.push('');
    if (level === 'info') {
      lines.push(
        '<details>',
        `<summary>${HEADINGS.info}: ${escapeHtml(describeChanges(changes[level]))} that do not break clients</summary>`,
      );
      lines.push('');
      lines.push(...table(rows));
      lines.push('', '</details>');
    } else {
      lines.push(`### ${HEADINGS[level]}: ${escapeText(describeChanges(changes[level]))}`, '', ...table(rows));
    }
  }

  const acceptedFindings = listed.filter((finding) => finding.accepted !== undefined);
  if (acceptedFindings.length > 0) {
    lines.push('', `### Accepted (${acceptedFindings.length})`, '');
    lines.push('Accepted in the project configuration: shown, but they do not block.', '');
    lines.push('| Operation | Change | Reason |', '| --- | --- | --- |');
    for (const finding of acceptedFindings) {
      const operation = finding.operation === null ? 'Whole document' : operationCell(finding.operation);
      const until = finding.accepted?.expires ? ` (until ${finding.accepted.expires})` : '';
      const change = `${codeSpan(finding.id)} (${finding.level}): ${inlineText(finding.message)}`;
      lines.push(`| ${operation} | ${change} | ${inlineText(finding.accepted?.reason ?? '')}${until} |`);
    }
  }

  const components = groups.filter((group) => group.kind === 'component');
  if (components.length > 0) {
    lines.push('', '### Shared components', '');
    lines.push('Each change inside a shared component is listed once above; these are the operations it reaches.');
    for (const group of components) {
      const changes = plural(group.changes.length, 'change');
      const reach = plural(group.operations.length, 'operation');
      lines.push('', '<details>');
      lines.push(`<summary><code>${escapeHtml(group.component)}</code>: ${changes}, affects ${reach}</summary>`, '');
      if (group.operations.length === 0) lines.push('Not used by any operation.');
      for (const operation of group.operations) {
        const calls = usage?.get(formatOperation(operation));
        lines.push(
          `- ${codeSpan(formatOperation(operation))}${calls === undefined ? '' : `: ${escapeText(usageText(calls))}`}`,
        );
      }
      lines.push('', '</details>');
    }
  }
  return `${lines.join('\n')}\n`;
}

function rowsAt(
  groups: readonly FindingGroup[],
  level: Level,
  usage: ReturnType<typeof usageByOperation> | undefined,
): Row[] {
  const callsText = (operations: readonly OperationRef[]): string | null => {
    if (usage === undefined) return null;
    if (operations.length === 1) {
      const found = usage.get(formatOperation(operations[0]));
      return found === undefined ? '' : usageText(found);
    }
    const calls = callsOf(operations, usage);
    return calls < 0 ? '' : usageCalls(calls);
  };
  const rows: Row[] = [];
  for (const group of groups) {
    if (LEVEL_RANK[group.worst] > LEVEL_RANK[level]) continue;
    if (group.kind === 'component') {
      for (const change of group.changes) {
        if (change.finding.level !== level) continue;
        const via = `via ${codeSpan(group.component)}`;
        const operation =
          change.operations.length === 1
            ? `${operationCell(change.operations[0])} ${via}`
            : `${plural(change.operations.length, 'operation')} ${via}`;
        rows.push({ operation, finding: change.finding, calls: callsText(change.operations) });
      }
    } else {
      const operation = group.operation === null ? 'Whole document' : operationCell(group.operation);
      for (const finding of group.findings) {
        if (finding.level === level) {
          rows.push({ operation, finding, calls: callsText(group.operation === null ? [] : [group.operation]) });
        }
      }
    }
  }
  return rows;
}

function table(rows: readonly Row[]): string[] {
  const withCalls = rows.some((row) => row.calls !== null);
  const lines = withCalls
    ? ['| Operation | Calls | Change | Location |', '| --- | --- | --- | --- |']
    : ['| Operation | Change | Location |', '| --- | --- | --- |'];
  for (const { operation, finding, calls } of rows) {
    let change = `${codeSpan(finding.id)}: ${inlineText(finding.message)}`;
    if (finding.witness) change += `<br>${inlineText(witnessSentence(finding.witness))}`;
    if (finding.downgraded) change += `<br>**${escapeText(downgradeText(finding))}**`;
    if (finding.hint !== '') change += `<br>Hint: ${inlineText(finding.hint)}`;
    const location = codeSpan(`${finding.location.file}:${finding.location.line}`);
    lines.push(
      withCalls
        ? `| ${operation} | ${escapeText(calls ?? '')} | ${change} | ${location} |`
        : `| ${operation} | ${change} | ${location} |`,
    );
  }
  return lines;
}

function operationCell(operation: OperationRef): string {
  return codeSpan(formatOperation(operation));
}

/**
 * Text for a table cell where a `backtick-quoted` value (a pattern, a default) stays a code span
 * and everything else is escaped, so a value holding `|` or `*` neither splits the row nor turns
 * into emphasis.
 */
export function inlineText(text: string): string {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, index) => (index % 2 === 1 ? codeSpan(part) : escapeText(part)))
    .join('');
}

/**
 * Escapes text for a GFM table cell: Markdown punctuation and HTML angle brackets are
 * backslash-escaped (CommonMark 2.4), `|` too (GFM tables), `$` too (GitHub renders `$...$` as
 * math), and line breaks become `<br>`.
 */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~$]/g, (character) => `\\${character}`).replace(/\r?\n/g, '<br>');
}

/**
 * A code span safe in a GFM table cell: the fence is one backtick longer than the longest run
 * inside (CommonMark 6.1), and `|` is escaped because GFM splits cells before parsing code spans.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
