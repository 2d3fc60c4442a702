/**
 * The registry during and after an incident (issue 10), on every available backend: rollbacks
 * that know their own history, gates that fail closed, idempotent and truthful records, undo, and
 * the Pact Broker style listing commands.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { Source } from '../../src/load/types.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import {
  canIDeploy,
  createEnvironment,
  type DeployInput,
  deploy,
  history,
  listEnvironments,
  listServices,
  listVersions,
  publish,
  type RegistryOptions,
  renderHistory,
  renderRollbackPlan,
  rollbackPlan,
  rollbackRecord,
  setService,
  showVersion,
  undo,
} from '../../src/registry/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { clock, contract, V1, V2, V3 } from './_contracts.js';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(BACKENDS)('incidents on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let options: RegistryOptions;

  beforeEach(async () => {
    database = await backend.create();
    store = await openStore(database.config);
    options = { cwd: database.folder, now: clock(), policy: DEFAULT_POLICY };
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  const count = async (table: 'deployments' | 'rollbacks' | 'corrections' | 'versions') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('total'))
          .executeTakeFirstOrThrow()
      ).total,
    );
  const release = (version: string, source: Source) => publish(store, { service: 'shop', version, source }, options);
  const ship = (version: string, fields: Partial<DeployInput> = {}) =>
    deploy(store, { service: 'shop', version, environment: 'production', ...fields }, options);

  /** 1.0.0 (ana, with a note), then 1.1.0 (bob), then 1.2.0 (dan) in production. */
  async function threeReleases(): Promise<void> {
    await release('1.0.0', V1);
    await release('1.1.0', V2);
    await release('1.2.0', V3);
    await ship('1.0.0', { owner: 'ana', expectedResult: 'items load', rollbackNote: 'ana: nothing older exists' });
    await ship('1.1.0', { owner: 'bob', expectedResult: 'discounts shown', rollbackNote: 'bob: 1.0.0 is safe' });
    await ship('1.2.0', { owner: 'dan', rollbackNote: 'dan: go back to 1.1.0' });
  }

  describe('rollbacks that know their own history', () => {
    it('never proposes a rolled-back version as the default target, and shows the last rollback', async () => {
      await threeReleases();
      await rollbackRecord(
        store,
        { service: 'shop', environment: 'production', from: '1.2.0', to: '1.1.0', by: 'carol', reason: 'tenant 500s' },
        options,
      );
      const plan = await rollbackPlan(store, { service: 'shop', environment: 'production' }, options);
      expect(plan.live.version).toBe('1.1.0');
      expect(plan.target.version).toBe('1.0.0');
      expect(plan.lastRollback).toMatchObject({
        eventId: 'rollback-1',
        fromVersion: '1.2.0',
        toVersion: '1.1.0',
        by: 'carol',
        reason: 'tenant 500s',
      });
      expect(plan.skippedRolledBack.map((rollback) => rollback.fromVersion)).toEqual(['1.2.0']);
      // The note carried over to the new 1.1.0 deployment is still bob's, though carol recorded the rollback.
      expect(plan.live).toMatchObject({ owner: 'carol', rollbackNote: 'bob: 1.0.0 is safe', rollbackNoteBy: 'bob' });
      expect(plan.note).toEqual({ rollbackNote: 'bob: 1.0.0 is safe', writtenBy: 'bob', owner: 'carol' });
      const text = renderRollbackPlan(plan);
      expect(text).toContain(
        '2. Rollback note (written by bob for 1.1.0 in production)\n  bob: 1.0.0 is safe\n  Last rollback here: 1.2.0 -> 1.1.0 at ',
      );
      expect(text).toContain(', recorded by carol (rollback-1)\n    reason: tenant 500s\n');
      expect(text).toContain('  Not proposed as the target, rolled back here before: 1.2.0\n');
      expect(text).not.toContain('Suggested version bump');
      expect(text.trimEnd().split('\n').at(-2)).toBe(
        "       holdfast rollback record --service shop --env production --from 1.1.0 --to 1.0.0 --by '<you>' --reason '<why>'",
      );

      // Rolled back again, to 1.0.0: every other version there was rolled back, so no default target.
      await rollbackRecord(
        store,
        {
          service: 'shop',
          environment: 'production',
          from: '1.1.0',
          to: '1.0.0',
          by: 'carol',
          reason: 'still failing',
        },
        options,
      );
      const none = await failure(rollbackPlan(store, { service: 'shop', environment: 'production' }, options));
      expect(none.code).toBe('REGISTRY_NO_ROLLBACK_TARGET');
      expect(none.message).toBe(
        'No rollback target for shop in production: every other version deployed there was rolled back (1.1.0, 1.2.0); expected an earlier deployment of another version. Name a published version with --to; retrying will not help.',
      );
      // Asked for explicitly, a rolled-back target is planned, with why it was rolled back.
      const explicit = await rollbackPlan(store, { service: 'shop', environment: 'production', to: '1.1.0' }, options);
      expect(explicit.warnings[0]).toMatch(
        /^Version 1\.1\.0 was rolled back in production \(rolled back to 1\.0\.0 at \S+ \S+ by carol: still failing\)\.$/,
      );
    });

    it('refuses a roll-forward and a target that never ran there before', async () => {
      await threeReleases();
      await release('0.9.0', V1);
      await release('2.0.0', V3);
      const forward = await failure(
        rollbackRecord(store, { service: 'shop', environment: 'production', from: '1.2.0', to: '2.0.0' }, options),
      );
      expect(forward.code).toBe('REGISTRY_ROLLBACK_MISMATCH');
      expect(forward.exitCode).toBe(1);
      expect(forward.message).toBe(
        'Could not record the rollback of shop in production: --to 2.0.0 is newer than 1.2.0, so that is a roll-forward: use deploy; expected a version older than 1.2.0. Record it with holdfast deploy --service shop --version 2.0.0 --env production; retrying will not help.',
      );
      const never = await failure(
        rollbackRecord(store, { service: 'shop', environment: 'production', from: '1.2.0', to: '0.9.0' }, options),
      );
      expect(never.message).toBe(
        'Could not record the rollback of shop in production: 0.9.0 never ran in production before 1.2.0; expected --to to name a version deployed there before 1.2.0. Check holdfast history --service shop --env production; retrying will not help.',
      );
      expect(await count('rollbacks')).toBe(0);
    });

    it("quotes the service's recorded deploy command, else the project's", async () => {
      await threeReleases();
      const fromConfig = await rollbackPlan(
        store,
        { service: 'shop', environment: 'production', deployCommand: './deploy.sh {service} {version} {env}' },
        options,
      );
      expect(fromConfig.deployCommandSource).toBe('config');
      expect(fromConfig.steps[0]).toEqual({
        number: 1,
        title: "Deploy 1.1.0 to production with the team's deploy command",
        command: './deploy.sh shop 1.1.0 production',
        detail: null,
      });
      const set = await setService(
        store,
        { service: 'shop', deployCommand: 'make deploy VERSION={version} ENV={env}' },
        options,
      );
      expect(set).toEqual({
        status: 'updated',
        service: {
          name: 'shop',
          createdAt: expect.any(String),
          deployCommand: 'make deploy VERSION={version} ENV={env}',
        },
      });
      expect(
        (
          await setService(
            store,
            { service: 'shop', deployCommand: 'make deploy VERSION={version} ENV={env}' },
            options,
          )
        ).status,
      ).toBe('unchanged');
      const plan = await rollbackPlan(
        store,
        { service: 'shop', environment: 'production', deployCommand: './deploy.sh {version}' },
        options,
      );
      expect(plan.deployCommandSource).toBe('service');
      expect(plan.steps.map((step) => step.command)).toEqual([
        'make deploy VERSION=1.1.0 ENV=production',
        null,
        "holdfast rollback record --service shop --env production --from 1.2.0 --to 1.1.0 --by '<you>' --reason '<why>'",
      ]);
      expect((await listServices(store)).services).toEqual([
        { name: 'shop', createdAt: expect.any(String), deployCommand: 'make deploy VERSION={version} ENV={env}' },
      ]);
    });
  });

  describe('idempotent, truthful records', () => {
    it('records nothing for a repeated deployment, and keeps recorded details on a retry that leaves them out', async () => {
      await release('1.0.0', V1);
      const first = await ship('1.0.0', { owner: 'ana', expectedResult: 'items load', rollbackNote: 'none older' });
      const again = await ship('1.0.0', { owner: 'ana' });
      expect(again).toEqual({
        status: 'unchanged',
        deployment: first.deployment,
        replaced: null,
        overriddenRollback: null,
        warnings: [],
      });
      expect(await count('deployments')).toBe(1);
      const retry = await ship('1.0.0', { owner: 'bob' });
      expect(retry.status).toBe('recorded');
      expect(retry.deployment).toMatchObject({
        owner: 'bob',
        expectedResult: 'items load',
        rollbackNote: 'none older',
        rollbackNoteBy: 'ana',
      });
      expect(await count('deployments')).toBe(2);
    });

    it('refuses to deploy a rolled-back version again without force, saying why it was rolled back', async () => {
      await threeReleases();
      await rollbackRecord(
        store,
        { service: 'shop', environment: 'production', from: '1.2.0', to: '1.1.0', by: 'carol', reason: 'tenant 500s' },
        options,
      );
      const refused = await failure(ship('1.2.0', { owner: 'dan' }));
      expect(refused.code).toBe('REGISTRY_ROLLED_BACK');
      expect(refused.exitCode).toBe(1);
      expect(refused.message).toMatch(
        /^Could not record the deployment of shop 1\.2\.0 to production: 1\.2\.0 was rolled back there \(rolled back to 1\.1\.0 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ by carol: tenant 500s\); expected a version that was not rolled back\. Deploy a fixed version, or pass --force to deploy 1\.2\.0 again anyway; retrying will not help\.$/,
      );
      const asked = await canIDeploy(store, { service: 'shop', version: '1.2.0', environment: 'production' }, options);
      expect(asked.warnings).toEqual([
        expect.stringMatching(
          /^1\.2\.0 was rolled back in production \(rolled back to 1\.1\.0 at \S+ \S+ by carol: tenant 500s\); deploy needs --force to record it there again\.$/,
        ),
      ]);
      const deployments = await count('deployments');
      const forced = await ship('1.2.0', { owner: 'dan', force: true });
      expect(forced.status).toBe('recorded');
      expect(forced.overriddenRollback).toMatchObject({ eventId: 'rollback-1', reason: 'tenant 500s', by: 'carol' });
      expect(forced.warnings[0]).toMatch(/^Deploying 1\.2\.0 again with --force: it was rolled back in production \(/);
      expect(await count('deployments')).toBe(deployments + 1);
      // Another environment is not affected by the rollback in production.
      expect((await deploy(store, { service: 'shop', version: '1.2.0', environment: 'staging' }, options)).status).toBe(
        'recorded',
      );
    });

    it('records a publish from a dirty working tree', async () => {
      const result = await publish(
        store,
        { service: 'shop', version: '1.0.0', source: V1, branch: 'main', commit: 'a'.repeat(40), dirty: true },
        options,
      );
      expect(result.version).toMatchObject({ dirty: true, commit: 'a'.repeat(40) });
      expect(result.warnings).toEqual([
        'shop 1.0.0 was published from a working tree with uncommitted changes to the contract: it is recorded with commit aaaaaaaaaaaa and dirty: true, so that commit alone does not reproduce it.',
      ]);
      expect((await release('1.1.0', V2)).version.dirty).toBeNull();
    });

    it('orders versions by semantic version, says how many breaking changes it does not list, filters by env and time', async () => {
      const wide = contract('shop-wide', { responseFields: ['a', 'b', 'c', 'd', 'e'] });
      await release('1.0.0', wide);
      await release('2.0.0', V1);
      await release('1.0.1', V2);
      await ship('1.0.0');
      await deploy(store, { service: 'shop', version: '2.0.0', environment: 'staging' }, options);
      const all = await history(store, { service: 'shop' }, options);
      const published = all.events.filter((event) => event.kind === 'published');
      expect(published.map((event) => [event.version.version, event.previousVersion])).toEqual([
        ['1.0.1', '1.0.0'],
        ['2.0.0', '1.0.1'],
        ['1.0.0', null],
      ]);
      const hotfix = published[0]!;
      expect(hotfix.changes).toMatchObject({ breaking: 5, topBreaking: expect.any(Array), moreBreaking: 2 });
      expect(hotfix.changes?.topBreaking).toHaveLength(3);
      expect(renderHistory(all)).toContain('  - and 2 more breaking (holdfast diff shows them all)\n');
      expect(all.events.map((event) => event.id)).toEqual([
        'deploy-2',
        'deploy-1',
        'publish-3',
        'publish-2',
        'publish-1',
      ]);

      const staging = await history(store, { service: 'shop', environment: 'staging' }, options);
      expect(staging.live.map((deployment) => deployment.environment)).toEqual(['staging']);
      expect(staging.events.map((event) => event.id)).toEqual(['deploy-2']);

      const recent = await history(store, { service: 'shop', since: all.events[1]!.at }, options);
      expect(recent.since).toBe(all.events[1]!.at);
      expect(recent.events.map((event) => event.id)).toEqual(['deploy-2', 'deploy-1']);
      const limited = await history(store, { service: 'shop', limit: 2 }, options);
      expect(limited).toMatchObject({ truncated: true, limit: 2 });
      expect(renderHistory(limited)).toContain(
        'Showing the 2 most recent events; older ones exist: use --limit N or --since DATE to see them.',
      );
      const bad = await failure(history(store, { service: 'shop', since: 'last week' }, options));
      expect(bad.message).toBe(
        'Invalid --since "last week": not a date or time; expected YYYY-MM-DD or an ISO-8601 time such as 2025-01-05T10:00:00Z.',
      );
    });
  });

  describe('undo', () => {
    it('reverses a mistaken deployment, keeps both in history, and refuses to undo twice or out of order', async () => {
      await release('1.0.0', V1);
      await release('1.1.0', V2);
      await ship('1.0.0', { owner: 'ana' });
      const mistake = await ship('1.1.0', { owner: 'bob' });
      expect(mistake.deployment.eventId).toBe('deploy-2');
      const older = await failure(undo(store, { eventId: 'deploy-1', reason: 'wrong' }, options));
      expect(older.code).toBe('REGISTRY_UNDO_REFUSED');
      expect(older.message).toBe(
        'Could not undo deploy-1: shop 1.0.0 is no longer live in production (replaced); expected the live deployment: only the latest state of an environment can be undone. Undo the later events first; see holdfast history --service shop --env production; retrying will not help.',
      );
      const undone = await undo(
        store,
        { eventId: 'deploy-2', reason: '1.1.0 was recorded but never shipped', by: 'ana' },
        options,
      );
      expect(undone.correction).toMatchObject({
        eventId: 'undo-1',
        undoes: 'deploy-2',
        summary: 'deployment of 1.1.0 to production',
        liveVersion: '1.0.0',
        by: 'ana',
        reason: '1.1.0 was recorded but never shipped',
      });
      expect(undone.live).toMatchObject({ version: '1.0.0', status: 'live', owner: 'ana' });
      expect(await count('deployments')).toBe(2);
      const again = await failure(undo(store, { eventId: 'deploy-2', reason: 'again' }, options));
      expect(again.message).toBe(
        'Could not undo deploy-2: it was already undone by undo-1; expected an event not undone yet. See holdfast history --service shop --env production; retrying will not help.',
      );
      const result = await history(store, { service: 'shop', environment: 'production' }, options);
      expect(result.events.map((event) => event.id)).toEqual(['undo-1', 'deploy-2', 'deploy-1']);
      expect(result.events[1]).toMatchObject({ kind: 'deployed', undoneBy: 'undo-1' });
      expect(result.events[2]).toMatchObject({ kind: 'deployed', undoneBy: null });
      expect(renderHistory(result)).toContain(
        '  deployed 1.1.0 to production (undone by undo-1, after 1.0.0)  [deploy-2]\n',
      );
      expect(result.live.map((deployment) => deployment.version)).toEqual(['1.0.0']);
      expect(renderHistory(result)).toContain(
        'undid deploy-2: the deployment of 1.1.0 to production  [undo-1]\n    by:     ana\n    reason: 1.1.0 was recorded but never shipped\n    live there now: 1.0.0\n',
      );
    });

    it('reverses a rollback record: the rolled-back deployment is live again', async () => {
      await threeReleases();
      const recorded = await rollbackRecord(
        store,
        { service: 'shop', environment: 'production', from: '1.2.0', to: '1.1.0', by: 'carol', reason: 'oops' },
        options,
      );
      const blocked = await failure(undo(store, { eventId: recorded.live.eventId, reason: 'x' }, options));
      expect(blocked.message).toBe(
        `Could not undo ${recorded.live.eventId}: it is the deployment rollback-1 made live; expected a deployment no rollback depends on. Undo rollback-1 first; retrying will not help.`,
      );
      const undone = await undo(store, { eventId: 'rollback-1', reason: 'rolled back the wrong service' }, options);
      expect(undone.correction).toMatchObject({ undoes: 'rollback-1', liveVersion: '1.2.0' });
      expect(undone.live).toMatchObject({ version: '1.2.0', status: 'live', owner: 'dan' });
      const after = await history(store, { service: 'shop', environment: 'production' }, options);
      expect(after.events.slice(0, 2)).toMatchObject([
        { kind: 'undone', id: 'undo-1', correction: { undoes: 'rollback-1', reason: 'rolled back the wrong service' } },
        { kind: 'rolled-back', id: 'rollback-1', undoneBy: 'undo-1' },
      ]);
      expect(renderHistory(after)).toContain(
        'rolled back production from 1.2.0 to 1.1.0 (undone by undo-1)  [rollback-1]\n',
      );
      // 1.2.0 is no longer "rolled back": it may be deployed without --force, and plans may propose it.
      const plan = await rollbackPlan(store, { service: 'shop', environment: 'production' }, options);
      expect(plan).toMatchObject({ live: { version: '1.2.0' }, target: { version: '1.1.0' }, lastRollback: null });
      const unknown = await failure(undo(store, { eventId: 'rollback-9', reason: 'x' }, options));
      expect(unknown.message).toBe(
        'Unknown event rollback-9: the registry has no such record; expected an event id from holdfast history. Copy the id from holdfast history --service S; retrying will not help.',
      );
      const publishUndo = await failure(undo(store, { eventId: 'publish-1', reason: 'x' }, options));
      expect(publishUndo.message).toBe(
        'Could not undo publish-1: a published version is immutable; expected deploy-N or rollback-N. Publish a corrected contract under a new version; retrying will not help.',
      );
    });
  });

  describe('listing, showing, environments', () => {
    it('lists versions newest first in version order, shows a stored contract, and flags production', async () => {
      await release('1.0.0', V1);
      await release('2.0.0', V3);
      await release('1.1.0', V2);
      await deploy(store, { service: 'shop', version: 'abc123', environment: 'dev', allowUnpublished: true }, options);
      const { versions } = await listVersions(store, { service: 'shop' });
      expect(versions.map((version) => [version.version, version.published])).toEqual([
        ['abc123', false],
        ['2.0.0', true],
        ['1.1.0', true],
        ['1.0.0', true],
      ]);
      const shown = await showVersion(store, { service: 'shop', version: '1.1.0' });
      expect(shown.version.version).toBe('1.1.0');
      expect(JSON.parse(shown.text)).toEqual(JSON.parse(V2.text));
      expect(shown.text.split('\n')[0]).toBe('{');
      const unpublished = await failure(showVersion(store, { service: 'shop', version: 'abc123' }));
      expect(unpublished.code).toBe('REGISTRY_NOT_PUBLISHED');

      expect(await createEnvironment(store, { name: 'production', production: true }, options)).toMatchObject({
        status: 'created',
        environment: { name: 'production', production: true },
      });
      expect((await createEnvironment(store, { name: 'production', production: true }, options)).status).toBe(
        'unchanged',
      );
      expect((await createEnvironment(store, { name: 'dev', production: false }, options)).status).toBe('unchanged');
      expect(
        (await listEnvironments(store)).environments.map((environment) => [environment.name, environment.production]),
      ).toEqual([
        ['dev', false],
        ['production', true],
      ]);
      // A policy keyed on the flag: production-fail-on applies in production only.
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'production' }, options);
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'dev' }, options);
      const ask = (environment: string) =>
        canIDeploy(store, { service: 'shop', version: '1.1.0', environment, productionFailOn: 'info' }, options);
      expect(await ask('production')).toMatchObject({
        production: true,
        verdict: 'no',
        reason:
          '1.1.0 has changes at or above "info" for clients of 1.0.0, live in production: 0 breaking changes, 0 warnings.',
      });
      expect(await ask('dev')).toMatchObject({ production: false, verdict: 'yes' });
    });
  });
});
