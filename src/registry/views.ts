/**
 * Read-only views the dashboard shows (and an HTTP API can return as they are): what is live
 * where across every service, the latest changes, and one deployment with its neighbours and
 * rollbacks. (The diff between two stored versions is diff.ts.)
 */
import { sql } from 'kysely';
import { AppError, retryAdvice } from '../errors.js';
import {
  deploymentBeforeQuery,
  deploymentsQuery,
  liveDeploymentQuery,
  rollbacksInEnvironmentQuery,
} from '../store/queries.js';
import type { DeploymentStatus, Store } from '../store/store.js';
import { checkName, requireService, toDeploymentView, toRollbackView } from './_lookup.js';
import type { DeploymentView, EnvironmentView, RollbackView, ServiceView } from './types.js';

/** A literal, not a bound parameter: the partial index on live deployments needs to see it (queries.ts). */
const LIVE = sql.lit<DeploymentStatus>('live');

export interface LiveMatrixResult {
  services: ServiceView[];
  /** Production environments first, then by name. */
  environments: EnvironmentView[];
  /** Every live deployment, one per service and environment at most. */
  live: DeploymentView[];
  /** Rollbacks (not undone) that made a live deployment live, keyed by that deployment's id. */
  rollbacksTo: Record<number, RollbackView>;
}

/**
 * What runs where: every service, every environment and the live deployments, read in one
 * transaction (three queries whatever the number of services).
 *
 * @example
 * const { services, environments, live } = await liveMatrix(store);
 */
export async function liveMatrix(store: Store): Promise<LiveMatrixResult> {
  return store.transaction('read', async (trx) => {
    const [services, environments, live, rollbacks] = await Promise.all([
      trx.selectFrom('services').select(['name', 'created_at', 'deploy_command']).orderBy('name').execute(),
      trx.selectFrom('environments').select(['name', 'production', 'created_at']).orderBy('name').execute(),
      deploymentsQuery(trx).where('d.status', '=', LIVE).orderBy('s.name').orderBy('e.name').execute(),
      trx
        .selectFrom('rollbacks as r')
        .innerJoin('deployments as d', 'd.id', 'r.to_deployment_id')
        .innerJoin('services as s', 's.id', 'r.service_id')
        .innerJoin('environments as e', 'e.id', 'r.environment_id')
        .innerJoin('versions as f', 'f.id', 'r.from_version_id')
        .innerJoin('versions as t', 't.id', 'r.to_version_id')
        .leftJoin('corrections as c', 'c.rollback_id', 'r.id')
        .select([
          'r.id',
          'r.to_deployment_id',
          's.name as service',
          'e.name as environment',
          'f.label as from_version',
          't.label as to_version',
          'r.rolled_back_at',
          'r.rolled_back_by',
          'r.reason',
        ])
        .where('d.status', '=', LIVE)
        .where('c.id', 'is', null)
        .execute(),
    ]);
    const rollbacksTo: Record<number, RollbackView> = {};
    for (const row of rollbacks) rollbacksTo[row.to_deployment_id] = toRollbackView(row.service, row.environment, row);
    return {
      services: services.map((row) => ({
        name: row.name,
        createdAt: row.created_at,
        deployCommand: row.deploy_command,
      })),
      environments: environments
        .map((row) => ({ name: row.name, production: row.production === 1, createdAt: row.created_at }))
        .sort((left, right) => Number(right.production) - Number(left.production)),
      live: live.map(toDeploymentView),
      rollbacksTo,
    };
  });
}

export type RecentEvent =
  | { kind: 'deployed'; at: string; deployment: DeploymentView }
  | { kind: 'rolled-back'; at: string; rollback: RollbackView };

/**
 * The latest deployments and rollbacks across every service, newest first: what changed lately,
 * the first question in an incident.
 *
 * @example
 * const events = await recentActivity(store, { limit: 10 });
 */
export async function recentActivity(store: Store, input: { limit?: number } = {}): Promise<RecentEvent[]> {
  const limit = Math.max(1, Math.min(input.limit ?? 10, 200));
  const [deployments, rollbacks] = await store.transaction('read', async (trx) =>
    Promise.all([
      deploymentsQuery(trx).orderBy('d.deployed_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute(),
      trx
        .selectFrom('rollbacks as r')
        .innerJoin('services as s', 's.id', 'r.service_id')
        .innerJoin('environments as e', 'e.id', 'r.environment_id')
        .innerJoin('versions as f', 'f.id', 'r.from_version_id')
        .innerJoin('versions as t', 't.id', 'r.to_version_id')
        .leftJoin('corrections as c', 'c.rollback_id', 'r.id')
        .select([
          'r.id',
          'r.to_deployment_id',
          'r.created_deployment',
          's.name as service',
          'e.name as environment',
          'f.label as from_version',
          't.label as to_version',
          'r.rolled_back_at',
          'r.rolled_back_by',
          'r.reason',
        ])
        .where('c.id', 'is', null)
        .orderBy('r.rolled_back_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit)
        .execute(),
    ]),
  );
  // The deployment a rollback recorded itself is that rollback: listed once, as the rollback.
  const recordedByRollback = new Set(
    rollbacks.filter((row) => row.created_deployment === 1).map((row) => row.to_deployment_id),
  );
  const events: RecentEvent[] = [
    ...deployments
      .filter((row) => !recordedByRollback.has(row.id))
      .map((row) => ({
        kind: 'deployed' as const,
        at: row.deployed_at,
        deployment: toDeploymentView(row),
      })),
    ...rollbacks.map((row) => ({
      kind: 'rolled-back' as const,
      at: row.rolled_back_at,
      rollback: toRollbackView(row.service, row.environment, row),
    })),
  ];
  // At the same instant, a rollback comes before a deployment (it explains it).
  const rank = (event: RecentEvent): number => (event.kind === 'rolled-back' ? 0 : 1);
  events.sort((left, right) => (left.at < right.at ? 1 : left.at > right.at ? -1 : rank(left) - rank(right)));
  return events.slice(0, limit);
}

export interface DeploymentDetailResult {
  deployment: DeploymentView;
  /** The deployment before it in the same environment (what it replaced), if any. */
  previous: DeploymentView | null;
  /** The deployment after it in the same environment (what replaced it), if any. */
  next: DeploymentView | null;
  /** What is live in the environment now (this deployment itself when it is live), if anything. */
  live: DeploymentView | null;
  /** Whether the environment is flagged production. */
  production: boolean;
  /** Rollbacks away from or back to this deployment (not undone), newest first. */
  rollbacks: RollbackView[];
}

/**
 * One deployment of a service by id (`deploy-<id>` in history), with the deployment it replaced
 * and the rollbacks that involve it.
 *
 * @example
 * const { deployment, previous } = await showDeployment(store, { service: 'shop', id: 12 });
 */
export async function showDeployment(
  store: Store,
  input: { service: string; id: number },
): Promise<DeploymentDetailResult> {
  const serviceName = checkName('service', input.service);
  return store.transaction('read', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    const row = Number.isSafeInteger(input.id)
      ? await deploymentsQuery(trx)
          .where('d.id', '=', input.id)
          .where('d.service_id', '=', service.id)
          .executeTakeFirst()
      : undefined;
    if (row === undefined) {
      throw new AppError(
        'REGISTRY_UNKNOWN_EVENT',
        `Unknown deployment "deploy-${input.id}" of service "${service.name}": the registry ${store.location} has no such deployment of it; expected an id that holdfast history lists. ${retryAdvice(false, 'Pick the deployment from the service page or holdfast history')}`,
      );
    }
    const [previous, next, live, environment, rollbacks] = await Promise.all([
      deploymentBeforeQuery(trx, service.id, row.environment_id, {
        at: row.deployed_at,
        id: row.id,
      }).executeTakeFirst(),
      deploymentsQuery(trx)
        .where('d.service_id', '=', service.id)
        .where('d.environment_id', '=', row.environment_id)
        .where((eb) => eb(eb.refTuple('d.deployed_at', 'd.id'), '>', eb.tuple(row.deployed_at, row.id)))
        .orderBy('d.deployed_at')
        .orderBy('d.id')
        .limit(1)
        .executeTakeFirst(),
      liveDeploymentQuery(trx, service.id, row.environment_id).executeTakeFirst(),
      trx
        .selectFrom('environments')
        .select('production')
        .where('id', '=', row.environment_id)
        .executeTakeFirstOrThrow(),
      rollbacksInEnvironmentQuery(trx, service.id, row.environment_id, null, 50).execute(),
    ]);
    return {
      deployment: toDeploymentView(row),
      previous: previous === undefined ? null : toDeploymentView(previous),
      next: next === undefined ? null : toDeploymentView(next),
      live: live === undefined ? null : toDeploymentView(live),
      production: environment.production === 1,
      rollbacks: rollbacks
        .filter((rollback) => rollback.from_deployment_id === row.id || rollback.to_deployment_id === row.id)
        .map((rollback) => toRollbackView(service.name, row.environment, rollback)),
    };
  });
}
