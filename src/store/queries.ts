/**
 * The registry's queries, built once here so the registry runs them and the benchmark explains
 * exactly the same SQL (scripts/registry-bench.js). Each returns a Kysely query builder; callers
 * execute it inside a transaction.
 *
 * `status = 'live'` is written as a literal, never a bound parameter: a partial index
 * (`deployments_live_unique ... where status = 'live'`) is only usable when the planner can see
 * the value.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, DeploymentStatus } from './store.js';

type Db = Kysely<Database>;

/** A deployment with the names it refers to: what the registry shows for every deployment. */
export interface DeploymentRow {
  id: number;
  service_id: number;
  service: string;
  version_id: number;
  version: string;
  document_hash: string | null;
  environment_id: number;
  environment: string;
  deployed_at: string;
  owner: string | null;
  expected_result: string | null;
  rollback_note: string | null;
  rollback_note_by: string | null;
  status: DeploymentStatus;
}

/** Where a row sits in time order: ties on the timestamp are broken by id. */
export interface TimePosition {
  at: string;
  id: number;
}

const LIVE = sql.lit<DeploymentStatus>('live');
const ROLLED_BACK = sql.lit<DeploymentStatus>('rolled_back');

export function deploymentsQuery(db: Db) {
  return db
    .selectFrom('deployments as d')
    .innerJoin('services as s', 's.id', 'd.service_id')
    .innerJoin('versions as v', 'v.id', 'd.version_id')
    .innerJoin('environments as e', 'e.id', 'd.environment_id')
    .select([
      'd.id',
      'd.service_id',
      's.name as service',
      'd.version_id',
      'v.label as version',
      'v.document_hash',
      'd.environment_id',
      'e.name as environment',
      'd.deployed_at',
      'd.owner',
      'd.expected_result',
      'd.rollback_note',
      'd.rollback_note_by',
      'd.status',
    ]);
}

/** The live deployment of a service in an environment (hot: can-i-deploy, rollback plan, deploy). */
export function liveDeploymentQuery(db: Db, serviceId: number, environmentId: number) {
  return deploymentsQuery(db)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where('d.status', '=', LIVE);
}

/** Every live deployment of a service, one per environment. */
export function liveDeploymentsOfServiceQuery(db: Db, serviceId: number) {
  return deploymentsQuery(db).where('d.service_id', '=', serviceId).where('d.status', '=', LIVE).orderBy('e.name');
}

/**
 * The latest deployment in the environment before `before` whose version differs from
 * `otherThanVersionId` and was never rolled back there (hot: the default rollback target). A
 * version that was rolled back in the environment is never proposed again by default.
 */
export function previousDeploymentQuery(
  db: Db,
  serviceId: number,
  environmentId: number,
  before: TimePosition,
  otherThanVersionId: number,
) {
  return deploymentsQuery(db)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where((eb) => eb(eb.refTuple('d.deployed_at', 'd.id'), '<', eb.tuple(before.at, before.id)))
    .where('d.version_id', '<>', otherThanVersionId)
    .where('d.status', '<>', ROLLED_BACK)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('deployments as x')
            .select('x.id')
            .whereRef('x.service_id', '=', 'd.service_id')
            .whereRef('x.environment_id', '=', 'd.environment_id')
            .whereRef('x.version_id', '=', 'd.version_id')
            .where('x.status', '=', ROLLED_BACK),
        ),
      ),
    )
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1);
}

/** The deployment right before `before` in the same environment, whatever its version. */
export function deploymentBeforeQuery(db: Db, serviceId: number, environmentId: number, before: TimePosition) {
  return deploymentsQuery(db)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where((eb) => eb(eb.refTuple('d.deployed_at', 'd.id'), '<', eb.tuple(before.at, before.id)))
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1);
}

/** The latest deployment of one version in an environment before `before`. */
export function deploymentOfVersionBeforeQuery(
  db: Db,
  serviceId: number,
  environmentId: number,
  versionId: number,
  before: TimePosition,
) {
  return deploymentsQuery(db)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where('d.version_id', '=', versionId)
    .where((eb) => eb(eb.refTuple('d.deployed_at', 'd.id'), '<', eb.tuple(before.at, before.id)))
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1);
}

/** The latest deployment of one version in an environment. */
export function latestDeploymentOfVersionQuery(db: Db, serviceId: number, environmentId: number, versionId: number) {
  return deploymentsQuery(db)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where('d.version_id', '=', versionId)
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1);
}

/**
 * A page of a service's deployments, newest first, each with the version deployed before it in
 * the same environment (hot: history).
 */
export function historyDeploymentsQuery(
  db: Db,
  serviceId: number,
  environmentId: number | null,
  limit: number,
  since: string | null = null,
) {
  let query = deploymentsQuery(db)
    .select((eb) =>
      eb
        .selectFrom('deployments as p')
        .select('p.version_id')
        .whereRef('p.service_id', '=', 'd.service_id')
        .whereRef('p.environment_id', '=', 'd.environment_id')
        .where((inner) => inner(inner.refTuple('p.deployed_at', 'p.id'), '<', inner.refTuple('d.deployed_at', 'd.id')))
        .orderBy('p.deployed_at', 'desc')
        .orderBy('p.id', 'desc')
        .limit(1)
        .as('previous_version_id'),
    )
    .select((eb) =>
      eb.selectFrom('corrections as c').select('c.id').whereRef('c.deployment_id', '=', 'd.id').as('undone_by_id'),
    )
    .where('d.service_id', '=', serviceId);
  if (environmentId !== null) query = query.where('d.environment_id', '=', environmentId);
  if (since !== null) query = query.where('d.deployed_at', '>=', since);
  return query.orderBy('d.deployed_at', 'desc').orderBy('d.id', 'desc').limit(limit);
}

/**
 * A page of a service's versions, newest first by creation (hot: history). Which version each is
 * compared with is decided by semantic version order (src/registry/_order.ts), from
 * {@link publishedVersionsQuery}.
 */
export function historyVersionsQuery(db: Db, serviceId: number, limit: number, since: string | null = null) {
  let query = db
    .selectFrom('versions as v')
    .select([
      'v.id',
      'v.label',
      'v.document_hash',
      'v.created_at',
      'v.published_at',
      'v.git_branch',
      'v.git_commit',
      'v.dirty',
    ])
    .where('v.service_id', '=', serviceId);
  if (since !== null) query = query.where('v.created_at', '>=', since);
  return query.orderBy('v.created_at', 'desc').orderBy('v.id', 'desc').limit(limit);
}

/** Every published version of a service (id, label, publish time): what version order is computed from. */
export function publishedVersionsQuery(db: Db, serviceId: number) {
  return db
    .selectFrom('versions')
    .select(['id', 'label', 'document_hash', 'created_at', 'published_at'])
    .where('service_id', '=', serviceId)
    .where('document_hash', 'is not', null)
    .orderBy('created_at')
    .orderBy('id');
}

/**
 * The latest rollbacks in an environment, newest first, optionally only those away from one
 * version (why was it rolled back, and by whom?).
 */
export function rollbacksInEnvironmentQuery(
  db: Db,
  serviceId: number,
  environmentId: number,
  fromVersionId: number | null,
  limit: number,
) {
  let query = db
    .selectFrom('rollbacks as r')
    .innerJoin('versions as f', 'f.id', 'r.from_version_id')
    .innerJoin('versions as t', 't.id', 'r.to_version_id')
    .leftJoin('corrections as c', 'c.rollback_id', 'r.id')
    .select([
      'r.id',
      'r.from_version_id',
      'f.label as from_version',
      't.label as to_version',
      'r.from_deployment_id',
      'r.to_deployment_id',
      'r.rolled_back_at',
      'r.rolled_back_by',
      'r.reason',
      'r.created_deployment',
      'c.id as correction_id',
    ])
    .where('r.service_id', '=', serviceId)
    .where('r.environment_id', '=', environmentId)
    .where('c.id', 'is', null);
  if (fromVersionId !== null) query = query.where('r.from_version_id', '=', fromVersionId);
  return query.orderBy('r.rolled_back_at', 'desc').orderBy('r.id', 'desc').limit(limit);
}

/** A page of a service's corrections (`holdfast undo`), newest first. */
export function historyCorrectionsQuery(
  db: Db,
  serviceId: number,
  environmentId: number | null,
  since: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('corrections as c')
    .innerJoin('environments as e', 'e.id', 'c.environment_id')
    .leftJoin('deployments as d', 'd.id', 'c.deployment_id')
    .leftJoin('versions as dv', 'dv.id', 'd.version_id')
    .leftJoin('rollbacks as r', 'r.id', 'c.rollback_id')
    .leftJoin('versions as rf', 'rf.id', 'r.from_version_id')
    .leftJoin('versions as rt', 'rt.id', 'r.to_version_id')
    .leftJoin('deployments as rd', 'rd.id', 'c.restored_deployment_id')
    .leftJoin('versions as rv', 'rv.id', 'rd.version_id')
    .select([
      'c.id',
      'e.name as environment',
      'c.deployment_id',
      'dv.label as deployment_version',
      'c.rollback_id',
      'rf.label as rollback_from_version',
      'rt.label as rollback_to_version',
      'c.restored_deployment_id',
      'rv.label as restored_version',
      'c.corrected_at',
      'c.corrected_by',
      'c.reason',
    ])
    .where('c.service_id', '=', serviceId);
  if (environmentId !== null) query = query.where('c.environment_id', '=', environmentId);
  if (since !== null) query = query.where('c.corrected_at', '>=', since);
  return query.orderBy('c.corrected_at', 'desc').orderBy('c.id', 'desc').limit(limit);
}

/** A page of a service's rollbacks, newest first. */
export function historyRollbacksQuery(
  db: Db,
  serviceId: number,
  environmentId: number | null,
  limit: number,
  since: string | null = null,
) {
  let query = db
    .selectFrom('rollbacks as r')
    .innerJoin('environments as e', 'e.id', 'r.environment_id')
    .innerJoin('versions as f', 'f.id', 'r.from_version_id')
    .innerJoin('versions as t', 't.id', 'r.to_version_id')
    .select([
      'r.id',
      'e.name as environment',
      'f.label as from_version',
      't.label as to_version',
      'r.from_deployment_id',
      'r.to_deployment_id',
      'r.rolled_back_at',
      'r.rolled_back_by',
      'r.reason',
    ])
    .select((eb) =>
      eb.selectFrom('corrections as c').select('c.id').whereRef('c.rollback_id', '=', 'r.id').as('undone_by_id'),
    )
    .where('r.service_id', '=', serviceId);
  if (environmentId !== null) query = query.where('r.environment_id', '=', environmentId);
  if (since !== null) query = query.where('r.rolled_back_at', '>=', since);
  return query.orderBy('r.rolled_back_at', 'desc').orderBy('r.id', 'desc').limit(limit);
}

export function serviceByNameQuery(db: Db, name: string) {
  return db.selectFrom('services').select(['id', 'name', 'deploy_command']).where('name', '=', name);
}

export function environmentByNameQuery(db: Db, name: string) {
  return db.selectFrom('environments').select(['id', 'name', 'production']).where('name', '=', name);
}

export function versionByLabelQuery(db: Db, serviceId: number, label: string) {
  return db
    .selectFrom('versions')
    .select(['id', 'label', 'document_hash', 'created_at', 'published_at', 'git_branch', 'git_commit', 'dirty'])
    .where('service_id', '=', serviceId)
    .where('label', '=', label);
}

export function versionsByIdQuery(db: Db, ids: readonly number[]) {
  return db
    .selectFrom('versions')
    .select(['id', 'label', 'document_hash'])
    .where('id', 'in', [...ids]);
}

export function documentsQuery(db: Db, hashes: readonly string[]) {
  return db
    .selectFrom('documents')
    .select(['hash', 'content'])
    .where('hash', 'in', [...hashes]);
}

/** Names for "expected one of ..." messages: the first `limit` and how many there are in all. */
export async function serviceNames(db: Db, limit: number): Promise<{ names: string[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('services').select('name').orderBy('name').limit(limit).execute(),
    db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { names: rows.map((row) => row.name), total: Number(count.total) };
}

export async function environmentNames(db: Db, limit: number): Promise<{ names: string[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('environments').select('name').orderBy('name').limit(limit).execute(),
    db
      .selectFrom('environments')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { names: rows.map((row) => row.name), total: Number(count.total) };
}

/** The service's newest version labels (newest first) and how many it has. */
export async function versionLabels(
  db: Db,
  serviceId: number,
  limit: number,
): Promise<{ names: string[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('versions')
      .select('label')
      .where('service_id', '=', serviceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('versions')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow(),
  ]);
  return { names: rows.map((row) => row.label), total: Number(count.total) };
}
