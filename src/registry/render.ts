/**
 * Text and JSON for every registry result. Pure functions of the result objects, so the CLI (and
 * later the server) print the same thing; JSON embeds comparisons in the `holdfast diff --format
 * json` shape, which is a public, additive-only contract.
 */
import { type JsonReport, renderJson, renderText } from '../report/index.js';
import type { ComparisonResult } from '../rules/types.js';
import type {
  CanIDeployResult,
  ChangeSummary,
  DeploymentView,
  DeployResult,
  EnvironmentCreateResult,
  EnvironmentListResult,
  HistoryResult,
  PublishResult,
  RollbackPlanResult,
  RollbackRecordResult,
  ServiceListResult,
  ServiceSetResult,
  UndoResult,
  VersionListResult,
  VersionView,
} from './types.js';

export const REGISTRY_FORMATS = ['text', 'json'] as const;
export type RegistryFormat = (typeof REGISTRY_FORMATS)[number];

/** `2025-01-05T10:00:00.000Z` -> `2025-01-05 10:00:00Z`. */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

const NOT_RECORDED = '(not recorded)';
const STATUS_TEXT: Record<DeploymentView['status'], string> = {
  live: 'live',
  replaced: 'replaced',
  rolled_back: 'rolled back',
};

/** A deployment with its owner, expected result and rollback note, as every command shows it. */
export function deploymentLines(deployment: DeploymentView, indent = ''): string[] {
  const published = deployment.published ? '' : ' (never published: no contract in the registry)';
  return [
    `${indent}${deployment.service} ${deployment.version} in ${deployment.environment}: ${STATUS_TEXT[deployment.status]}, deployed ${formatTime(deployment.deployedAt)}${published}`,
    `${indent}  owner:           ${deployment.owner ?? NOT_RECORDED}`,
    `${indent}  expected result: ${deployment.expectedResult ?? NOT_RECORDED}`,
    `${indent}  rollback note:   ${noteText(deployment)}`,
  ];
}

/** The rollback note, naming its author when someone other than the owner wrote it. */
function noteText(deployment: DeploymentView): string {
  if (deployment.rollbackNote === null) return NOT_RECORDED;
  return deployment.rollbackNoteBy !== null && deployment.rollbackNoteBy !== deployment.owner
    ? `${deployment.rollbackNote} (written by ${deployment.rollbackNoteBy})`
    : deployment.rollbackNote;
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.map((warning) => `warning: ${warning}`);
}

function versionDetails(version: VersionView): string {
  const parts = [`contract ${shortContract(version.contractHash)}`];
  if (version.branch !== null) parts.push(`branch ${version.branch}`);
  if (version.commit !== null)
    parts.push(`commit ${version.commit.slice(0, 12)}${version.dirty ? ' + uncommitted changes' : ''}`);
  return parts.join(', ');
}

function shortContract(hash: string | null): string {
  return hash === null ? '(none)' : hash.slice(0, 'sha256:'.length + 12);
}

function indentBlock(text: string, indent: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}${line}`));
}

function changeLines(changes: ChangeSummary | null, previous: string | null, indent: string): string[] {
  if (previous === null) return [];
  if (changes === null) return [`${indent}changes from ${previous}: unknown (one of the two was never published)`];
  const lines = [
    `${indent}changes from ${changes.from}: ${changes.breaking} breaking, ${changes.warning} warning, ${changes.info} info`,
  ];
  for (const line of changes.topBreaking) lines.push(`${indent}  - ${line}`);
  if (changes.moreBreaking > 0) {
    lines.push(`${indent}  - and ${changes.moreBreaking} more breaking (holdfast diff shows them all)`);
  }
  return lines;
}

export function renderPublish(result: PublishResult): string {
  const { version } = result;
  const subject = `${version.service} ${version.version}`;
  const lines: string[] = [];
  switch (result.status) {
    case 'created':
      lines.push(`Published ${subject} (${versionDetails(version)}).`);
      if (!result.newDocument) lines.push('The same contract was already stored for another version; it is shared.');
      break;
    case 'attached':
      lines.push(
        `Published ${subject} (${versionDetails(version)}): it was already deployed; its deployments now have a contract.`,
      );
      break;
    case 'unchanged':
      lines.push(
        `Unchanged: ${subject} is already published with the same contract (${shortContract(version.contractHash)}).`,
      );
      break;
  }
  lines.push(...warningLines(result.warnings));
  return `${lines.join('\n')}\n`;
}

export function renderDeploy(result: DeployResult): string {
  if (result.status === 'unchanged') {
    const { deployment } = result;
    return `${[
      ...warningLines(result.warnings),
      `Unchanged: ${deployment.service} ${deployment.version} is already live in ${deployment.environment} with these details; nothing recorded.`,
      ...deploymentLines(deployment, '  '),
    ].join('\n')}\n`;
  }
  const lines = [...warningLines(result.warnings), 'Recorded deployment:', ...deploymentLines(result.deployment, '  ')];
  if (result.replaced !== null) lines.push('It replaces:', ...deploymentLines(result.replaced, '  '));
  return `${lines.join('\n')}\n`;
}

const VERDICT_TEXT: Record<CanIDeployResult['verdict'], string> = { yes: 'Yes.', no: 'No.', unknown: 'Unknown.' };

export function renderCanIDeploy(result: CanIDeployResult): string {
  const lines = [
    ...warningLines(result.warnings),
    `Can I deploy ${result.service} ${result.version} to ${result.environment}? ${VERDICT_TEXT[result.verdict]}`,
    result.reason,
  ];
  if (result.live !== null) lines.push('', `Live in ${result.environment}:`, ...deploymentLines(result.live, '  '));
  if (result.comparison !== null) lines.push('', ...indentBlock(renderText(result.comparison), ''));
  return `${lines.join('\n')}\n`;
}

export function renderRollbackPlan(result: RollbackPlanResult): string {
  const { live, target } = result;
  const lines = [
    ...warningLines(result.warnings),
    `Rollback plan for ${result.service} in ${result.environment}: ${live.version} -> ${target.version}`,
    '',
    'Live now:',
    ...deploymentLines(live, '  '),
    'Target:',
    ...(target.deployment === null
      ? [`  ${result.service} ${target.version}: never deployed in ${result.environment}`]
      : deploymentLines(target.deployment, '  ')),
    '',
    `1. What the rollback changes for clients (base: live ${live.version}, revision: target ${target.version})`,
  ];
  if (result.comparison === null) {
    lines.push('  Unknown: the registry has no contract for one of the two versions.');
  } else if (result.comparison.findings.length === 0) {
    lines.push('  Nothing: clients of the live version see no change.');
  } else {
    lines.push(...indentBlock(comparisonText(result.comparison), '  '));
  }
  lines.push(
    result.safe
      ? '  Verdict: the rollback does not break clients of the live version.'
      : `  Verdict: the rollback breaks clients that already use what ${live.version} added or changed. Warn them, or roll forward with a fix instead.`,
  );
  lines.push(...trafficLines(result));
  lines.push(
    '',
    (result.note.writtenBy ?? result.note.owner) === null
      ? `2. Rollback note (for ${live.version} in ${result.environment}; who wrote it was not recorded)`
      : `2. Rollback note (written by ${result.note.writtenBy ?? result.note.owner} for ${live.version} in ${result.environment})`,
    `  ${result.note.rollbackNote ?? NOT_RECORDED}`,
  );
  if (result.lastRollback !== null) {
    const rollback = result.lastRollback;
    lines.push(
      `  Last rollback here: ${rollback.fromVersion} -> ${rollback.toVersion} at ${formatTime(rollback.at)}, recorded by ${rollback.by ?? NOT_RECORDED} (${rollback.eventId})`,
      `    reason: ${rollback.reason ?? NOT_RECORDED}`,
    );
  }
  const skipped = [...new Set(result.skippedRolledBack.map((rollback) => rollback.fromVersion))];
  if (skipped.length > 0) {
    lines.push(`  Not proposed as the target, rolled back here before: ${skipped.join(', ')}`);
  }
  lines.push('', '3. Steps');
  for (const step of result.steps) {
    lines.push(`  ${step.number}. ${step.title}`);
    if (step.command !== null) lines.push(`       ${step.command}`);
    if (step.detail !== null) lines.push(`       ${step.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The calls to what the rollback removes, when usage was ingested. */
function trafficLines(result: RollbackPlanResult): string[] {
  const traffic = result.traffic;
  // Teams that ingest no access logs see the plan as before.
  if (traffic === null) return [];
  const window = `last ${traffic.days === 1 ? 'day' : `${traffic.days} days`}, since ${formatTime(traffic.since)}`;
  if (traffic.removed.length === 0) {
    return [`  Traffic: the rollback removes no operation (${window}: ${callCount(traffic.totalCalls)} in all).`];
  }
  const lines = [
    `  Traffic of the operations the rollback removes (${window}): ${traffic.removedCalls} of ${callCount(traffic.totalCalls)}`,
  ];
  for (const entry of traffic.removed) {
    const top = entry.topClients.map((client) => `${client.client} ${client.calls}`).join(', ');
    lines.push(
      entry.calls === 0
        ? `    ${entry.operation}: no calls`
        : `    ${entry.operation}: ${callCount(entry.calls)}, ${entry.clients} ${entry.clients === 1 ? 'client' : 'clients'} (${top})`,
    );
  }
  return lines;
}

function callCount(calls: number): string {
  return `${calls} ${calls === 1 ? 'call' : 'calls'}`;
}

export function renderRollbackRecord(result: RollbackRecordResult): string {
  const { rollback } = result;
  const lines = [
    `Recorded rollback of ${rollback.service} in ${rollback.environment}: ${rollback.fromVersion} -> ${rollback.toVersion} at ${formatTime(rollback.at)}`,
    `  by:     ${rollback.by ?? NOT_RECORDED}`,
    `  reason: ${rollback.reason ?? NOT_RECORDED}`,
    'Rolled back:',
    ...deploymentLines(result.rolledBack, '  '),
    result.createdDeployment
      ? 'Live now (recorded by this command):'
      : 'Live now (recorded earlier by holdfast deploy):',
    ...deploymentLines(result.live, '  '),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderHistory(result: HistoryResult): string {
  const scope = result.environment === null ? 'all environments' : result.environment;
  const since = result.since === null ? '' : `, since ${formatTime(result.since)}`;
  const lines = [
    ...warningLines(result.warnings),
    `History of ${result.service} (${scope}${since}), newest first`,
    '',
    'Live now:',
  ];
  const live = result.live;
  if (live.length === 0) lines.push('  nothing');
  for (const deployment of live) lines.push(...deploymentLines(deployment, '  '));
  lines.push('');
  if (result.events.length === 0) lines.push('No events yet.');
  for (const event of result.events) {
    const at = formatTime(event.at);
    if (event.kind === 'published') {
      lines.push(`${at}  published ${event.version.version} (${versionDetails(event.version)})  [${event.id}]`);
      lines.push(...changeLines(event.changes, event.previousVersion, '    '));
    } else if (event.kind === 'deployed') {
      const { deployment } = event;
      const before = event.previousVersion === null ? 'first deployment there' : `after ${event.previousVersion}`;
      const published = deployment.published ? '' : ', never published';
      lines.push(
        `${at}  deployed ${deployment.version} to ${deployment.environment} (${event.undoneBy === null ? STATUS_TEXT[deployment.status] : `undone by ${event.undoneBy}`}, ${before}${published})  [${event.id}]`,
        `    owner:           ${deployment.owner ?? NOT_RECORDED}`,
        `    expected result: ${deployment.expectedResult ?? NOT_RECORDED}`,
        `    rollback note:   ${noteText(deployment)}`,
      );
      if (event.previousVersion !== deployment.version) {
        lines.push(...changeLines(event.changes, event.previousVersion, '    '));
      }
    } else if (event.kind === 'rolled-back') {
      const { rollback } = event;
      lines.push(
        `${at}  rolled back ${rollback.environment} from ${rollback.fromVersion} to ${rollback.toVersion}${event.undoneBy === null ? '' : ` (undone by ${event.undoneBy})`}  [${event.id}]`,
        `    by:     ${rollback.by ?? NOT_RECORDED}`,
        `    reason: ${rollback.reason ?? NOT_RECORDED}`,
      );
    } else {
      const { correction } = event;
      lines.push(
        `${at}  undid ${correction.undoes}: the ${correction.summary}  [${event.id}]`,
        `    by:     ${correction.by ?? NOT_RECORDED}`,
        `    reason: ${correction.reason}`,
        `    live there now: ${correction.liveVersion ?? 'nothing'}`,
      );
    }
  }
  if (result.truncated) {
    lines.push(
      '',
      `Showing the ${result.limit} most recent events${result.since === null ? '' : ` since ${formatTime(result.since)}`}; older ones exist: use --limit N or --since DATE to see them.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function jsonComparison(comparison: ComparisonResult | null): JsonReport | null {
  return comparison === null ? null : (JSON.parse(renderJson(comparison)) as JsonReport);
}

/** The JSON document for a result: the result itself, with comparisons in the diff report's shape. */
export function registryJson(result: object): string {
  const value =
    'comparison' in result
      ? { ...result, comparison: jsonComparison((result as { comparison: ComparisonResult | null }).comparison) }
      : result;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A comparison as text inside a registry result: the findings and counts, without the version-bump line of `diff`. */
function comparisonText(comparison: ComparisonResult): string {
  // A rollback is not a release: the plan ends with the commands to run, not a semver suggestion.
  return renderText(comparison)
    .split('\n')
    .filter((line) => !line.startsWith('Suggested version bump:'))
    .join('\n');
}

export function renderUndo(result: UndoResult): string {
  const { correction } = result;
  const lines = [
    `Recorded ${correction.eventId}: undid ${correction.undoes} (the ${correction.summary}) at ${formatTime(correction.at)}`,
    `  by:     ${correction.by ?? NOT_RECORDED}`,
    `  reason: ${correction.reason}`,
  ];
  if (result.live === null) lines.push(`Nothing of ${correction.service} is live in ${correction.environment} now.`);
  else lines.push('Live now:', ...deploymentLines(result.live, '  '));
  return `${lines.join('\n')}\n`;
}

export function renderServices(result: ServiceListResult): string {
  if (result.services.length === 0) return 'No services yet.\n';
  return `${result.services
    .map(
      (service) =>
        `${service.name}${service.deployCommand === null ? '' : `  deploy command: ${service.deployCommand}`}`,
    )
    .join('\n')}\n`;
}

export function renderEnvironments(result: EnvironmentListResult): string {
  if (result.environments.length === 0) return 'No environments yet.\n';
  return `${result.environments
    .map((environment) => `${environment.name}${environment.production ? '  (production)' : ''}`)
    .join('\n')}\n`;
}

export function renderVersions(result: VersionListResult): string {
  if (result.versions.length === 0) return `No versions of ${result.service} yet.\n`;
  const lines = result.versions.map((version) =>
    version.published
      ? `${version.version}  published ${formatTime(version.publishedAt ?? version.createdAt)} (${versionDetails(version)})`
      : `${version.version}  never published (deployed ${formatTime(version.createdAt)})`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderEnvironmentCreate(result: EnvironmentCreateResult): string {
  const { environment } = result;
  const flag = environment.production ? 'production' : 'not production';
  const said = { created: 'Created', updated: 'Updated', unchanged: 'Unchanged:' }[result.status];
  return `${said} environment ${environment.name} (${flag}).\n`;
}

export function renderServiceSet(result: ServiceSetResult): string {
  const { service } = result;
  const what = service.deployCommand === null ? 'no deploy command' : `deploy command: ${service.deployCommand}`;
  return `${result.status === 'updated' ? 'Updated' : 'Unchanged:'} ${service.name}, ${what}.\n`;
}
