/** `deploy`: record that a version now runs in an environment. */
import { AppError, retryAdvice } from '../errors.js';
import { liveDeploymentQuery, publishedVersionsQuery, rollbacksInEnvironmentQuery } from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { parseExpectation } from '../usage/expectation.js';
import {
  checkName,
  type EnvironmentRow,
  findVersion,
  optionalText,
  quoteLabels,
  requireService,
  type ServiceRow,
  toDeploymentView,
  toRollbackView,
  type VersionRow,
} from './_lookup.js';
import { closestLabels } from './_order.js';
import type { DeployInput, DeployResult, RegistryOptions, RollbackView } from './types.js';

/**
 * Records a deployment in one transaction: the deployment live in that environment until now
 * becomes `replaced`, the new one is `live`. Owner, expected result and rollback note are stored
 * with it. The environment is created on first use.
 *
 * Fails closed: a version that was never published is refused unless `allowUnpublished` (then
 * recorded with a warning), and a version rolled back in this environment is refused unless
 * `force` (then the warning says why it was rolled back). Idempotent: the same version already
 * live there, with no new details, records nothing (`status: 'unchanged'`); a repeat that leaves
 * out the expected result or the rollback note keeps the ones recorded.
 *
 * @example
 * await deploy(store, { service: 'shop', version: '1.2.0', environment: 'production', owner: 'ana',
 *   expectedResult: 'checkout p95 < 300 ms', rollbackNote: 'safe to redeploy 1.1.0' }, { cwd });
 */
export async function deploy(store: Store, input: DeployInput, options: RegistryOptions): Promise<DeployResult> {
  const serviceName = checkName('service', input.service);
  const label = checkName('version', input.version);
  const environmentName = checkName('environment', input.environment);
  const owner = optionalText(input.owner);
  const expectedResult = optionalText(input.expectedResult);
  const rollbackNote = optionalText(input.rollbackNote);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const subject = `${serviceName} ${label} to ${environmentName}`;

  return store.transaction('write', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    await lockService(trx, service, now);
    const warnings: string[] = [];
    const unmeasurable = expectedResult === null ? null : almostMeasurable(expectedResult);
    if (unmeasurable !== null) warnings.push(unmeasurable);
    let version = await findVersion(trx, service, label);
    if (version?.document_hash == null && input.allowUnpublished !== true) {
      throw await unpublishedRefusal(trx, service, label, subject, version !== undefined);
    }
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
    const live = await liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst();

    if (live !== undefined && live.version_id === version.id) {
      const same = (given: string | null, stored: string | null) => given === null || given === stored;
      if (
        same(owner, live.owner) &&
        same(expectedResult, live.expected_result) &&
        same(rollbackNote, live.rollback_note)
      ) {
        return {
          status: 'unchanged',
          deployment: toDeploymentView(live),
          replaced: null,
          overriddenRollback: null,
          warnings,
        };
      }
    }

    let overriddenRollback: RollbackView | null = null;
    if (live === undefined || live.version_id !== version.id) {
      const rolledBack = await rollbacksInEnvironmentQuery(
        trx,
        service.id,
        environment.id,
        version.id,
        1,
      ).executeTakeFirst();
      // Every later deployment of it needs --force, until the rollback itself is undone.
      if (rolledBack !== undefined) {
        const view = toRollbackView(serviceName, environmentName, rolledBack);
        if (input.force !== true) {
          throw new AppError(
            'REGISTRY_ROLLED_BACK',
            `Could not record the deployment of ${subject}: ${label} was rolled back there (${rollbackSentence(view)}); expected a version that was not rolled back. ${retryAdvice(false, `Deploy a fixed version, or pass --force to deploy ${label} again anyway`)}`,
            { exitCode: 1 },
          );
        }
        overriddenRollback = view;
        warnings.push(
          `Deploying ${label} again with --force: it was rolled back in ${environmentName} (${rollbackSentence(view)}).`,
        );
      }
    }

    const replaced = await replaceLive(trx, service, environment, 'replaced');
    // A retry or a new owner for the version already live keeps what was recorded and not restated.
    const carried = live !== undefined && live.version_id === version.id ? live : undefined;
    const noteCarried = rollbackNote === null && carried?.rollback_note != null;
    const deployment = await insertDeployment(trx, service, version, environment, now, {
      owner,
      expectedResult: expectedResult ?? carried?.expected_result ?? null,
      rollbackNote: rollbackNote ?? carried?.rollback_note ?? null,
      rollbackNoteBy: noteCarried ? (carried?.rollback_note_by ?? null) : owner,
    });
    return { status: 'recorded', deployment, replaced, overriddenRollback, warnings };
  });
}

/**
 * A warning for an expected result that starts like a measurable statement but does not parse
 * ("p95 below 200": no unit), so the owner can fix it now rather than learn it from deploy
 * compare. Prose (nothing measurable at its first word) is fine and gets no warning.
 */
function almostMeasurable(text: string): string | null {
  const parsed = parseExpectation(text);
  if (parsed.ok || parsed.position <= 1) return null;
  return `The expected result "${text}" is not a measurable statement: ${parsed.reason}; holdfast deploy compare will report it as not measurable. Measurable statements look like "p95 of GET /orders below 200 ms and error rate below 1%" (docs/usage.md).`;
}

/** "at 2025-01-01 10:00:00Z by carol: checkout errors", for messages. */
export function rollbackSentence(rollback: RollbackView): string {
  const at = rollback.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `rolled back to ${rollback.toVersion} at ${at} by ${rollback.by ?? 'someone not recorded'}: ${rollback.reason ?? 'no reason recorded'}`;
}

async function unpublishedRefusal(
  trx: StoreTransaction,
  service: ServiceRow,
  label: string,
  subject: string,
  known: boolean,
): Promise<AppError> {
  const published = (await publishedVersionsQuery(trx, service.id).execute()).map((row) => row.label);
  const found = known
    ? `version "${label}" was deployed before but never published`
    : `version "${label}" was never published`;
  const has =
    published.length === 0
      ? 'no published versions'
      : `published versions ${quoteLabels(closestLabels(label, published))} (closest first)`;
  return new AppError(
    'REGISTRY_NOT_PUBLISHED',
    `Could not record the deployment of ${subject}: ${found}, so the registry has no contract to check it against; expected one of the ${has}. ${retryAdvice(false, `Publish it first with holdfast publish --service ${service.name} --version ${label} CONTRACT, or pass --allow-unpublished to record it without a contract`)}`,
    { exitCode: 1 },
  );
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
  return trx
    .selectFrom('environments')
    .select(['id', 'name', 'production'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
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
  fields: {
    owner: string | null;
    expectedResult: string | null;
    rollbackNote: string | null;
    rollbackNoteBy: string | null;
  },
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
      rollback_note_by: fields.rollbackNote === null ? null : fields.rollbackNoteBy,
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
    rollback_note_by: fields.rollbackNote === null ? null : fields.rollbackNoteBy,
    status: 'live',
  });
}
