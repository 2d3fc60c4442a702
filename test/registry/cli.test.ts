/**
 * The registry commands in-process (`main(argv, context)`): flags, exit statuses, and that text
 * and JSON render the same result (owner, expected result and rollback note wherever a
 * deployment is shown).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { V1, V2, V3 } from './_contracts.js';

describe.each(BACKENDS)('registry commands on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
    writeFileSync(join(database.folder, 'v1.json'), V1.text);
    writeFileSync(join(database.folder, 'v2.json'), V2.text);
    writeFileSync(join(database.folder, 'v3.json'), V3.text);
  });

  afterEach(async () => {
    await database.dispose();
  });

  async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const status = await main(argv, {
      cwd: database.folder,
      env: database.env,
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      readStdin: async () => '',
    });
    return { status, stdout, stderr };
  }

  async function releaseAndDeploy(): Promise<void> {
    expect((await run('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json')).status).toBe(0);
    expect((await run('publish', '--service', 'shop', '--version', '1.1.0', 'v2.json')).status).toBe(0);
    expect((await run('publish', '--service', 'shop', '--version', '2.0.0', 'v3.json')).status).toBe(0);
    const args = ['deploy', '--service', 'shop', '--env', 'production'];
    // --by, as rollback record and undo spell it, is accepted for the owner too.
    expect((await run(...args, '--version', '1.0.0', '--by', 'ana', '--expect', 'items load')).status).toBe(0);
    const deployed = await run(
      ...args,
      '--version',
      '1.1.0',
      '--owner',
      'bob',
      '--expect',
      'discounts shown',
      '--rollback-note',
      'redeploy 1.0.0; tell the mobile team',
    );
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toMatch(
      /^Recorded deployment:\n {2}shop 1\.1\.0 in production: live, deployed \S+ \S+\n {4}owner: {11}bob\n {4}expected result: discounts shown\n {4}rollback note: {3}redeploy 1\.0\.0; tell the mobile team\nIt replaces:\n {2}shop 1\.0\.0 in production: replaced, deployed \S+ \S+\n {4}owner: {11}ana\n {4}expected result: items load\n {4}rollback note: {3}\(not recorded\)\n$/,
    );
  }

  it('publish is idempotent and prints what it did', async () => {
    const first = await run('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json', '--format', 'json');
    expect(first.status).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({
      status: 'created',
      newDocument: true,
      version: { service: 'shop', version: '1.0.0', published: true },
    });
    const again = await run('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json');
    expect(again).toEqual({
      status: 0,
      stdout: `Unchanged: shop 1.0.0 is already published with the same contract (${result.version.contractHash.slice(0, 19)}).\n`,
      stderr: '',
    });
    const conflict = await run('publish', '--service', 'shop', '--version', '1.0.0', 'v2.json');
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toMatch(
      /^holdfast: Could not publish shop 1\.0\.0: that version is already stored with contract sha256:[0-9a-f]{12} and this contract is sha256:[0-9a-f]{12};/,
    );
  });

  it('publish records a working tree with uncommitted changes to the contract as dirty, with its commit', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: database.folder,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
      })
        .toString()
        .trim();
    git('init', '-q', '-b', 'main');
    git('add', 'v1.json');
    git('commit', '-q', '-m', 'contract');
    const commit = git('rev-parse', 'HEAD');
    const clean = JSON.parse(
      (await run('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json', '--format', 'json')).stdout,
    );
    expect(clean.version).toMatchObject({ commit, branch: 'main', dirty: false });
    writeFileSync(join(database.folder, 'v1.json'), V2.text);
    const dirty = await run('publish', '--service', 'shop', '--version', '1.1.0', 'v1.json');
    expect(dirty.status).toBe(0);
    expect(dirty.stdout).toBe(
      `Published shop 1.1.0 (contract ${JSON.parse((await run('list', 'versions', '--service', 'shop', '--format', 'json')).stdout).versions[0].contractHash.slice(0, 19)}, branch main, commit ${commit.slice(0, 12)} + uncommitted changes).\nwarning: shop 1.1.0 was published from a working tree with uncommitted changes to the contract: it is recorded with commit ${commit.slice(0, 12)} and dirty: true, so that commit alone does not reproduce it.\n`,
    );
  });

  it('can-i-deploy exits 1 with the findings for a breaking version, 0 for a compatible one', async () => {
    await releaseAndDeploy();
    const no = await run('can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'production');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain('Can I deploy shop 2.0.0 to production? No.\n');
    expect(no.stdout).toContain('request-required-parameter-added');
    expect(no.stdout).toContain('    rollback note:   redeploy 1.0.0; tell the mobile team\n');
    const json = await run(
      'can-i-deploy',
      '--service',
      'shop',
      '--version',
      '2.0.0',
      '--to',
      'production',
      '--format',
      'json',
    );
    expect(json.status).toBe(1);
    const answer = JSON.parse(json.stdout);
    expect(answer).toMatchObject({
      verdict: 'no',
      live: { version: '1.1.0', owner: 'bob', expectedResult: 'discounts shown' },
    });
    expect(answer.comparison.summary.breaking).toBe(1);
    expect(answer.comparison.findings[0]).toMatchObject({
      id: 'request-required-parameter-added',
      level: 'breaking',
      operation: { method: 'GET', path: '/items/{item_id}' },
    });
    const yes = await run('can-i-deploy', '--service', 'shop', '--version', '1.1.0', '--to', 'production');
    expect(yes.status).toBe(0);
    // --env, as deploy and rollback spell it, means --to; neither is a usage error.
    expect(await run('can-i-deploy', '--service', 'shop', '--version', '1.1.0', '--env', 'production')).toEqual({
      ...yes,
    });
    const missing = await run('can-i-deploy', '--service', 'shop', '--version', '1.1.0');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      'Missing the environment: can-i-deploy asks about one environment; expected --to ENV (or --env ENV), for example --to production.',
    );
  });

  it('rollback plan exits 1 when the rollback breaks clients, and prints the note and the steps', async () => {
    await releaseAndDeploy();
    const plan = await run('rollback', 'plan', '--service', 'shop', '--env', 'production');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toContain('Rollback plan for shop in production: 1.1.0 -> 1.0.0\n');
    expect(plan.stdout).toContain('response-required-property-removed');
    expect(plan.stdout).toContain(
      '2. Rollback note (written by bob for 1.1.0 in production)\n  redeploy 1.0.0; tell the mobile team\n',
    );
    expect(plan.stdout).toContain(
      "  3. Record the rollback\n       holdfast rollback record --service shop --env production --from 1.1.0 --to 1.0.0 --by '<you>' --reason '<why>'\n",
    );
    const json = JSON.parse(
      (await run('rollback', 'plan', '--service', 'shop', '--env', 'production', '--format', 'json')).stdout,
    );
    expect(json).toMatchObject({ safe: false, target: { version: '1.0.0' }, note: { owner: 'bob' } });
    expect(json.steps).toHaveLength(3);

    const recorded = await run(
      'rollback',
      'record',
      '--service',
      'shop',
      '--env',
      'production',
      '--from',
      '1.1.0',
      '--to',
      '1.0.0',
      '--by',
      'carol',
      '--reason',
      'errors',
    );
    expect(recorded.status).toBe(0);
    expect(recorded.stdout).toMatch(/^Recorded rollback of shop in production: 1\.1\.0 -> 1\.0\.0 at /);
    const history = JSON.parse(
      (await run('history', '--service', 'shop', '--env', 'production', '--format', 'json')).stdout,
    );
    expect(history.events.map((event: { kind: string }) => event.kind)).toEqual([
      'rolled-back',
      'deployed',
      'deployed',
      'deployed',
    ]);
    const text = await run('history', '--service', 'shop');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      'rolled back production from 1.1.0 to 1.0.0  [rollback-1]\n    by:     carol\n    reason: errors\n',
    );
  });

  it('rollback plan says who wrote the note was not recorded, rather than "written by the owner, not recorded"', async () => {
    expect((await run('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json')).status).toBe(0);
    expect((await run('publish', '--service', 'shop', '--version', '1.1.0', 'v2.json')).status).toBe(0);
    const args = ['deploy', '--service', 'shop', '--env', 'staging'];
    expect((await run(...args, '--version', '1.0.0')).status).toBe(0);
    expect((await run(...args, '--version', '1.1.0', '--rollback-note', '1.0.0 is safe')).status).toBe(0);
    const plan = await run('rollback', 'plan', '--service', 'shop', '--env', 'staging');
    expect(plan.stdout).toContain(
      '2. Rollback note (for 1.1.0 in staging; who wrote it was not recorded)\n  1.0.0 is safe\n',
    );
  });

  it("rollback plan prints the project's deploy-command, and the flags of the new options are checked", async () => {
    await releaseAndDeploy();
    writeFileSync(join(database.folder, 'holdfast.yaml'), "deploy-command: './deploy.sh {service} {version} {env}'\n");
    const plan = JSON.parse(
      (await run('rollback', 'plan', '--service', 'shop', '--env', 'production', '--format', 'json')).stdout,
    );
    expect(plan.deployCommandSource).toBe('config');
    expect(plan.steps[0].command).toBe('./deploy.sh shop 1.0.0 production');
    const retry = await run(
      'can-i-deploy',
      '--service',
      'shop',
      '--version',
      '1.1.0',
      '--to',
      'production',
      '--retry-while-unknown',
      'soon',
    );
    expect(retry).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'holdfast: error: Invalid --retry-while-unknown "soon": expected a number of seconds (0 or more).\nRun "holdfast --help" for usage.\n',
    });
    const limit = await run('history', '--service', 'shop', '--limit', '0');
    expect(limit.status).toBe(2);
    expect(limit.stderr).toBe(
      'holdfast: error: Invalid number "0": expected a whole number of at least 1.\nRun "holdfast --help" for usage.\n',
    );
    const list = await run('list', 'contracts');
    expect(list.stderr).toBe(
      'holdfast: error: Invalid list "contracts": expected one of services, environments, versions.\nRun "holdfast --help" for usage.\n',
    );
  });

  it('exits 2 with one line for unknown names and missing flags', async () => {
    await releaseAndDeploy();
    const unknown = await run('history', '--service', 'shop', '--env', 'prod');
    expect(unknown).toMatchObject({ status: 2, stdout: '' });
    expect(unknown.stderr).toMatch(
      /^holdfast: Unknown environment "prod": the registry .* has environments "production";/,
    );
    const missing = await run('deploy', '--service', 'shop', '--version', '1.0.0');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'holdfast: error: required option \'--env <name>\' not specified\nRun "holdfast --help" for usage.\n',
    );
    const format = await run('history', '--service', 'shop', '--format', 'yaml');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('Invalid --format "yaml": expected one of text, json.');
  });
});
