/**
 * Counting and naming changes the way a reader counts them: a change inside a shared component is
 * one change, however many operations reach it (the rules attribute it to each of them), so every
 * report can say "3 breaking changes (affecting 6 operations)" and list exactly three. Also the one
 * place that puts an operation in front of a message without repeating it ("GET /books: GET /books
 * removed"). Shared by the reporters, `holdfast check` and the registry's summaries.
 *
 * @example
 * changeCounts(result.findings).breaking; // { changes: 3, operations: 6 }
 */
import type { Finding, Level, OperationRef } from '../rules/types.js';

/** Changes at one level and the distinct operations they reach. */
export interface ChangeCount {
  changes: number;
  operations: number;
}

/**
 * What makes two findings one change: the same rule, level, place and message; for a finding
 * outside a shared component, also the same operation (the place is the operation's own).
 */
export function changeKey(finding: Finding): string {
  const operation = finding.component === null ? operationText(finding.operation) : '';
  return [finding.id, finding.level, finding.side, finding.location.pointer, finding.message, operation].join('\u0000');
}

/**
 * Distinct changes and the operations they reach, per level. Accepted findings are left out, as
 * in the summary.
 *
 * @example
 * const { breaking } = changeCounts(result.findings); // breaking.changes, breaking.operations
 */
export function changeCounts(findings: readonly Finding[]): Record<Level, ChangeCount> {
  const changes: Record<Level, Set<string>> = { breaking: new Set(), warning: new Set(), info: new Set() };
  const operations: Record<Level, Set<string>> = { breaking: new Set(), warning: new Set(), info: new Set() };
  for (const finding of findings) {
    if (finding.accepted !== undefined) continue;
    changes[finding.level].add(changeKey(finding));
    if (finding.operation !== null) operations[finding.level].add(operationText(finding.operation));
  }
  const count = (level: Level): ChangeCount => ({
    changes: changes[level].size,
    operations: operations[level].size,
  });
  return { breaking: count('breaking'), warning: count('warning'), info: count('info') };
}

const NOUNS: Record<Level, [string, string]> = {
  breaking: ['breaking change', 'breaking changes'],
  warning: ['warning', 'warnings'],
  info: ['info change', 'info changes'],
};

/**
 * `3 breaking changes (affecting 6 operations)`; no parenthesis when nothing is counted or no
 * operation is reached (a document-wide change).
 *
 * @example
 * describeCount('warning', { changes: 1, operations: 1 }); // '1 warning (affecting 1 operation)'
 */
export function describeCount(level: Level, count: ChangeCount): string {
  const [singular, plural] = NOUNS[level];
  const head = `${count.changes} ${count.changes === 1 ? singular : plural}`;
  if (count.changes === 0 || count.operations === 0) return head;
  return `${head} (affecting ${count.operations} ${count.operations === 1 ? 'operation' : 'operations'})`;
}

/**
 * `3 changes (affecting 6 operations)`, under a heading that already names the level.
 *
 * @example
 * describeChanges({ changes: 1, operations: 2 }); // '1 change (affecting 2 operations)'
 */
export function describeChanges(count: ChangeCount): string {
  const head = `${count.changes} ${count.changes === 1 ? 'change' : 'changes'}`;
  if (count.changes === 0 || count.operations === 0) return head;
  return `${head} (affecting ${count.operations} ${count.operations === 1 ? 'operation' : 'operations'})`;
}

/** `3 breaking changes (affecting 6 operations), 1 warning (affecting 1 operation), 0 info changes`. */
export function describeCounts(counts: Record<Level, ChangeCount>): string {
  return (['breaking', 'warning', 'info'] as const).map((level) => describeCount(level, counts[level])).join(', ');
}

/** `GET /books`, or '' for a document-wide finding. */
export function operationText(operation: OperationRef | null): string {
  return operation === null ? '' : `${operation.method.toUpperCase()} ${operation.path}`;
}

/**
 * `GET /books, POST /books: <message>`, leaving out the operations the message already starts
 * with (messages of operation-level rules name their operation).
 *
 * @example
 * withOperations('GET /books removed', ['GET /books']); // 'GET /books removed'
 */
export function withOperations(message: string, operations: readonly string[]): string {
  const lower = message.toLowerCase();
  const missing = operations.filter((operation) => {
    const label = operation.toLowerCase();
    return !(lower.startsWith(`${label}:`) || lower.startsWith(`${label} `) || lower === label);
  });
  return missing.length === 0 ? message : `${missing.join(', ')}: ${message}`;
}
