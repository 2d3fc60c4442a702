/**
 * The walkthrough of docs/deploys-and-rollbacks.md, with the contracts of examples/registry/, run
 * through the CLI in-process on every backend and extended with an incident: deploy, roll back,
 * ask for a plan again, deploy again by mistake, undo. Also: read-only commands never create a
 * registry.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BACKENDS, type TestDatabase } from './_backends.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/registry/', import.meta.url));

async function run(
  env: Record<string, string>,
  cwd: string,
  ...argv: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    cwd,
    env,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    readStdin: async () => '',
  });
  return { status, stdout, stderr };
}

describe.each(BACKENDS)('walkthrough with an incident on $name', (backend) => {
  let database: TestDatabase;
  const cli = (...argv: string[]) => run(database.env, database.folder, ...argv);

  beforeEach(async () => {
    database = await backend.create();
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('deploy, roll back, plan again, deploy again by mistake, undo', async () => {
    for (const version of ['1.0.0', '1.1.0']) {
      const published = await cli(
        'publish',
        '--service',
        'shop',
        '--version',
        version,
        join(EXAMPLES, `shop-${version}.yaml`),
      );
      expect(published.status).toBe(0);
    }
    expect((await cli('environment', 'create', 'production', '--production')).stdout).toBe(
      'Created environment production (production).\n',
    );
    const prod = ['--service', 'shop', '--env', 'production'];
    expect(
      (await cli('deploy', ...prod, '--version', '1.0.0', '--owner', 'ana', '--rollback-note', 'first release')).status,
    ).toBe(0);
    const deployed = await cli(
      'deploy',
      ...prod,
      '--version',
      '1.1.0',
      '--owner',
      'bob',
      '--expect',
      'order pages show the discount',
      '--rollback-note',
      '1.0.0 is safe for the web app, but mobile 3.2 reads discount: warn #mobile first',
    );
    expect(deployed.status).toBe(0);
    // A CI retry of the same step records nothing.
    const retried = await cli('deploy', ...prod, '--version', '1.1.0', '--owner', 'bob');
    expect(retried.status).toBe(0);
    expect(retried.stdout.split('\n')[0]).toBe(
      'Unchanged: shop 1.1.0 is already live in production with these details; nothing recorded.',
    );

    // The incident: plan, roll back, record.
    const plan = await cli('rollback', 'plan', ...prod);
    expect(plan.status).toBe(1);
    expect(plan.stdout).toContain('Rollback plan for shop in production: 1.1.0 -> 1.0.0\n');
    expect(plan.stdout).not.toContain('Suggested version bump');
    const recorded = await cli(
      'rollback',
      'record',
      ...prod,
      '--from',
      '1.1.0',
      '--to',
      '1.0.0',
      '--by',
      'carol',
      '--reason',
      'checkout 5xx after 1.1.0',
    );
    expect(recorded.status).toBe(0);

    // Asked again, the plan must not propose 1.1.0, which was just rolled back.
    const again = await cli('rollback', 'plan', ...prod);
    expect(again).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'holdfast: No rollback target for shop in production: every other version deployed there was rolled back (1.1.0); expected an earlier deployment of another version. Name a published version with --to; retrying will not help.\n',
    });
    const json = JSON.parse((await cli('rollback', 'plan', ...prod, '--to', '1.1.0', '--format', 'json')).stdout);
    expect(json.lastRollback).toMatchObject({ by: 'carol', reason: 'checkout 5xx after 1.1.0', eventId: 'rollback-1' });
    expect(json.note).toEqual({ rollbackNote: 'first release', writtenBy: 'ana', owner: 'carol' });

    // Deploying 1.1.0 again by mistake is refused, and says why it was rolled back.
    const mistake = await cli('deploy', ...prod, '--version', '1.1.0', '--owner', 'dan');
    expect(mistake.status).toBe(1);
    expect(mistake.stderr).toMatch(
      /^holdfast: Could not record the deployment of shop 1\.1\.0 to production: 1\.1\.0 was rolled back there \(rolled back to 1\.0\.0 at \S+ \S+ by carol: checkout 5xx after 1\.1\.0\); expected a version that was not rolled back\. Deploy a fixed version, or pass --force to deploy 1\.1\.0 again anyway; retrying will not help\.\n$/,
    );
    const forced = await cli('deploy', ...prod, '--version', '1.1.0', '--owner', 'dan', '--force', '--format', 'json');
    expect(forced.status).toBe(0);
    const forcedResult = JSON.parse(forced.stdout);
    expect(forcedResult).toMatchObject({ status: 'recorded', deployment: { version: '1.1.0', owner: 'dan' } });

    // ...and the forced record was a mistake too: undo it.
    const undone = await cli(
      'undo',
      forcedResult.deployment.eventId,
      '--reason',
      'dan deployed the wrong tag',
      '--by',
      'dan',
    );
    expect(undone.status).toBe(0);
    expect(undone.stdout).toMatch(
      new RegExp(
        `^Recorded undo-1: undid ${forcedResult.deployment.eventId} \\(the deployment of 1\\.1\\.0 to production\\) at \\S+ \\S+\\n  by:     dan\\n  reason: dan deployed the wrong tag\\nLive now:\\n  shop 1\\.0\\.0 in production: live,`,
      ),
    );
    const history = JSON.parse((await cli('history', ...prod, '--format', 'json')).stdout);
    expect(history.events.map((event: { id: string }) => event.id)).toEqual([
      'undo-1',
      forcedResult.deployment.eventId,
      'rollback-1',
      'deploy-3',
      'deploy-2',
      'deploy-1',
    ]);
    expect(history.live.map((deployment: { version: string }) => deployment.version)).toEqual(['1.0.0']);
    // The forced deployment was undone, but 1.1.0 is still the version rolled back here.
    const stillRefused = await cli('deploy', ...prod, '--version', '1.1.0', '--owner', 'dan');
    expect(stillRefused.status).toBe(1);
    expect(stillRefused.stderr).toMatch(
      /^holdfast: Could not record the deployment of shop 1\.1\.0 to production: 1\.1\.0 was rolled back there /,
    );
    const missingReason = await cli('undo', 'deploy-1');
    expect(missingReason.status).toBe(2);
    expect(missingReason.stderr).toBe(
      'holdfast: error: required option \'--reason <text>\' not specified\nRun "holdfast --help" for usage.\n',
    );

    // Pact Broker style lookups.
    expect((await cli('list', 'services')).stdout).toBe('shop\n');
    expect((await cli('list', 'environments')).stdout).toBe('production  (production)\n');
    expect((await cli('list', 'versions', '--service', 'shop')).stdout).toMatch(
      /^1\.1\.0 {2}published .*\n1\.0\.0 {2}published /,
    );
    const shown = await cli('show', '--service', 'shop', '--version', '1.1.0');
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).info.title).toBeDefined();
    const yaml = await cli('show', '--service', 'shop', '--version', '1.1.0', '--format', 'yaml');
    expect(yaml.stdout).toMatch(/^components:\n/);
  });
});

describe('read-only commands on a missing registry', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-missing-'));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('fail with the path and where it came from, and create nothing', async () => {
    const path = join(folder, 'nested', 'registry.db');
    const env = { HOLDFAST_DB: path, HOLDFAST_DATABASE_URL: '' };
    for (const argv of [
      ['history', '--service', 'shop'],
      ['can-i-deploy', '--service', 'shop', '--version', '1.0.0', '--to', 'production'],
      ['rollback', 'plan', '--service', 'shop', '--env', 'production'],
      ['list', 'services'],
      ['show', '--service', 'shop', '--version', '1.0.0'],
      ['undo', 'deploy-1', '--reason', 'wrong'],
    ]) {
      const result = await run(env, folder, ...argv);
      expect(result).toEqual({
        status: 2,
        stdout: '',
        stderr: `holdfast: No registry at ${path} (set by HOLDFAST_DB): the file does not exist; expected an existing registry, which this command never creates. Point HOLDFAST_DB or HOLDFAST_DATABASE_URL at the team registry, or publish a contract first with holdfast publish; retrying will not help.\n`,
      });
    }
    expect(existsSync(join(folder, 'nested'))).toBe(false);
    const byDefault = await run({ HOLDFAST_DB: '', HOLDFAST_DATABASE_URL: '' }, folder, 'history', '--service', 'shop');
    expect(byDefault.stderr).toBe(
      `holdfast: No registry at ${join(folder, '.holdfast', 'registry.db')} (the default .holdfast/registry.db at the project root; neither HOLDFAST_DB nor HOLDFAST_DATABASE_URL is set): the file does not exist; expected an existing registry, which this command never creates. Point HOLDFAST_DB or HOLDFAST_DATABASE_URL at the team registry, or publish a contract first with holdfast publish; retrying will not help.\n`,
    );
    expect(existsSync(join(folder, '.holdfast'))).toBe(false);
  });

  it.runIf(BACKENDS.some((backend) => backend.name === 'postgres'))(
    'on PostgreSQL: an empty schema is a missing registry, and is not created',
    async () => {
      const postgres = BACKENDS.find((backend) => backend.name === 'postgres')!;
      const database = await postgres.create();
      try {
        const result = await run(database.env, folder, 'history', '--service', 'shop');
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(
          /^holdfast: No registry at postgres:\/\/\S+ \(schema test_[0-9a-f]+\) \(set by HOLDFAST_DATABASE_URL\): the database has no holdfast tables; expected an existing registry/,
        );
        const schema = new URL(database.env.HOLDFAST_DATABASE_URL!).searchParams.get('schema');
        const pg = await import('pg');
        const client = new pg.default.Client({ connectionString: process.env.HOLDFAST_TEST_DATABASE_URL });
        await client.connect();
        try {
          const found = await client.query('select 1 from information_schema.schemata where schema_name = $1', [
            schema,
          ]);
          expect(found.rowCount).toBe(0);
        } finally {
          await client.end();
        }
      } finally {
        await database.dispose();
      }
    },
  );
});
