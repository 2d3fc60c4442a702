/** `deploy`: record that a version now runs in an environment. */
import { liveDeploymentQuery } from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import {
  checkName,
  type EnvironmentRow,
  findVersion,
  optionalText,
  requireService,
  type ServiceRow,
  toDeploymentView,
  type VersionRow,
} from './_lookup.js';
import type { DeployInput, DeployResult, RegistryOptions } from './types.js';

/**
 * Records a deployment in one transaction: the deployment live in that environment until now
 * becomes `replaced`, the new one is `live`. Owner, expected result and rollback note are stored
 * with it. The environment is created on first use. A version that was never published is
 * recorded anyway (with a warning): the registry should know what runs, even without its contract.
 *
 * @example
 * await deploy(store, { service: 'shop', version: '1.2.0', environment: 'production', owner: 'ana',
 *   expectedResult: 'checkout p95 < 300 ms', rollbackNote: 'safe to redeploy 1.1.0' }, { cwd });
 */
export async function deploy(store: Store, input: DeployInput, options: RegistryOptions): Promise<DeployResult> {
  const serviceName = checkName('service', input.service);
  const label = checkName('version', input.version);
  const environmentName = checkName('environment', input.environment);
  const now = (options.now ?? (() => new Date()))().toISOString();

  return store.transaction('write', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    await lockService(trx, service, now);
    const warnings: string[] = [];
    let version = await findVersion(trx, service, label);
    if (version === undefined) {
      // A concurrent publish of the same label may win (PostgreSQL): then use its row.
      version =
        (await trx
          .insertInto('versions')
          .values({
            service_id: service.id,
            label,
            document_hash: null,
            created_at: now,
            published_at: null,
            git_branch: null,
            git_commit: null,
          })
          .onConflict((conflict) => conflict.columns(['service_id', 'label']).doNothing())
          .returningAll()
          .executeTakeFirst()) ?? (await findVersion(trx, service, label))!;
    }
    if (version.document_hash === null) warnings.push(neverPublished(serviceName, label));
    const environment = await ensureEnvironment(trx, environmentName, now);
    const replaced = await replaceLive(trx, service, environment, 'replaced');
    const deployment = await insertDeployment(trx, service, version, environment, now, {
      owner: optionalText(input.owner),
      expectedResult: optionalText(input.expectedResult),
      rollbackNote: optionalText(input.rollbackNote),
    });
    return {
      deployment,
      replaced,
      warnings,
    };
  });
}

export function neverPublished(service: string, version: string): string {
  return `Version ${version} of ${service} was never published: the registry has no contract for it, so can-i-deploy and rollback plan cannot compare against it. Publish it with holdfast publish --service ${service} --version ${version} CONTRACT.`;
}

/**
 * Serializes writes about one service: on PostgreSQL the row lock makes a concurrent deploy wait
 * for this transaction and then see its result (instead of both replacing the same live row); on
 * SQLite the write transaction already holds the database lock.
 */
export async function lockService(trx: StoreTransaction, service: ServiceRow, now: string): Promise<void> {
  await trx.updateTable('services').set({ updated_at: now }).where('id', '=', service.id).execute();
}

export async function ensureEnvironment(trx: StoreTransaction, name: string, now: string): Promise<EnvironmentRow> {
  await trx
    .insertInto('environments')
    .values({ name, created_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  return trx.selectFrom('environments').select(['id', 'name']).where('name', '=', name).executeTakeFirstOrThrow();
}

/** Ends the live deployment of the service in the environment with `status`; returns it as it is now. */
export async function replaceLive(
  trx: StoreTransaction,
  service: ServiceRow,
  environment: EnvironmentRow,
  status: 'replaced' | 'rolled_back',
) {
  const live = await liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst();
  if (live === undefined) return null;
  await trx.updateTable('deployments').set({ status }).where('id', '=', live.id).execute();
  return toDeploymentView({ ...live, status });
}

export async function insertDeployment(
  trx: StoreTransaction,
  service: ServiceRow,
  version: VersionRow,
  environment: EnvironmentRow,
  now: string,
  fields: { owner: string | null; expectedResult: string | null; rollbackNote: string | null },
) {
  const inserted = await trx
    .insertInto('deployments')
    .values({
      service_id: service.id,
      version_id: version.id,
      environment_id: environment.id,
      deployed_at: now,
      owner: fields.owner,
      expected_result: fields.expectedResult,
      rollback_note: fields.rollbackNote,
      status: 'live',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toDeploymentView({
    id: inserted.id,
    service_id: service.id,
    service: service.name,
    version_id: version.id,
    version: version.label,
    document_hash: version.document_hash,
    environment_id: environment.id,
    environment: environment.name,
    deployed_at: now,
    owner: fields.owner,
    expected_result: fields.expectedResult,
    rollback_note: fields.rollbackNote,
    status: 'live',
  });
}
