/** `rollback plan` and `rollback record`: going back to an earlier version, safely for clients. */
import { AppError, retryAdvice } from '../errors.js';
import { applyUsage } from '../policy/index.js';
import {
  type DeploymentRow,
  deploymentBeforeQuery,
  deploymentOfVersionBeforeQuery,
  documentsQuery,
  latestDeploymentOfVersionQuery,
  liveDeploymentQuery,
  previousDeploymentQuery,
  rollbacksInEnvironmentQuery,
} from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { Comparer, type StoredContract } from './_changes.js';
import {
  checkName,
  type EnvironmentRow,
  optionalText,
  requireEnvironment,
  requireService,
  requireVersion,
  type ServiceRow,
  toDeploymentView,
  toRollbackView,
  type VersionRow,
} from './_lookup.js';
import { compareLabels } from './_order.js';
import { insertDeployment, lockService, neverPublished, rollbackSentence } from './deploy.js';
import type {
  DeploymentView,
  RegistryOptions,
  RollbackPlanInput,
  RollbackPlanResult,
  RollbackRecordInput,
  RollbackRecordResult,
  RollbackStep,
  RollbackTraffic,
  RollbackView,
} from './types.js';
import { DEFAULT_USAGE_DAYS } from './usage.js';
import { readUsageTable, type UsageByOperationResult } from './usage-lookup.js';

/** How many recent rollbacks a plan reads (the latest, and the versions its default target skips). */
const LISTED_ROLLBACKS = 10;

/** What rollback plan reads from the store: everything but the diff. */
export interface RollbackPlanState {
  /** The service's recorded deploy command. */
  deployCommand: string | null;
  live: DeploymentRow;
  /** Rollbacks recorded in the environment (not undone), newest first: the latest, and what the default target skips. */
  rollbacks: RollbackView[];
  target: { version: VersionRow; deployment: DeploymentRow | undefined };
  liveContract: StoredContract | undefined;
  targetContract: StoredContract | undefined;
}

/** Reads the live deployment, picks the target and loads both contracts, in one read transaction. */
export async function readRollbackPlanState(
  trx: StoreTransaction,
  input: { service: string; environment: string; to?: string },
  location: string,
): Promise<RollbackPlanState> {
  const service = await requireService(trx, input.service, location);
  const environment = await requireEnvironment(trx, input.environment, location);
  const live = await requireLive(trx, service, environment, 'No rollback plan');
  const rollbacks = (
    await rollbacksInEnvironmentQuery(trx, service.id, environment.id, null, LISTED_ROLLBACKS).execute()
  ).map((row) => toRollbackView(service.name, environment.name, row));
  let target: RollbackPlanState['target'];
  if (input.to !== undefined) {
    const version = await requireVersion(trx, service, input.to);
    if (version.id === live.version_id) {
      throw new AppError(
        'REGISTRY_NO_ROLLBACK_TARGET',
        `No rollback plan for ${service.name} in ${environment.name}: version ${version.label} is already live there; expected --to to name another version. ${retryAdvice(false, 'Name an earlier version, or leave out --to to use the previous deployment')}`,
      );
    }
    const deployment = await latestDeploymentOfVersionQuery(
      trx,
      service.id,
      environment.id,
      version.id,
    ).executeTakeFirst();
    target = { version, deployment };
  } else {
    const previous = await previousDeploymentQuery(
      trx,
      service.id,
      environment.id,
      { at: live.deployed_at, id: live.id },
      live.version_id,
    ).executeTakeFirst();
    if (previous === undefined) {
      const skipped = [...new Set(rollbacks.map((rollback) => rollback.fromVersion))].filter(
        (version) => version !== live.version,
      );
      const found =
        skipped.length === 0
          ? `${live.version} is the only version ever deployed there`
          : `every other version deployed there was rolled back (${skipped.join(', ')})`;
      throw new AppError(
        'REGISTRY_NO_ROLLBACK_TARGET',
        `No rollback target for ${service.name} in ${environment.name}: ${found}; expected an earlier deployment of another version. ${retryAdvice(false, 'Name a published version with --to')}`,
      );
    }
    target = {
      version: {
        id: previous.version_id,
        label: previous.version,
        document_hash: previous.document_hash,
        created_at: previous.deployed_at,
        published_at: null,
        git_branch: null,
        git_commit: null,
        dirty: null,
      },
      deployment: previous,
    };
  }
  const hashes = [live.document_hash, target.version.document_hash].filter((hash): hash is string => hash !== null);
  const documents = new Map(
    hashes.length === 0
      ? []
      : (await documentsQuery(trx, [...new Set(hashes)]).execute()).map((row) => [row.hash, row.content] as const),
  );
  const stored = (version: string, hash: string | null): StoredContract | undefined =>
    hash === null ? undefined : { service: service.name, version, hash, text: documents.get(hash) ?? '' };
  return {
    deployCommand: service.deploy_command ?? null,
    live,
    rollbacks,
    target,
    liveContract: stored(live.version, live.document_hash),
    targetContract: stored(target.version.label, target.version.document_hash),
  };
}

async function requireLive(
  trx: StoreTransaction,
  service: ServiceRow,
  environment: EnvironmentRow,
  what: string,
): Promise<DeploymentRow> {
  const live = await liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst();
  if (live !== undefined) return live;
  throw new AppError(
    'REGISTRY_NOTHING_LIVE',
    `${what} for ${service.name} in ${environment.name}: nothing of ${service.name} is live there; expected a live deployment to roll back from. ${retryAdvice(false, `Check holdfast history --service ${service.name}`)}`,
  );
}

/**
 * Plans a rollback of `service` in `environment` to `to` (default: the latest earlier deployment
 * of another version there). The diff runs in the rollback's direction: base = the live contract,
 * revision = the target, so anything added since the target that clients may already use (a
 * response field, an operation) shows up as breaking. The plan carries the live deployment's
 * rollback note and owner, and numbered steps: deploy, verify, record.
 *
 * @example
 * const plan = await rollbackPlan(store, { service: 'shop', environment: 'production' }, { cwd });
 * for (const step of plan.steps) lines.push(`${step.number}. ${step.title}`);
 */
export async function rollbackPlan(
  store: Store,
  input: RollbackPlanInput,
  options: RegistryOptions,
): Promise<RollbackPlanResult> {
  const request = {
    service: checkName('service', input.service),
    environment: checkName('environment', input.environment),
    to: input.to === undefined ? undefined : checkName('version', input.to),
  };
  const state = await store.transaction('read', (trx) => readRollbackPlanState(trx, request, store.location));
  const deployCommand = state.deployCommand ?? optionalText(input.deployCommand);
  const live = toDeploymentView(state.live);
  const targetDeployment = state.target.deployment === undefined ? null : toDeploymentView(state.target.deployment);
  const targetVersion = state.target.version;
  const warnings: string[] = [];
  const targetRolledBack = state.rollbacks.find((rollback) => rollback.fromVersion === targetVersion.label);
  if (targetRolledBack !== undefined) {
    warnings.push(
      `Version ${targetVersion.label} was rolled back in ${request.environment} (${rollbackSentence(targetRolledBack)}).`,
    );
  }
  if (state.liveContract === undefined) warnings.push(neverPublished(request.service, live.version));
  if (state.targetContract === undefined) warnings.push(neverPublished(request.service, targetVersion.label));
  if (targetDeployment === null) {
    warnings.push(
      `Version ${targetVersion.label} never ran in ${request.environment}: no expected result or rollback note was recorded for it there.`,
    );
  }

  let comparison: RollbackPlanResult['comparison'] = null;
  let safe = true;
  let traffic: RollbackTraffic | null = null;
  if (state.liveContract !== undefined && state.targetContract !== undefined) {
    const compared = await new Comparer(options.cwd, options.policy, options.memo).compare(
      state.liveContract,
      state.targetContract,
    );
    comparison = compared.result;
    safe = !compared.blocked;
    const usage = await store.transaction('read', async (trx) => {
      const service = await requireService(trx, request.service, store.location);
      const environment = await requireEnvironment(trx, request.environment, store.location);
      return readUsageTable(trx, service, environment, DEFAULT_USAGE_DAYS, (options.now ?? (() => new Date()))());
    });
    if (usage.latestHour !== null) {
      // The findings show their calls too, most called first; the verdict stays the policy's.
      comparison = applyUsage(comparison, usage, {
        ignoreUnused: false,
        failOn: options.policy?.failOn ?? 'breaking',
      }).result;
      traffic = removedTraffic(comparison, usage);
    }
  }
  const target = {
    version: targetVersion.label,
    published: targetVersion.document_hash !== null,
    contractHash: targetVersion.document_hash === null ? null : `sha256:${targetVersion.document_hash}`,
    deployment: targetDeployment,
  };
  return {
    service: request.service,
    environment: request.environment,
    live,
    target,
    comparison,
    safe,
    note: { rollbackNote: live.rollbackNote, writtenBy: live.rollbackNoteBy, owner: live.owner },
    lastRollback: state.rollbacks[0] ?? null,
    skippedRolledBack:
      input.to === undefined ? state.rollbacks.filter((rollback) => rollback.fromVersion !== live.version) : [],
    deployCommandSource: deployCommand === null ? null : state.deployCommand !== null ? 'service' : 'config',
    traffic,
    steps: rollbackSteps(request.service, request.environment, live, target.version, targetDeployment, deployCommand),
    warnings,
  };
}

/** Rules that report an operation the revision (here: the rollback's target) no longer has. */
const REMOVAL_RULES = new Set([
  'api-operation-removed',
  'api-deprecated-operation-removed',
  'api-operation-removed-before-sunset',
]);

/** The operations the rollback removes, with their calls over the usage window, most called first. */
function removedTraffic(
  comparison: NonNullable<RollbackPlanResult['comparison']>,
  usage: UsageByOperationResult,
): RollbackTraffic {
  const removed = new Map<string, RollbackTraffic['removed'][number]>();
  for (const finding of comparison.findings) {
    if (!REMOVAL_RULES.has(finding.id) || finding.operation === null) continue;
    const operation = `${finding.operation.method.toUpperCase()} ${finding.operation.path}`;
    if (removed.has(operation)) continue;
    const calls = finding.usage ?? { calls: 0, clients: 0, topClients: [] };
    removed.set(operation, {
      operation,
      calls: calls.calls,
      clients: calls.clients,
      topClients: calls.topClients.map((top) => ({ ...top })),
    });
  }
  const list = [...removed.values()].sort(
    (left, right) => right.calls - left.calls || (left.operation < right.operation ? -1 : 1),
  );
  return {
    days: usage.days,
    since: usage.since,
    until: usage.until,
    totalCalls: usage.totalCalls,
    removedCalls: list.reduce((sum, entry) => sum + entry.calls, 0),
    removed: list,
  };
}

async function markRolledBack(trx: StoreTransaction, deployment: DeploymentRow): Promise<void> {
  await trx.updateTable('deployments').set({ status: 'rolled_back' }).where('id', '=', deployment.id).execute();
}

/** Quotes a value for a POSIX shell command line, only when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function rollbackSteps(
  service: string,
  environment: string,
  live: DeploymentView,
  target: string,
  targetDeployment: DeploymentView | null,
  deployCommand: string | null,
): RollbackStep[] {
  const fill = (template: string) =>
    template
      .replace(/\{service\}/g, shellQuote(service))
      .replace(/\{version\}/g, shellQuote(target))
      .replace(/\{env\}/g, shellQuote(environment));
  const q = shellQuote;
  const deploy: RollbackStep =
    deployCommand !== null
      ? {
          number: 1,
          title: `Deploy ${target} to ${environment} with the team's deploy command`,
          command: fill(deployCommand),
          detail: null,
        }
      : {
          number: 1,
          title: `Deploy ${target} to ${environment} with your deploy tooling`,
          command: null,
          detail: `No deploy command is recorded for ${service}: record one with holdfast service set --service ${q(service)} --deploy-command '...' (or deploy-command in [tool.holdfast]), and plans will print it here.`,
        };
  const expected = targetDeployment?.expectedResult ?? null;
  const verify: RollbackStep = {
    number: 2,
    title: 'Verify',
    command: null,
    detail:
      expected === null
        ? `No expected result was recorded for ${target} in ${environment}; check the service's health checks and the clients named in the rollback note.`
        : `Expected result recorded when ${target} was deployed: ${expected}`,
  };
  const record: RollbackStep = {
    number: 3,
    title: 'Record the rollback',
    command: `holdfast rollback record --service ${q(service)} --env ${q(environment)} --from ${q(live.version)} --to ${q(target)} --by '<you>' --reason '<why>'`,
    detail: `Marks ${live.version} as rolled back and ${target} as live, so the next plan and history show what happened.`,
  };
  return [deploy, verify, record];
}

/**
 * Records a rollback in one transaction. If `to` is already live (it was redeployed with
 * `holdfast deploy`), the deployment it replaced becomes `rolled_back`; otherwise the live
 * deployment becomes `rolled_back` and a new live deployment of `to` is recorded (owner: `by`;
 * expected result and rollback note carried over from the target's last deployment there).
 * `from`, when given, must name the version being rolled back.
 *
 * @example
 * await rollbackRecord(store, { service: 'shop', environment: 'production', from: '1.3.0', to: '1.2.0',
 *   by: 'ana', reason: 'checkout errors' }, { cwd });
 */
export async function rollbackRecord(
  store: Store,
  input: RollbackRecordInput,
  options: RegistryOptions,
): Promise<RollbackRecordResult> {
  const serviceName = checkName('service', input.service);
  const environmentName = checkName('environment', input.environment);
  const to = checkName('version', input.to);
  const from = input.from === undefined || input.from === null ? null : checkName('version', input.from);
  const by = optionalText(input.by);
  const reason = optionalText(input.reason);
  const now = (options.now ?? (() => new Date()))().toISOString();

  return store.transaction('write', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    const environment = await requireEnvironment(trx, environmentName, store.location);
    await lockService(trx, service, now);
    const target = await requireVersion(trx, service, to);
    const live = await requireLive(trx, service, environment, 'Could not record the rollback');
    const refuseRollForward = (fromLabel: string) => {
      const order = compareLabels(to, fromLabel);
      if (order !== null && order > 0) {
        throw new AppError(
          'REGISTRY_ROLLBACK_MISMATCH',
          `Could not record the rollback of ${serviceName} in ${environmentName}: --to ${to} is newer than ${fromLabel}, so that is a roll-forward: use deploy; expected a version older than ${fromLabel}. ${retryAdvice(false, `Record it with holdfast deploy --service ${shellQuote(serviceName)} --version ${shellQuote(to)} --env ${shellQuote(environmentName)}`)}`,
          { exitCode: 1 },
        );
      }
    };
    const mismatch = (found: string, expected: string) =>
      new AppError(
        'REGISTRY_ROLLBACK_MISMATCH',
        `Could not record the rollback of ${serviceName} in ${environmentName}: ${found}; expected ${expected}. ${retryAdvice(false, `Check holdfast history --service ${serviceName} --env ${environmentName}`)}`,
      );

    let rolledBackRow: DeploymentRow;
    let liveAfter: DeploymentView;
    let createdDeployment: boolean;
    if (live.version_id === target.id) {
      // The target was redeployed with `holdfast deploy`: roll back the deployment it replaced.
      const replaced = await deploymentBeforeQuery(trx, service.id, environment.id, {
        at: live.deployed_at,
        id: live.id,
      }).executeTakeFirst();
      if (replaced === undefined || replaced.status !== 'replaced' || replaced.version_id === target.id) {
        throw mismatch(`${to} is live there and no other version ran before it`, `a live version other than ${to}`);
      }
      if (from !== null && replaced.version !== from) {
        throw mismatch(
          `${to} is live there and replaced ${replaced.version}`,
          `--from ${replaced.version}, not ${from}`,
        );
      }
      refuseRollForward(replaced.version);
      await requireEarlierDeployment(trx, target, replaced, mismatch);
      rolledBackRow = replaced;
      await markRolledBack(trx, replaced);
      liveAfter = toDeploymentView(live);
      createdDeployment = false;
    } else {
      if (from !== null && live.version !== from) {
        throw mismatch(`${live.version} is live there`, `--from ${from} to be live`);
      }
      refuseRollForward(live.version);
      await requireEarlierDeployment(trx, target, live, mismatch);
      rolledBackRow = live;
      // Before the insert: at most one live deployment per service and environment (a unique index).
      await markRolledBack(trx, live);
      const earlier = await latestDeploymentOfVersionQuery(
        trx,
        service.id,
        environment.id,
        target.id,
      ).executeTakeFirst();
      liveAfter = await insertDeployment(trx, service, target, environment, now, {
        owner: by,
        expectedResult: earlier?.expected_result ?? null,
        rollbackNote: earlier?.rollback_note ?? null,
        // The note is carried over; its author is still whoever wrote it.
        rollbackNoteBy: earlier?.rollback_note_by ?? null,
      });
      createdDeployment = true;
    }
    const rolledBack = toDeploymentView({ ...rolledBackRow, status: 'rolled_back' });
    const inserted = await trx
      .insertInto('rollbacks')
      .values({
        service_id: service.id,
        environment_id: environment.id,
        from_version_id: rolledBackRow.version_id,
        to_version_id: target.id,
        from_deployment_id: rolledBack.id,
        to_deployment_id: liveAfter.id,
        rolled_back_at: now,
        rolled_back_by: by,
        reason,
        created_deployment: createdDeployment ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      rollback: {
        id: inserted.id,
        eventId: `rollback-${inserted.id}`,
        service: serviceName,
        environment: environmentName,
        fromVersion: rolledBack.version,
        toVersion: to,
        at: now,
        by,
        reason,
      },
      rolledBack,
      live: liveAfter,
      createdDeployment,
    };
  });
}

/** Refuses a rollback to a version that never ran in the environment before the one rolled back. */
async function requireEarlierDeployment(
  trx: StoreTransaction,
  target: VersionRow,
  from: DeploymentRow,
  mismatch: (found: string, expected: string) => AppError,
): Promise<void> {
  const earlier = await deploymentOfVersionBeforeQuery(trx, from.service_id, from.environment_id, target.id, {
    at: from.deployed_at,
    id: from.id,
  }).executeTakeFirst();
  if (earlier === undefined) {
    throw mismatch(
      `${target.label} never ran in ${from.environment} before ${from.version}`,
      `--to to name a version deployed there before ${from.version}`,
    );
  }
}
