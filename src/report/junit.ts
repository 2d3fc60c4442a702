/**
 * JUnit XML report, the format every CI shows as test results (GitLab, Jenkins, Azure, GitHub
 * test-report actions). One `<testsuite>` per operation (document-wide findings in one named
 * "(document)"), one `<testcase>` per finding. A finding at or above `failOn` is a `<failure>`;
 * accepted findings are `<skipped>` with the reason; the rest pass. With no findings, one passing
 * test case says the contracts are compatible, so the report is never empty.
 */
import { type ComparisonResult, type Finding, LEVEL_RANK } from '../rules/types.js';
import { compareOperations, filterByLevel } from './_group.js';
import { acceptanceText, findingPath, operationLabel } from './_machine.js';
import { findingUsageLines } from './_usage.js';
import type { ReportOptions } from './formats.js';

const DOCUMENT_SUITE = '(document)';

interface Suite {
  name: string;
  findings: Finding[];
}

/**
 * Renders JUnit XML (UTF-8, with declaration).
 *
 * @example
 * await writeFile('holdfast-junit.xml', renderJunit(result, { failOn: 'warning' }));
 */
export function renderJunit(result: ComparisonResult, options: ReportOptions = {}): string {
  const failOn = options.failOn ?? 'breaking';
  const fails = (finding: Finding) =>
    finding.accepted === undefined && failOn !== 'never' && LEVEL_RANK[finding.level] <= LEVEL_RANK[failOn];
  const suites = suitesOf(filterByLevel(result.findings, options.minLevel));

  const lines: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  if (suites.length === 0) {
    tests = 1;
    body.push(
      `  <testsuite name="holdfast" tests="1" failures="0" errors="0" skipped="0">`,
      `    <testcase name="${attribute(`${result.base} -> ${result.revision}`)}" classname="holdfast"/>`,
      '  </testsuite>',
    );
  }
  for (const suite of suites) {
    const suiteFailures = suite.findings.filter(fails).length;
    const suiteSkipped = suite.findings.filter((finding) => finding.accepted !== undefined).length;
    tests += suite.findings.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    body.push(
      `  <testsuite name="${attribute(suite.name)}" tests="${suite.findings.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">`,
    );
    for (const finding of suite.findings) body.push(...testcase(suite.name, finding, fails(finding), options));
    body.push('  </testsuite>');
  }
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    `<testsuites name="holdfast" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...body,
    '</testsuites>',
  );
  return `${lines.join('\n')}\n`;
}

function suitesOf(findings: readonly Finding[]): Suite[] {
  const byOperation = new Map<string, { operation: Finding['operation']; findings: Finding[] }>();
  for (const finding of findings) {
    const key = operationLabel(finding) ?? '';
    let group = byOperation.get(key);
    if (!group) {
      group = { operation: finding.operation, findings: [] };
      byOperation.set(key, group);
    }
    group.findings.push(finding);
  }
  return [...byOperation.values()]
    .sort((left, right) => {
      if (left.operation === null || right.operation === null) {
        return (left.operation === null ? 1 : 0) - (right.operation === null ? 1 : 0);
      }
      return compareOperations(left.operation, right.operation);
    })
    .map((group) => ({
      name: group.operation ? `${group.operation.method.toUpperCase()} ${group.operation.path}` : DOCUMENT_SUITE,
      findings: group.findings,
    }));
}

function testcase(suite: string, finding: Finding, failed: boolean, options: ReportOptions): string[] {
  const file = findingPath(finding.location, options.pathPrefix);
  const open = `    <testcase name="${attribute(`${finding.id}: ${finding.message}`)}" classname="${attribute(suite)}" file="${attribute(file)}" line="${finding.location.line}"`;
  const details = [
    finding.message,
    finding.hint === '' ? '' : `Hint: ${finding.hint}`,
    `Level: ${finding.level}`,
    ...findingUsageLines(finding).map((line) => line.charAt(0).toUpperCase() + line.slice(1)),
    `Location: ${file}:${finding.location.line} (${finding.location.pointer})`,
    finding.component ? `Component: ${finding.component}` : '',
  ].filter((line) => line !== '');
  if (finding.accepted) {
    return [`${open}>`, `      <skipped message="${attribute(acceptanceText(finding) ?? '')}"/>`, '    </testcase>'];
  }
  if (failed) {
    return [
      `${open}>`,
      `      <failure type="${finding.level}" message="${attribute(finding.message)}">${text(details.join('\n'))}</failure>`,
      '    </testcase>',
    ];
  }
  return [`${open}>`, `      <system-out>${text(details.join('\n'))}</system-out>`, '    </testcase>'];
}

/** Escapes character data. */
export function text(value: string): string {
  return withoutInvalidCharacters(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Replaces what XML 1.0 forbids even escaped (§2.2: C0 controls other than tab, LF and CR, and
 * U+FFFE/U+FFFF) with U+FFFD, so a control character in a spec never makes the report unreadable.
 */
function withoutInvalidCharacters(value: string): string {
  let out = '';
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    const invalid =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
    out += invalid ? '\uFFFD' : character;
  }
  return out;
}

/** Escapes an attribute value (double-quoted); line breaks and tabs as references so they survive normalization (§3.3.3). */
export function attribute(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
