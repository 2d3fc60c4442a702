/**
 * GitHub Actions workflow commands: one annotation per change, on the file and line it cites
 * (`::error file=openapi.yaml,line=41,title=response-property-removed::...`). Breaking findings
 * are errors, warnings warnings, info and accepted findings notices. A change in a shared
 * component reached by several operations is one annotation naming them all. Same name and shape
 * as ruff's `--output-format github`.
 * Spec: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { ComparisonResult, Finding, Level } from '../rules/types.js';
import { filterByLevel } from './_group.js';
import { acceptanceText, findingPath, operationLabel } from './_machine.js';
import { downgradeText, operationsUsageText, usageByOperation } from './_usage.js';
import { removalNote } from './_where.js';
import { withOperations } from './changes.js';
import type { ReportOptions } from './formats.js';

const COMMANDS: Record<Level, 'error' | 'warning' | 'notice'> = {
  breaking: 'error',
  warning: 'warning',
  info: 'notice',
};

interface Annotation {
  finding: Finding;
  operations: string[];
}

/**
 * Renders one workflow command per line.
 *
 * @example
 * process.stdout.write(renderGithub(result, { minLevel: 'warning' }));
 */
export function renderGithub(result: ComparisonResult, options: ReportOptions = {}): string {
  const annotations = new Map<string, Annotation>();
  for (const finding of filterByLevel(result.findings, options.minLevel)) {
    const key = [
      finding.id,
      finding.level,
      finding.location.file,
      finding.location.line,
      finding.message,
      finding.accepted?.reason ?? '',
    ].join('\u0000');
    let annotation = annotations.get(key);
    if (!annotation) {
      annotation = { finding, operations: [] };
      annotations.set(key, annotation);
    }
    const operation = operationLabel(finding);
    if (operation !== null && !annotation.operations.includes(operation)) annotation.operations.push(operation);
  }
  const usage = usageByOperation(result.findings);
  let out = '';
  for (const { finding, operations } of annotations.values()) {
    const command = finding.accepted ? 'notice' : COMMANDS[finding.level];
    const path = findingPath(finding.location, options.pathPrefix);
    const properties = [
      `file=${escapeProperty(path)}`,
      `line=${finding.location.line}`,
      `title=${escapeProperty(finding.id)}`,
    ].join(',');
    const lines = [withOperations(finding.message, operations)];
    const removed = removalNote(finding.location, path);
    if (removed !== null) lines.push(removed);
    const calls = operationsUsageText(operations, usage);
    if (calls !== null) lines.push(calls);
    if (finding.downgraded !== undefined) lines.push(downgradeText(finding));
    if (finding.hint !== '') lines.push(finding.hint);
    const accepted = acceptanceText(finding);
    if (accepted !== null) lines.push(accepted);
    out += `::${command} ${properties}::${escapeData(lines.join('\n'))}\n`;
  }
  return out;
}

/** Message escaping of @actions/core (`escapeData`): `%`, CR and LF. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property escaping of @actions/core (`escapeProperty`): also `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
