/**
 * What the registry holds, the way Pact Broker users ask for it: services, environments, versions,
 * a stored contract; and the two settings kept per service and environment (the deploy command,
 * the production flag).
 */
import { AppError } from '../errors.js';
import { documentsQuery } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { checkName, requirePublishedVersion, requireService, toVersionView, type VersionRow } from './_lookup.js';
import { versionOrder } from './_order.js';
import type {
  EnvironmentCreateInput,
  EnvironmentCreateResult,
  EnvironmentListResult,
  EnvironmentView,
  RegistryOptions,
  ServiceListResult,
  ServiceSetInput,
  ServiceSetResult,
  ShowResult,
  VersionListResult,
} from './types.js';

/**
 * Every service, by name.
 *
 * @example
 * const { services } = await listServices(store);
 */
export async function listServices(store: Store): Promise<ServiceListResult> {
  const rows = await store.transaction('read', (trx) =>
    trx.selectFrom('services').select(['name', 'created_at', 'deploy_command']).orderBy('name').execute(),
  );
  return {
    services: rows.map((row) => ({ name: row.name, createdAt: row.created_at, deployCommand: row.deploy_command })),
  };
}

/**
 * Every environment, by name, with its production flag.
 *
 * @example
 * const production = (await listEnvironments(store)).environments.filter((environment) => environment.production);
 */
export async function listEnvironments(store: Store): Promise<EnvironmentListResult> {
  const rows = await store.transaction('read', (trx) =>
    trx.selectFrom('environments').select(['name', 'production', 'created_at']).orderBy('name').execute(),
  );
  return { environments: rows.map(toEnvironmentView) };
}

function toEnvironmentView(row: { name: string; production: number; created_at: string }): EnvironmentView {
  return { name: row.name, production: row.production === 1, createdAt: row.created_at };
}

/**
 * A service's versions, newest first in version order (semantic versions by precedence, other
 * labels by time), including versions deployed without being published.
 *
 * @example
 * const { versions } = await listVersions(store, { service: 'shop' });
 */
export async function listVersions(store: Store, input: { service: string }): Promise<VersionListResult> {
  const name = checkName('service', input.service);
  const rows = await store.transaction('read', async (trx) => {
    const service = await requireService(trx, name, store.location);
    return trx
      .selectFrom('versions')
      .select(['id', 'label', 'document_hash', 'created_at', 'published_at', 'git_branch', 'git_commit', 'dirty'])
      .where('service_id', '=', service.id)
      .execute();
  });
  const ordered = versionOrder(rows.map((row: VersionRow) => ({ ...row, at: row.published_at ?? row.created_at })));
  return { service: name, versions: ordered.reverse().map((row) => toVersionView(name, row)) };
}

/**
 * The stored contract of a published version: the canonical JSON findings cite lines of.
 *
 * @example
 * const { text } = await showVersion(store, { service: 'shop', version: '1.1.0' });
 */
export async function showVersion(store: Store, input: { service: string; version: string }): Promise<ShowResult> {
  const serviceName = checkName('service', input.service);
  const label = checkName('version', input.version);
  return store.transaction('read', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    const version = await requirePublishedVersion(trx, service, label, `show ${serviceName} ${label}`);
    const document = await documentsQuery(trx, [version.document_hash]).executeTakeFirstOrThrow();
    return { version: toVersionView(serviceName, version), text: document.content };
  });
}

/**
 * Creates an environment, or changes its production flag; the same again changes nothing.
 *
 * @example
 * await createEnvironment(store, { name: 'production', production: true }, { cwd });
 */
export async function createEnvironment(
  store: Store,
  input: EnvironmentCreateInput,
  options: RegistryOptions,
): Promise<EnvironmentCreateResult> {
  const name = checkName('environment', input.name);
  const production = input.production === true ? 1 : 0;
  const now = (options.now ?? (() => new Date()))().toISOString();
  return store.transaction('write', async (trx) => {
    const inserted = await trx
      .insertInto('environments')
      .values({ name, created_at: now, production })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returning(['name', 'production', 'created_at'])
      .executeTakeFirst();
    if (inserted !== undefined) return { status: 'created', environment: toEnvironmentView(inserted) };
    const existing = await trx
      .selectFrom('environments')
      .select(['name', 'production', 'created_at'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    if (existing.production === production) return { status: 'unchanged', environment: toEnvironmentView(existing) };
    await trx.updateTable('environments').set({ production }).where('name', '=', name).execute();
    return { status: 'updated', environment: toEnvironmentView({ ...existing, production }) };
  });
}

/**
 * Records the service's deploy command (`{service}`, `{version}` and `{env}` are filled in by
 * rollback plans); an empty command clears it.
 *
 * @example
 * await setService(store, { service: 'shop', deployCommand: 'make deploy VERSION={version} ENV={env}' }, { cwd });
 */
export async function setService(
  store: Store,
  input: ServiceSetInput,
  options: RegistryOptions,
): Promise<ServiceSetResult> {
  const name = checkName('service', input.service);
  const command = input.deployCommand.trim() === '' ? null : input.deployCommand.trim();
  if (command?.includes('\n')) {
    throw new AppError(
      'USAGE',
      `Invalid --deploy-command for ${name}: it spans several lines; expected one command line (call a script for more).`,
    );
  }
  const now = (options.now ?? (() => new Date()))().toISOString();
  return store.transaction('write', async (trx) => {
    const service = await requireService(trx, name, store.location);
    const row = await trx
      .selectFrom('services')
      .select(['name', 'created_at', 'deploy_command'])
      .where('id', '=', service.id)
      .executeTakeFirstOrThrow();
    const view = { name: row.name, createdAt: row.created_at, deployCommand: command };
    if (row.deploy_command === command) return { status: 'unchanged', service: view };
    await trx
      .updateTable('services')
      .set({ deploy_command: command, updated_at: now })
      .where('id', '=', service.id)
      .execute();
    return { status: 'updated', service: view };
  });
}
