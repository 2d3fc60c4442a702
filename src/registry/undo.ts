/** `undo`: reverse a deployment or a rollback record with a correction event; nothing is deleted. */
import { AppError, retryAdvice } from '../errors.js';
import { type DeploymentRow, deploymentBeforeQuery, deploymentsQuery } from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { optionalText, toDeploymentView } from './_lookup.js';
import { lockService } from './deploy.js';
import type { CorrectionView, RegistryOptions, UndoInput, UndoResult } from './types.js';

const EVENT_ID = /^(deploy|rollback|publish|undo)-([1-9]\d{0,15})$/;

/**
 * Reverses one event in one transaction and records a correction (`undo-<id>`) saying who did it
 * and why; history shows both. Only the latest state of an environment can be undone: a
 * deployment that is still live (the deployment it replaced is live again), or a rollback whose
 * target is still live (the rolled-back deployment is live again, or `replaced` when `deploy` had
 * recorded the target). Publishing cannot be undone (versions are immutable).
 *
 * @example
 * await undo(store, { eventId: 'deploy-42', reason: 'recorded the wrong version', by: 'ana' }, { cwd });
 */
export async function undo(store: Store, input: UndoInput, options: RegistryOptions): Promise<UndoResult> {
  const eventId = input.eventId.trim();
  const match = EVENT_ID.exec(eventId);
  const reason = optionalText(input.reason);
  if (match === null) {
    throw new AppError(
      'USAGE',
      `Invalid EVENT_ID "${input.eventId}": not an event id; expected deploy-N or rollback-N as holdfast history shows them.`,
    );
  }
  if (reason === null) {
    throw new AppError('USAGE', `Missing --reason for undoing ${eventId}: expected why the record is wrong.`);
  }
  const kind = match[1]!;
  const id = Number(match[2]);
  if (kind === 'publish' || kind === 'undo') {
    throw new AppError(
      'REGISTRY_UNDO_REFUSED',
      `Could not undo ${eventId}: ${kind === 'publish' ? 'a published version is immutable' : 'a correction cannot itself be undone'}; expected deploy-N or rollback-N. ${retryAdvice(false, kind === 'publish' ? 'Publish a corrected contract under a new version' : 'Record what is true now with holdfast deploy or holdfast rollback record')}`,
      { exitCode: 1 },
    );
  }
  const by = optionalText(input.by);
  const now = (options.now ?? (() => new Date()))().toISOString();
  return store.transaction('write', (trx) =>
    kind === 'deploy'
      ? undoDeployment(trx, eventId, id, reason, by, now)
      : undoRollback(trx, eventId, id, reason, by, now),
  );
}

function refused(eventId: string, found: string, expected: string, fix: string): AppError {
  return new AppError(
    'REGISTRY_UNDO_REFUSED',
    `Could not undo ${eventId}: ${found}; expected ${expected}. ${retryAdvice(false, fix)}`,
    { exitCode: 1 },
  );
}

function unknownEvent(eventId: string): AppError {
  return new AppError(
    'REGISTRY_UNKNOWN_EVENT',
    `Unknown event ${eventId}: the registry has no such record; expected an event id from holdfast history. ${retryAdvice(false, 'Copy the id from holdfast history --service S')}`,
  );
}

async function deploymentById(trx: StoreTransaction, id: number): Promise<DeploymentRow | undefined> {
  return deploymentsQuery(trx).where('d.id', '=', id).executeTakeFirst();
}

async function alreadyUndone(trx: StoreTransaction, column: 'deployment_id' | 'rollback_id', id: number) {
  return trx.selectFrom('corrections').select('id').where(column, '=', id).executeTakeFirst();
}

async function setStatus(trx: StoreTransaction, id: number, status: DeploymentRow['status']): Promise<void> {
  await trx.updateTable('deployments').set({ status }).where('id', '=', id).execute();
}

async function undoDeployment(
  trx: StoreTransaction,
  eventId: string,
  id: number,
  reason: string,
  by: string | null,
  now: string,
): Promise<UndoResult> {
  const found = await deploymentById(trx, id);
  if (found === undefined) throw unknownEvent(eventId);
  await lockService(trx, { id: found.service_id, name: found.service }, now);
  // Read again under the service's lock: a concurrent deploy may have changed its status.
  const deployment = (await deploymentById(trx, id)) ?? found;
  const history = `holdfast history --service ${deployment.service} --env ${deployment.environment}`;
  const done = await alreadyUndone(trx, 'deployment_id', id);
  if (done !== undefined) {
    throw refused(eventId, `it was already undone by undo-${done.id}`, 'an event not undone yet', `See ${history}`);
  }
  const rollback = await trx
    .selectFrom('rollbacks')
    .select('id')
    .where('service_id', '=', deployment.service_id)
    .where('to_deployment_id', '=', id)
    .executeTakeFirst();
  if (rollback !== undefined && !(await alreadyUndone(trx, 'rollback_id', rollback.id))) {
    throw refused(
      eventId,
      `it is the deployment rollback-${rollback.id} made live`,
      'a deployment no rollback depends on',
      `Undo rollback-${rollback.id} first`,
    );
  }
  if (deployment.status !== 'live') {
    throw refused(
      eventId,
      `${deployment.service} ${deployment.version} is no longer live in ${deployment.environment} (${deployment.status.replace('_', ' ')})`,
      'the live deployment: only the latest state of an environment can be undone',
      `Undo the later events first; see ${history}`,
    );
  }
  const before = await deploymentBeforeQuery(trx, deployment.service_id, deployment.environment_id, {
    at: deployment.deployed_at,
    id: deployment.id,
  }).executeTakeFirst();
  // The undone deployment stops being live first: at most one live deployment per environment.
  await setStatus(trx, id, 'replaced');
  const restored = before !== undefined && before.status === 'replaced' ? before : undefined;
  if (restored !== undefined) await setStatus(trx, restored.id, 'live');
  const correction = await insertCorrection(trx, {
    service_id: deployment.service_id,
    environment_id: deployment.environment_id,
    deployment_id: id,
    rollback_id: null,
    restored_deployment_id: restored?.id ?? null,
    corrected_at: now,
    corrected_by: by,
    reason,
  });
  return {
    correction: {
      id: correction,
      eventId: `undo-${correction}`,
      service: deployment.service,
      environment: deployment.environment,
      undoes: eventId,
      summary: `deployment of ${deployment.version} to ${deployment.environment}`,
      liveVersion: restored?.version ?? null,
      at: now,
      by,
      reason,
    } satisfies CorrectionView,
    live: restored === undefined ? null : toDeploymentView({ ...restored, status: 'live' }),
  };
}

async function undoRollback(
  trx: StoreTransaction,
  eventId: string,
  id: number,
  reason: string,
  by: string | null,
  now: string,
): Promise<UndoResult> {
  const rollback = await trx.selectFrom('rollbacks').selectAll().where('id', '=', id).executeTakeFirst();
  if (rollback === undefined) throw unknownEvent(eventId);
  await lockService(trx, { id: rollback.service_id, name: '' }, now);
  // Read under the service's lock: a concurrent deploy may have changed their status.
  const [from, to] = await Promise.all([
    deploymentById(trx, rollback.from_deployment_id),
    deploymentById(trx, rollback.to_deployment_id),
  ]);
  if (from === undefined || to === undefined) throw unknownEvent(eventId);
  const history = `holdfast history --service ${from.service} --env ${from.environment}`;
  const done = await alreadyUndone(trx, 'rollback_id', id);
  if (done !== undefined) {
    throw refused(eventId, `it was already undone by undo-${done.id}`, 'an event not undone yet', `See ${history}`);
  }
  if (to.status !== 'live') {
    throw refused(
      eventId,
      `${to.service} ${to.version}, which the rollback made live, is no longer live in ${to.environment}`,
      'the latest state of the environment: only it can be undone',
      `Undo the later events first; see ${history}`,
    );
  }
  // Rows from before migration 002 do not say; a deployment recorded at the rollback's instant was its own.
  const created =
    rollback.created_deployment === null
      ? to.deployed_at === rollback.rolled_back_at
      : rollback.created_deployment === 1;
  let live: DeploymentRow;
  if (created) {
    await setStatus(trx, to.id, 'replaced');
    await setStatus(trx, from.id, 'live');
    live = { ...from, status: 'live' };
  } else {
    // `deploy` recorded the target: it stays live; the rolled-back deployment was simply replaced.
    await setStatus(trx, from.id, 'replaced');
    live = to;
  }
  const correction = await insertCorrection(trx, {
    service_id: from.service_id,
    environment_id: from.environment_id,
    deployment_id: null,
    rollback_id: id,
    restored_deployment_id: live.id,
    corrected_at: now,
    corrected_by: by,
    reason,
  });
  return {
    correction: {
      id: correction,
      eventId: `undo-${correction}`,
      service: from.service,
      environment: from.environment,
      undoes: eventId,
      summary: `rollback of ${from.environment} from ${from.version} to ${to.version}`,
      liveVersion: live.version,
      at: now,
      by,
      reason,
    },
    live: toDeploymentView(live),
  };
}

async function insertCorrection(
  trx: StoreTransaction,
  values: {
    service_id: number;
    environment_id: number;
    deployment_id: number | null;
    rollback_id: number | null;
    restored_deployment_id: number | null;
    corrected_at: string;
    corrected_by: string | null;
    reason: string;
  },
): Promise<number> {
  const row = await trx.insertInto('corrections').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
