/**
 * SARIF 2.1.0 report (OASIS Static Analysis Results Interchange Format), for GitHub code scanning
 * and IDE viewers. One run; `tool.driver.rules` describes every rule that has a result, from the
 * catalog; results carry the level (breaking -> error, warning -> warning, info -> note), the file
 * and line, the operation as a logical location, and a stable partial fingerprint. Accepted
 * findings carry an external, accepted suppression with the reason as its justification (§3.35).
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { ComparisonResult, Finding, Level } from '../rules/types.js';
import { filterByLevel } from './_group.js';
import { docsLink, findingPath, fingerprint, operationLabel, ruleInfo } from './_machine.js';
import { findingUsageLines } from './_usage.js';
import { removalNote } from './_where.js';
import type { ReportOptions } from './formats.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const SARIF_LEVELS: Record<Level, 'error' | 'warning' | 'note'> = {
  breaking: 'error',
  warning: 'warning',
  info: 'note',
};

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  helpUri?: string;
  help: SarifMessage;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: SarifMessage;
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, unknown>;
}

/**
 * Renders a SARIF 2.1.0 log as 2-space indented JSON. `options.minLevel` drops lower findings.
 *
 * @example
 * await writeFile('holdfast.sarif', renderSarif(result, { toolVersion: '0.1.0' }));
 */
export function renderSarif(result: ComparisonResult, options: ReportOptions = {}): string {
  const findings = filterByLevel(result.findings, options.minLevel);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const finding of findings) {
    if (ruleIndex.has(finding.id)) continue;
    ruleIndex.set(finding.id, rules.length);
    rules.push(describeRule(finding.id, finding.level, options.docsUrl));
  }
  const driver: Record<string, unknown> = { name: 'holdfast' };
  if (options.toolVersion !== undefined) {
    driver.version = options.toolVersion;
    driver.semanticVersion = options.toolVersion;
  }
  if (options.docsUrl !== undefined) driver.informationUri = new URL('rules.md', options.docsUrl).href;
  driver.rules = rules;
  const run: Record<string, unknown> = {
    tool: { driver },
    results: findings.map((finding) => toResult(finding, ruleIndex.get(finding.id) ?? 0, options)),
    columnKind: 'utf16CodeUnits',
  };
  const properties: Record<string, unknown> = { base: result.base, revision: result.revision, summary: result.summary };
  if (result.policy) properties.policy = result.policy;
  run.properties = properties;
  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(id: string, level: Level, docsUrl: string | undefined): SarifRule {
  const info = ruleInfo(id, level);
  const link = docsLink(info, docsUrl);
  const relative = `docs/${info.docsPath}`;
  const helpText = [info.description, info.hint, `Documentation: ${link ?? relative}`].filter((part) => part !== '');
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: info.description },
    ...(link === undefined ? {} : { helpUri: link }),
    help: {
      text: helpText.join('\n\n'),
      markdown: [info.description, info.hint, `[${relative}](${link ?? relative})`]
        .filter((part) => part !== '')
        .join('\n\n'),
    },
    defaultConfiguration: { level: SARIF_LEVELS[info.level] },
    properties: { tags: ['api-compatibility', info.level] },
  };
}

function toResult(finding: Finding, index: number, options: ReportOptions): SarifResult {
  const operation = operationLabel(finding);
  const path = findingPath(finding.location, options.pathPrefix);
  const removed = removalNote(finding.location, path);
  const message = removed === null ? finding.message : `${finding.message} ${removed}`;
  const text = [message, ...findingUsageLines(finding), finding.hint].filter((line) => line !== '').join('\n');
  const location: SarifResult['locations'][number] = {
    physicalLocation: {
      artifactLocation: { uri: encodeUri(path) },
      region: { startLine: Math.max(1, finding.location.line) },
    },
  };
  if (operation !== null)
    location.logicalLocations = [{ name: operation, fullyQualifiedName: operation, kind: 'function' }];
  const properties: Record<string, unknown> = {
    pointer: finding.location.pointer,
    side: finding.side,
    operation: finding.operation,
    component: finding.component,
  };
  if (finding.stability !== undefined) properties.stability = finding.stability;
  if (finding.usage !== undefined) properties.usage = finding.usage;
  if (finding.downgraded !== undefined) properties.downgraded = finding.downgraded;
  const sarifResult: SarifResult = {
    ruleId: finding.id,
    ruleIndex: index,
    level: SARIF_LEVELS[finding.level],
    message: { text },
    locations: [location],
    partialFingerprints: { 'holdfast/v1': fingerprint(finding) },
    properties,
  };
  if (finding.accepted) {
    const until = finding.accepted.expires === null ? '' : ` (until ${finding.accepted.expires})`;
    sarifResult.suppressions = [
      { kind: 'external', status: 'accepted', justification: `${finding.accepted.reason}${until}` },
    ];
  }
  return sarifResult;
}

/** `response-property-removed` -> `ResponsePropertyRemoved` (SARIF §3.49.7: a readable name). */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** A relative URI reference for a path (SARIF §3.4.3): spaces and the like percent-encoded. */
function encodeUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !path.startsWith('git:') && !path.startsWith('py:')) return path;
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'))
    .join('/');
}
