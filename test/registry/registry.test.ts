/**
 * The registry's service layer (publish, deploy, can-i-deploy, rollback plan/record, history) on
 * every available backend: a real SQLite file, and a real PostgreSQL server when
 * HOLDFAST_TEST_DATABASE_URL is set. Each test starts from an empty database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { Source } from '../../src/load/types.js';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import {
  canIDeploy,
  deploy,
  history,
  publish,
  type RegistryOptions,
  rollbackPlan,
  rollbackRecord,
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

describe.each(BACKENDS)('registry on $name', (backend) => {
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

  const count = async (table: 'services' | 'documents' | 'versions' | 'deployments' | 'rollbacks' | 'environments') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('total'))
          .executeTakeFirstOrThrow()
      ).total,
    );

  const release = async (version: string, source: Source, service = 'shop') =>
    publish(store, { service, version, source }, options);

  describe('publish', () => {
    it('stores a version once: the same service, version and content again is a no-op', async () => {
      const first = await release('1.0.0', V1);
      expect(first.status).toBe('created');
      expect(first.newDocument).toBe(true);
      expect(first.version.contractHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      const again = await release('1.0.0', V1);
      expect(again).toEqual({ ...first, status: 'unchanged', newDocument: false });
      // The same contract spelled differently (keys reordered) is the same content.
      const respelled = await release('1.0.0', contract('shop-1.0.0-reordered', { reordered: true }));
      expect(respelled.status).toBe('unchanged');
      expect(await count('versions')).toBe(1);
      expect(await count('documents')).toBe(1);
    });

    it('stores a document once per content hash, however many versions share it', async () => {
      await release('1.0.0', V1);
      const second = await release('1.0.1', V1);
      expect(second.status).toBe('created');
      expect(second.newDocument).toBe(false);
      await release('1.0.0', V1, 'billing');
      expect(await count('documents')).toBe(1);
      expect(await count('versions')).toBe(3);
    });

    it('refuses the same version with different content, naming both hashes, and writes nothing', async () => {
      const first = await release('1.0.0', V1);
      const other = await release('1.1.0', V2);
      const error = await failure(release('1.0.0', V2));
      const stored = first.version.contractHash!.slice(7, 19);
      const offered = other.version.contractHash!.slice(7, 19);
      expect(error.code).toBe('REGISTRY_VERSION_CONFLICT');
      expect(error.exitCode).toBe(2);
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(
        `Could not publish shop 1.0.0: that version is already stored with contract sha256:${stored} and this contract is sha256:${offered}; expected the same content for the same version. Publish the changed contract under a new version label; retrying will not help.`,
      );
      expect(await count('versions')).toBe(2);
    });

    it('refuses what is not a self-contained OpenAPI document', async () => {
      const notOpenApi = await failure(
        release('1.0.0', { uri: '/x/a.json', displayName: 'a.json', text: '{"hello": "world"}' }),
      );
      expect(notOpenApi.code).toBe('NOT_OPENAPI');
      const document = JSON.parse(V1.text);
      document.components.schemas.Item = { $ref: './common.yaml#/Item' };
      const external = await failure(
        release('1.0.0', { uri: '/x/b.json', displayName: 'b.json', text: JSON.stringify(document) }),
      );
      expect(external.code).toBe('REGISTRY_NOT_SELF_CONTAINED');
      expect(external.message).toBe(
        'Could not publish shop 1.0.0: the contract has an external $ref "./common.yaml#/Item" at /components/schemas/Item; expected a self-contained document (the registry stores one document per version). Bundle the contract into one file first; retrying will not help.',
      );
      expect(await count('services')).toBe(0);
    });
  });

  describe('deploy', () => {
    it('makes the new deployment live and the previous live one in that environment replaced', async () => {
      await release('1.0.0', V1);
      await release('1.1.0', V2);
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging' }, options);
      const first = await deploy(
        store,
        {
          service: 'shop',
          version: '1.0.0',
          environment: 'production',
          owner: 'ana',
          expectedResult: 'p95 < 300 ms',
          rollbackNote: 'nothing to roll back to',
        },
        options,
      );
      expect(first.replaced).toBeNull();
      const second = await deploy(
        store,
        {
          service: 'shop',
          version: '1.1.0',
          environment: 'production',
          owner: 'bob',
          expectedResult: 'discounts shown at checkout',
          rollbackNote: 'redeploy 1.0.0; the mobile app reads discount',
        },
        options,
      );
      expect(second.warnings).toEqual([]);
      expect(second.deployment).toMatchObject({
        service: 'shop',
        version: '1.1.0',
        environment: 'production',
        owner: 'bob',
        expectedResult: 'discounts shown at checkout',
        rollbackNote: 'redeploy 1.0.0; the mobile app reads discount',
        status: 'live',
        published: true,
      });
      expect(second.replaced).toEqual({ ...first.deployment, status: 'replaced' });
      const rows = await store.db
        .selectFrom('deployments')
        .innerJoin('environments', 'environments.id', 'deployments.environment_id')
        .innerJoin('versions', 'versions.id', 'deployments.version_id')
        .select(['environments.name as environment', 'versions.label as version', 'deployments.status'])
        .orderBy('deployments.id')
        .execute();
      expect(rows).toEqual([
        { environment: 'staging', version: '1.0.0', status: 'live' },
        { environment: 'production', version: '1.0.0', status: 'replaced' },
        { environment: 'production', version: '1.1.0', status: 'live' },
      ]);
    });

    it('refuses a version that was never published, naming the closest published ones; --allow-unpublished records it with a warning', async () => {
      await release('1.0.0', V1);
      await release('1.2.0', V2);
      await release('2.0.0', V3);
      const refused = await failure(deploy(store, { service: 'shop', version: '1.2.1', environment: 'dev' }, options));
      expect(refused.code).toBe('REGISTRY_NOT_PUBLISHED');
      expect(refused.exitCode).toBe(1);
      expect(refused.message).toBe(
        'Could not record the deployment of shop 1.2.1 to dev: version "1.2.1" was never published, so the registry has no contract to check it against; expected one of the published versions "1.2.0", "1.0.0", "2.0.0" (closest first). Publish it first with holdfast publish --service shop --version 1.2.1 CONTRACT, or pass --allow-unpublished to record it without a contract; retrying will not help.',
      );
      expect(await count('deployments')).toBe(0);
      expect(await count('versions')).toBe(3);
      const result = await deploy(
        store,
        { service: 'shop', version: 'abc123', environment: 'dev', allowUnpublished: true },
        options,
      );
      expect(result.deployment.published).toBe(false);
      expect(result.warnings).toEqual([
        'Version abc123 of shop was never published: the registry has no contract for it, so can-i-deploy and rollback plan cannot compare against it. Publish it with holdfast publish --service shop --version abc123 CONTRACT.',
      ]);
      const attached = await release('abc123', V2);
      expect(attached.status).toBe('attached');
      expect((await release('abc123', V2)).status).toBe('unchanged');
    });

    it('names the services that exist when the service is unknown', async () => {
      const empty = await failure(deploy(store, { service: 'shop', version: '1', environment: 'dev' }, options));
      expect(empty.message).toBe(
        `Unknown service "shop": the registry ${store.location} has no services yet; expected the name of a published service. Fix the name, or publish the service first with holdfast publish; retrying will not help.`,
      );
      await release('1.0.0', V1);
      await release('1.0.0', V1, 'billing');
      const error = await failure(deploy(store, { service: 'shpo', version: '1', environment: 'dev' }, options));
      expect(error.code).toBe('REGISTRY_UNKNOWN_SERVICE');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        `Unknown service "shpo": the registry ${store.location} has services "billing", "shop"; expected the name of a published service. Fix the name, or publish the service first with holdfast publish; retrying will not help.`,
      );
    });
  });

  describe('can-i-deploy', () => {
    beforeEach(async () => {
      await release('1.0.0', V1);
      await release('1.1.0', V2);
      await release('2.0.0', V3);
      await deploy(store, { service: 'shop', version: '1.1.0', environment: 'production', owner: 'bob' }, options);
    });

    it('says yes to a compatible version, with the findings', async () => {
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging' }, options);
      const answer = await canIDeploy(store, { service: 'shop', version: '1.1.0', environment: 'staging' }, options);
      expect(answer.verdict).toBe('yes');
      expect(answer.live?.version).toBe('1.0.0');
      expect(answer.comparison?.summary.breaking).toBe(0);
      expect(answer.comparison?.findings.map((finding) => finding.id)).toContain('response-property-added');
      expect(answer.reason).toBe(
        'Nothing in 1.1.0 blocks clients of 1.0.0, live in staging: 0 breaking changes, 0 warnings.',
      );
    });

    it('says no to a breaking version, with the findings and the live deployment', async () => {
      const answer = await canIDeploy(store, { service: 'shop', version: '2.0.0', environment: 'production' }, options);
      expect(answer.verdict).toBe('no');
      expect(answer.live).toMatchObject({ version: '1.1.0', owner: 'bob', status: 'live' });
      expect(
        answer.comparison?.findings.filter((finding) => finding.level === 'breaking').map((finding) => finding.id),
      ).toEqual(['request-required-parameter-added']);
      expect(answer.reason).toBe(
        '2.0.0 has changes at or above "breaking" for clients of 1.1.0, live in production: 1 breaking change (affecting 1 operation), 0 warnings.',
      );
    });

    it('applies the policy', async () => {
      const answer = await canIDeploy(
        store,
        { service: 'shop', version: '2.0.0', environment: 'production' },
        { ...options, policy: { failOn: 'never', levels: {} } },
      );
      expect(answer.verdict).toBe('yes');
    });

    it('says yes when nothing of the service is live in the environment', async () => {
      await release('1.0.0', V1, 'billing');
      await deploy(store, { service: 'billing', version: '1.0.0', environment: 'qa' }, options);
      const answer = await canIDeploy(store, { service: 'shop', version: '2.0.0', environment: 'qa' }, options);
      expect(answer).toMatchObject({
        verdict: 'yes',
        live: null,
        comparison: null,
        reason: 'Nothing of shop is live in qa yet, so no client depends on it there.',
      });
    });

    it('answers unknown when the live version was never published, yes with --allow-unknown', async () => {
      await deploy(
        store,
        { service: 'shop', version: 'hotfix-7', environment: 'production', allowUnpublished: true },
        options,
      );
      const answer = await canIDeploy(store, { service: 'shop', version: '2.0.0', environment: 'production' }, options);
      expect(answer.verdict).toBe('unknown');
      expect(answer.reason).toBe(
        'Unknown: the live version hotfix-7 has no contract in the registry, so holdfast cannot tell whether 2.0.0 breaks its clients. Publish hotfix-7, or pass --allow-unknown to deploy without the check.',
      );
      expect(answer.comparison).toBeNull();
      expect(answer.warnings).toEqual([
        'Version hotfix-7 of shop was never published: the registry has no contract for it, so can-i-deploy and rollback plan cannot compare against it. Publish it with holdfast publish --service shop --version hotfix-7 CONTRACT.',
      ]);
      const allowed = await canIDeploy(
        store,
        { service: 'shop', version: '2.0.0', environment: 'production', allowUnknown: true },
        options,
      );
      expect(allowed.verdict).toBe('yes');
      expect(allowed.warnings).toEqual(answer.warnings);
    });

    it('asks again while unknown with retryWhileUnknownSeconds, and answers once the live version is published', async () => {
      await deploy(
        store,
        { service: 'shop', version: '3.0.0', environment: 'production', allowUnpublished: true },
        options,
      );
      const waits: number[] = [];
      const answer = await canIDeploy(
        store,
        { service: 'shop', version: '2.0.0', environment: 'production', retryWhileUnknownSeconds: 600 },
        {
          ...options,
          sleep: async (milliseconds) => {
            waits.push(milliseconds);
            // The pipeline's publish lands while can-i-deploy waits.
            if (waits.length === 2) await release('3.0.0', V3);
          },
        },
      );
      expect(waits).toEqual([5000, 5000]);
      expect(answer).toMatchObject({ verdict: 'yes', attempts: 3, live: { version: '3.0.0', published: true } });
      expect(answer.reason).toBe('2.0.0 has the same contract as 3.0.0, live in production.');
    });

    it('refuses an unknown version or environment, listing what exists', async () => {
      const version = await failure(
        canIDeploy(store, { service: 'shop', version: '3.0.0', environment: 'production' }, options),
      );
      expect(version.code).toBe('REGISTRY_UNKNOWN_VERSION');
      expect(version.message).toBe(
        'Unknown version "3.0.0" of service "shop": the registry has versions "2.0.0", "1.1.0", "1.0.0" (newest first); expected a published version. Fix the version, or publish it first with holdfast publish; retrying will not help.',
      );
      const environment = await failure(
        canIDeploy(store, { service: 'shop', version: '2.0.0', environment: 'prod' }, options),
      );
      expect(environment.code).toBe('REGISTRY_UNKNOWN_ENVIRONMENT');
      expect(environment.exitCode).toBe(2);
      expect(environment.message).toBe(
        `Unknown environment "prod": the registry ${store.location} has environments "production"; expected an environment something was deployed to. Fix the name, or record a first deployment there with holdfast deploy; retrying will not help.`,
      );
    });

    it('refuses a candidate that was never published', async () => {
      await deploy(
        store,
        { service: 'shop', version: 'hotfix-7', environment: 'dev', allowUnpublished: true },
        options,
      );
      const error = await failure(
        canIDeploy(store, { service: 'shop', version: 'hotfix-7', environment: 'production' }, options),
      );
      expect(error.code).toBe('REGISTRY_NOT_PUBLISHED');
      expect(error.message).toBe(
        'Cannot check shop hotfix-7 against production: version "hotfix-7" of "shop" was deployed but never published, so the registry has no contract for it; expected a published version. Publish it first with holdfast publish --service shop --version hotfix-7 CONTRACT; retrying will not help.',
      );
    });
  });

  describe('rollback', () => {
    beforeEach(async () => {
      await release('1.0.0', V1);
      await release('1.1.0', V2);
      await deploy(
        store,
        {
          service: 'shop',
          version: '1.0.0',
          environment: 'production',
          owner: 'ana',
          expectedResult: 'items load in < 200 ms',
        },
        options,
      );
      await deploy(
        store,
        {
          service: 'shop',
          version: '1.1.0',
          environment: 'production',
          owner: 'bob',
          expectedResult: 'discounts shown',
          rollbackNote: 'redeploy 1.0.0; the mobile app reads discount, tell its team first',
        },
        options,
      );
    });

    it('plans a rollback to the previous deployment and flags a field added since then as breaking', async () => {
      const plan = await rollbackPlan(store, { service: 'shop', environment: 'production' }, options);
      expect(plan.live).toMatchObject({ version: '1.1.0', owner: 'bob' });
      expect(plan.target).toMatchObject({ version: '1.0.0', published: true });
      expect(plan.target.deployment).toMatchObject({ version: '1.0.0', status: 'replaced', owner: 'ana' });
      expect(plan.safe).toBe(false);
      const breaking = plan.comparison?.findings.filter((finding) => finding.level === 'breaking') ?? [];
      expect(breaking.map((finding) => [finding.id, finding.message])).toEqual([
        ['response-required-property-removed', 'Item: property `discount` is no longer returned'],
      ]);
      expect(plan.comparison?.base).toBe('shop@1.1.0');
      expect(plan.comparison?.revision).toBe('shop@1.0.0');
      expect(plan.note).toEqual({
        owner: 'bob',
        writtenBy: 'bob',
        rollbackNote: 'redeploy 1.0.0; the mobile app reads discount, tell its team first',
      });
      expect(plan.lastRollback).toBeNull();
      expect(plan.steps).toEqual([
        {
          number: 1,
          title: 'Deploy 1.0.0 to production with your deploy tooling',
          command: null,
          detail:
            "No deploy command is recorded for shop: record one with holdfast service set --service shop --deploy-command '...' (or deploy-command in [tool.holdfast]), and plans will print it here.",
        },
        {
          number: 2,
          title: 'Verify',
          command: null,
          detail: 'Expected result recorded when 1.0.0 was deployed: items load in < 200 ms',
        },
        {
          number: 3,
          title: 'Record the rollback',
          command:
            "holdfast rollback record --service shop --env production --from 1.1.0 --to 1.0.0 --by '<you>' --reason '<why>'",
          detail: 'Marks 1.1.0 as rolled back and 1.0.0 as live, so the next plan and history show what happened.',
        },
      ]);
    });

    it("uses the team's deploy command when one is given", async () => {
      const plan = await rollbackPlan(
        store,
        {
          service: 'shop',
          environment: 'production',
          deployCommand: 'make deploy SERVICE={service} VERSION={version} ENV={env}',
        },
        options,
      );
      expect(plan.steps[0]?.command).toBe('make deploy SERVICE=shop VERSION=1.0.0 ENV=production');
    });

    it('refuses a plan with no target, an unknown target, or the live version as target', async () => {
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'staging' }, options);
      const none = await failure(rollbackPlan(store, { service: 'shop', environment: 'staging' }, options));
      expect(none.code).toBe('REGISTRY_NO_ROLLBACK_TARGET');
      expect(none.message).toBe(
        'No rollback target for shop in staging: 1.0.0 is the only version ever deployed there; expected an earlier deployment of another version. Name a published version with --to; retrying will not help.',
      );
      const unknown = await failure(
        rollbackPlan(store, { service: 'shop', environment: 'production', to: '0.9.0' }, options),
      );
      expect(unknown.code).toBe('REGISTRY_UNKNOWN_VERSION');
      const same = await failure(
        rollbackPlan(store, { service: 'shop', environment: 'production', to: '1.1.0' }, options),
      );
      expect(same.message).toBe(
        'No rollback plan for shop in production: version 1.1.0 is already live there; expected --to to name another version. Name an earlier version, or leave out --to to use the previous deployment; retrying will not help.',
      );
      await release('1.0.0', V1, 'billing');
      const nothing = await failure(rollbackPlan(store, { service: 'billing', environment: 'production' }, options));
      expect(nothing.code).toBe('REGISTRY_NOTHING_LIVE');
    });

    it('records a rollback: the live deployment is rolled back and the target is live again', async () => {
      const recorded = await rollbackRecord(
        store,
        {
          service: 'shop',
          environment: 'production',
          from: '1.1.0',
          to: '1.0.0',
          by: 'carol',
          reason: 'checkout errors',
        },
        options,
      );
      expect(recorded.createdDeployment).toBe(true);
      expect(recorded.rolledBack).toMatchObject({ version: '1.1.0', status: 'rolled_back', owner: 'bob' });
      expect(recorded.live).toMatchObject({
        version: '1.0.0',
        status: 'live',
        owner: 'carol',
        expectedResult: 'items load in < 200 ms',
      });
      expect(recorded.rollback).toMatchObject({
        fromVersion: '1.1.0',
        toVersion: '1.0.0',
        by: 'carol',
        reason: 'checkout errors',
      });
      const answer = await canIDeploy(store, { service: 'shop', version: '1.1.0', environment: 'production' }, options);
      expect(answer.live?.version).toBe('1.0.0');
    });

    it('records a rollback after the target was redeployed with deploy', async () => {
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'production', owner: 'carol' }, options);
      const recorded = await rollbackRecord(
        store,
        { service: 'shop', environment: 'production', from: '1.1.0', to: '1.0.0', by: 'carol' },
        options,
      );
      expect(recorded.createdDeployment).toBe(false);
      expect(recorded.rolledBack).toMatchObject({ version: '1.1.0', status: 'rolled_back' });
      expect(recorded.live).toMatchObject({ version: '1.0.0', status: 'live', owner: 'carol' });
      expect(await count('deployments')).toBe(3);
    });

    it('refuses to record a rollback from a version that is not live', async () => {
      const error = await failure(
        rollbackRecord(store, { service: 'shop', environment: 'production', from: '0.9.0', to: '1.0.0' }, options),
      );
      expect(error.code).toBe('REGISTRY_ROLLBACK_MISMATCH');
      expect(error.message).toBe(
        'Could not record the rollback of shop in production: 1.1.0 is live there; expected --from 0.9.0 to be live. Check holdfast history --service shop --env production; retrying will not help.',
      );
      expect(await count('rollbacks')).toBe(0);
    });
  });

  describe('history', () => {
    it('lists versions, deployments and rollbacks newest first, with the change between consecutive versions', async () => {
      await release('1.0.0', V1);
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'production', owner: 'ana' }, options);
      await release('1.1.0', V2);
      await release('2.0.0', V3);
      await deploy(
        store,
        { service: 'shop', version: '2.0.0', environment: 'production', owner: 'bob', rollbackNote: 'redeploy 1.0.0' },
        options,
      );
      await rollbackRecord(
        store,
        { service: 'shop', environment: 'production', to: '1.0.0', by: 'carol', reason: 'tenant errors' },
        options,
      );

      const result = await history(store, { service: 'shop' }, options);
      expect(result.events.map((event) => event.kind)).toEqual([
        'rolled-back',
        'deployed',
        'deployed',
        'published',
        'published',
        'deployed',
        'published',
      ]);
      const [rolledBack, redeployed, deployed, published2, published11, , published1] = result.events;
      expect(rolledBack).toMatchObject({
        kind: 'rolled-back',
        rollback: { fromVersion: '2.0.0', toVersion: '1.0.0', by: 'carol', reason: 'tenant errors' },
      });
      expect(redeployed).toMatchObject({
        kind: 'deployed',
        deployment: { version: '1.0.0', status: 'live', owner: 'carol' },
        previousVersion: '2.0.0',
      });
      expect(redeployed?.kind === 'deployed' && redeployed.changes).toMatchObject({
        from: '2.0.0',
        to: '1.0.0',
        breaking: 1,
      });
      expect(deployed).toMatchObject({
        kind: 'deployed',
        deployment: { version: '2.0.0', status: 'rolled_back', rollbackNote: 'redeploy 1.0.0' },
      });
      expect(deployed?.kind === 'deployed' && deployed.changes).toEqual({
        from: '1.0.0',
        to: '2.0.0',
        breaking: 1,
        warning: 0,
        info: 1,
        topBreaking: ['GET /items/{item_id}: new required query parameter `tenant`'],
        moreBreaking: 0,
      });
      expect(published2).toMatchObject({ kind: 'published', version: { version: '2.0.0' }, previousVersion: '1.1.0' });
      expect(published2?.kind === 'published' && published2.changes).toMatchObject({
        breaking: 1,
        warning: 0,
        info: 0,
      });
      expect(published11?.kind === 'published' && published11.changes).toMatchObject({
        from: '1.0.0',
        breaking: 0,
        info: 1,
      });
      expect(published1).toMatchObject({ kind: 'published', previousVersion: null, changes: null });
      expect(result.live.map((deployment) => [deployment.environment, deployment.version])).toEqual([
        ['production', '1.0.0'],
      ]);
      expect(result.truncated).toBe(false);
    });

    it('filters by environment and pages to the most recent events', async () => {
      await release('1.0.0', V1);
      await release('1.1.0', V2);
      for (const version of ['1.0.0', '1.1.0', '1.0.0', '1.1.0']) {
        await deploy(store, { service: 'shop', version, environment: 'staging' }, options);
      }
      await deploy(store, { service: 'shop', version: '1.0.0', environment: 'production' }, options);
      const staging = await history(store, { service: 'shop', environment: 'staging', limit: 3 }, options);
      expect(
        staging.events.map((event) => (event.kind === 'deployed' ? event.deployment.version : event.kind)),
      ).toEqual(['1.1.0', '1.0.0', '1.1.0']);
      expect(staging.truncated).toBe(true);
      expect(
        staging.events.every((event) => event.kind === 'deployed' && event.deployment.environment === 'staging'),
      ).toBe(true);
      const unknown = await failure(history(store, { service: 'shop', environment: 'prod' }, options));
      expect(unknown.code).toBe('REGISTRY_UNKNOWN_ENVIRONMENT');
    });
  });
});
