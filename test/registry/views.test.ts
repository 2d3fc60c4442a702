/**
 * The read-only views the dashboard shows (liveMatrix, showDeployment, diffVersions) and the
 * registry's TrafficSource over ingested usage, on every available backend (SQLite, and
 * PostgreSQL when HOLDFAST_TEST_DATABASE_URL is set).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import {
  createEnvironment,
  deploy,
  diffVersions,
  ingestUsage,
  liveMatrix,
  publish,
  type RegistryOptions,
  recentActivity,
  rollbackRecord,
  showDeployment,
} from '../../src/registry/index.js';
import { RegistryTrafficSource } from '../../src/registry/traffic.js';
import { openStore, type Store } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { V1, V2, V3 } from './_contracts.js';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(BACKENDS)('registry views on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let options: RegistryOptions;
  let now: Date;

  beforeEach(async () => {
    database = await backend.create();
    store = await openStore(database.config);
    now = new Date('2026-01-05T08:00:00.000Z');
    options = { cwd: database.folder, now: () => now, policy: DEFAULT_POLICY };
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  const at = (time: string) => {
    now = new Date(`2026-01-05T${time}:00.000Z`);
  };

  async function seed() {
    await createEnvironment(store, { name: 'production', production: true }, options);
    await publish(store, { service: 'shop', version: '1.0.0', source: V1 }, options);
    await publish(store, { service: 'shop', version: '1.1.0', source: V2 }, options);
    await publish(store, { service: 'shop', version: '2.0.0', source: V3 }, options);
    await publish(store, { service: 'cart', version: '0.1.0', source: V1 }, options);
    at('09:00');
    const first = await deploy(
      store,
      { service: 'shop', version: '1.0.0', environment: 'production', owner: 'alice' },
      options,
    );
    await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging', owner: 'alice' }, options);
    await deploy(store, { service: 'cart', version: '0.1.0', environment: 'staging', owner: 'erin' }, options);
    at('10:00');
    const second = await deploy(
      store,
      { service: 'shop', version: '1.1.0', environment: 'production', owner: 'bob' },
      options,
    );
    at('11:00');
    const rollback = await rollbackRecord(
      store,
      { service: 'shop', environment: 'production', to: '1.0.0', by: 'carol', reason: 'errors' },
      options,
    );
    return { first: first.deployment.id, second: second.deployment.id, back: rollback.live.id };
  }

  it('liveMatrix: every service, production environments first, one live deployment per cell', async () => {
    await seed();
    const matrix = await liveMatrix(store);
    expect(matrix.services.map((service) => service.name)).toEqual(['cart', 'shop']);
    expect(matrix.environments.map((environment) => [environment.name, environment.production])).toEqual([
      ['production', true],
      ['staging', false],
    ]);
    expect(
      matrix.live.map(
        (deployment) => `${deployment.service} ${deployment.environment} ${deployment.version} ${deployment.owner}`,
      ),
    ).toEqual(['cart staging 0.1.0 erin', 'shop production 1.0.0 carol', 'shop staging 1.0.0 alice']);
  });

  it('liveMatrix of an empty registry is empty', async () => {
    expect(await liveMatrix(store)).toEqual({ services: [], environments: [], live: [], rollbacksTo: {} });
  });

  it('recentActivity: latest deployments and rollbacks across services, a rollback listed once', async () => {
    await seed();
    const events = await recentActivity(store, { limit: 4 });
    expect(
      events.map((event) =>
        event.kind === 'deployed'
          ? `${event.at.slice(11, 16)} deployed ${event.deployment.service} ${event.deployment.version} to ${event.deployment.environment}`
          : `${event.at.slice(11, 16)} rolled back ${event.rollback.service} ${event.rollback.fromVersion}->${event.rollback.toVersion} in ${event.rollback.environment}`,
      ),
    ).toEqual([
      '11:00 rolled back shop 1.1.0->1.0.0 in production',
      '10:00 deployed shop 1.1.0 to production',
      '09:00 deployed cart 0.1.0 to staging',
      '09:00 deployed shop 1.0.0 to staging',
    ]);
    expect(await recentActivity(store, { limit: 1 })).toHaveLength(1);
  });

  it('showDeployment: the deployment, what it replaced, what replaced it, and its rollbacks', async () => {
    const ids = await seed();
    const detail = await showDeployment(store, { service: 'shop', id: ids.second });
    expect(detail.deployment).toMatchObject({
      version: '1.1.0',
      environment: 'production',
      owner: 'bob',
      status: 'rolled_back',
    });
    expect(detail.previous?.id).toBe(ids.first);
    expect(detail.next?.id).toBe(ids.back);
    expect(detail.live?.id).toBe(ids.back);
    expect(detail.production).toBe(true);
    expect(
      detail.rollbacks.map(
        (rollback) => `${rollback.fromVersion}->${rollback.toVersion} by ${rollback.by}: ${rollback.reason}`,
      ),
    ).toEqual(['1.1.0->1.0.0 by carol: errors']);
    const first = await showDeployment(store, { service: 'shop', id: ids.first });
    expect(first.previous).toBeNull();
    expect(first.rollbacks).toEqual([]);
  });

  it('showDeployment refuses a deployment of another service, naming what it expected', async () => {
    const ids = await seed();
    const error = await failure(showDeployment(store, { service: 'cart', id: ids.second }));
    expect(error.code).toBe('REGISTRY_UNKNOWN_EVENT');
    expect(error.message).toBe(
      `Unknown deployment "deploy-${ids.second}" of service "cart": the registry ${store.location} has no such deployment of it; expected an id that holdfast history lists. Pick the deployment from the service page or holdfast history; retrying will not help.`,
    );
  });

  it('diffVersions: any two stored versions, either way round, policy applied', async () => {
    await seed();
    const forward = await diffVersions(store, { service: 'shop', base: '1.0.0', revision: '2.0.0' }, options);
    expect(forward.base.version).toBe('1.0.0');
    expect(forward.revision.version).toBe('2.0.0');
    expect(forward.comparison.summary.breaking).toBeGreaterThan(0);
    expect(forward.blocked).toBe(true);
    expect(forward.comparison.findings.map((finding) => finding.id)).toContain('request-required-parameter-added');
    const same = await diffVersions(store, { service: 'shop', base: '1.1.0', revision: '1.1.0' }, options);
    expect(same.comparison.findings).toEqual([]);
    expect(same.blocked).toBe(false);
    const missing = await failure(diffVersions(store, { service: 'shop', base: '1.0.0', revision: '9.9.9' }, options));
    expect(missing.code).toBe('REGISTRY_UNKNOWN_VERSION');
  });

  it('RegistryTrafficSource (what the deployment page compares): per operation requests, status classes and p95 over exact minutes', async () => {
    await seed();
    const lines = [
      ['2026-01-05T09:10:00Z', 200, 10],
      ['2026-01-05T09:20:00Z', 200, 30],
      ['2026-01-05T09:50:00Z', 502, 90],
      ['2026-01-05T10:15:00Z', 200, 20],
      ['2026-01-05T12:15:00Z', 404, 5],
    ].map(([timestamp, status, duration]) =>
      JSON.stringify({
        timestamp,
        method: 'GET',
        path: '/items/7',
        status_code: status,
        duration_ms: duration,
        user_agent: 'curl/8.5.0',
      }),
    );
    const log = join(database.folder, 'access.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    await ingestUsage(store, { service: 'shop', environment: 'production', files: [log], format: 'json' }, options);
    const source = await RegistryTrafficSource.open(store, 'shop', 'production');
    expect(source.description).toBe(`access logs ingested into the registry ${store.location}`);

    const nine = await source.window(new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T10:00:00Z'));
    expect(nine.caveats).toEqual([]);
    expect(nine.operations).toHaveLength(1);
    expect(nine.operations[0]).toMatchObject({
      operation: 'GET /items/{item_id}',
      requests: 3,
      statusClasses: { '2xx': 2, '5xx': 1 },
    });
    // Quantiles come from the merged minute histograms (within 1 %), as `usage show` reports them.
    expect(nine.operations[0]?.latencyMs?.p50).toBeCloseTo(30, -0.5);

    // Minute cells: a window across the hour is exact (09:50 and 10:15), not widened to whole hours.
    const across = await source.window(new Date('2026-01-05T09:30:00Z'), new Date('2026-01-05T10:30:00Z'));
    expect(across.from.toISOString()).toBe('2026-01-05T09:30:00.000Z');
    expect(across.to.toISOString()).toBe('2026-01-05T10:30:00.000Z');
    expect(across.operations[0]?.requests).toBe(2);
    expect(across.caveats).toEqual([]);

    const quiet = await source.window(new Date('2026-01-05T11:00:00Z'), new Date('2026-01-05T12:00:00Z'));
    expect(quiet.operations).toEqual([]);

    const backwards = await failure(source.window(new Date('2026-01-05T12:00:00Z'), new Date('2026-01-05T11:00:00Z')));
    expect(backwards.message).toBe(
      'Invalid traffic window 2026-01-05T12:00:00Z to 2026-01-05T11:00:00Z: it ends before it starts; expected from <= to. Retrying will not help.',
    );
  });
});
