/**
 * `holdfast check` in the situations real pull requests create (issue 9, part 3), in real git
 * repositories with the real FastAPI example app imported by Debian's python3: the pull request
 * that adds the service, the one that moves the app module, a check run from a subfolder, and
 * turning a finding into an accept-list entry. Skipped only when /usr/bin/python3 cannot import
 * FastAPI (.ci/run installs it).
 */
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyShop, fakeVenv, git, HAS_FASTAPI, runHoldfast, temporaryFolder, writeFiles } from '../extract/_python.js';

let repo: string;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ path: repo, remove } = await temporaryFolder('holdfast-check-pr-'));
  git(repo, 'init', '-q', '-b', 'main');
  await writeFiles(repo, { '.gitignore': '.venv/\n__pycache__/\n', 'README.md': 'shop\n' });
  await fakeVenv(repo);
});

afterEach(async () => {
  await remove();
});

function commit(message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', '--short=12', 'HEAD').trim();
}

const PYPROJECT = [
  '[project]',
  'name = "shop"',
  '',
  '# holdfast: the contract gate (see docs/configuration.md)',
  '[tool.holdfast]',
  'app = "shop.main:app"  # uvicorn-style',
  '',
  '[tool.ruff]',
  'line-length = 100',
  '',
].join('\n');

describe.skipIf(!HAS_FASTAPI)('holdfast check in pull requests of a FastAPI repository', () => {
  it('the pull request that adds the service: says the module is missing at the base, everything is new, exit 0', async () => {
    const base = commit('start');
    git(repo, 'checkout', '-q', '-b', 'add-service');
    await copyShop('v1', repo);
    await writeFiles(repo, { 'pyproject.toml': PYPROJECT });
    commit('add the shop service');

    const run = await runHoldfast(['check'], repo);
    expect(run.stderr).toBe(
      `holdfast: the app module shop.main (shop/main.py or shop/main/__init__.py) does not exist at ${base} (merge base with main); comparing with an empty base, so every operation is new. Pass --base REV:PATH or --base FILE to compare with another contract.\n`,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('GET /items added');
    expect(run.stdout).toContain('0 breaking changes, 0 warnings, 6 info changes (affecting 6 operations)\n');
    expect(run.stdout).toContain('Suggested version bump: minor\n');
  }, 120_000);

  it('the pull request that moves the app module: compares with a contract file at a revision (--base REV:PATH)', async () => {
    await copyShop('v1', repo);
    await writeFiles(repo, { 'pyproject.toml': PYPROJECT });
    const extracted = await runHoldfast(['extract', 'shop.main:app', '-o', 'openapi.json'], repo);
    expect(extracted.status).toBe(0);
    commit('shop v1 and its contract');
    git(repo, 'checkout', '-q', '-b', 'move-app');
    await copyShop('v2-breaking', repo);
    await writeFiles(repo, { 'services/.keep': '' });
    await rename(join(repo, 'shop'), join(repo, 'services', 'shop'));
    await writeFiles(repo, {
      'pyproject.toml': PYPROJECT.replace(
        'app = "shop.main:app"  # uvicorn-style',
        'app = "shop.main:app"\napp-dir = "services"',
      ),
    });
    commit('move the app under services/ and drop fields');

    const moved = await runHoldfast(['check'], repo);
    expect(moved.stderr).toMatch(
      /^holdfast: the app module shop\.main \(services\/shop\/main\.py or services\/shop\/main\/__init__\.py\) does not exist at [0-9a-f]{12} \(merge base with main\); comparing with an empty base/,
    );
    expect(moved.status).toBe(0);

    const run = await runHoldfast(['check', '--base', 'main:openapi.json', '--output-format', 'concise'], repo);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      ' breaking response-required-property-removed GET /items, POST /items, GET /items/{item_id}: Item: property `name` is no longer returned\n',
    );
    expect(run.stdout).toMatch(
      /\n3 breaking changes \(affecting 5 operations\), 0 warnings, 1 info change \(affecting 3 operations\)\n$/,
    );
  }, 120_000);

  it('runs from any folder: the app is imported relative to the folder of the configuration', async () => {
    await copyShop('v1', repo);
    await writeFiles(repo, { 'pyproject.toml': PYPROJECT, 'docs/index.md': '# shop\n' });
    commit('shop v1');
    git(repo, 'checkout', '-q', '-b', 'feature');
    await copyShop('v2-breaking', repo);
    // A folder new on this branch: it does not exist in the base revision's worktree.
    await writeFiles(repo, { 'clients/README.md': '# clients\n' });
    commit('v2');

    for (const folder of ['docs', join('shop'), 'clients']) {
      const run = await runHoldfast(['check', '--format', 'github'], join(repo, folder));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        'title=request-property-became-required::POST /orders: OrderCreate: property `note` is now required',
      );
      expect(run.stderr).toBe(
        'holdfast: blocked: 3 breaking changes (affecting 5 operations), 0 warnings, 1 info change (affecting 3 operations); suggested version bump: major.\n',
      );
    }

    const settings = await runHoldfast(['check', '--show-settings'], join(repo, 'docs'));
    expect(settings.status).toBe(0);
    // Columns are aligned to the longest row; compare the rows, not the padding.
    const rows = settings.stdout
      .replace(/[0-9a-f]{12}/, '<base>')
      .split('\n')
      .map((line) => line.replace(/ +# /, '  # '));
    expect(rows).toEqual([
      `Configuration: ../pyproject.toml (${join(repo, 'pyproject.toml')})`,
      'app = shop.main:app  # app in ../pyproject.toml',
      'app-dir = ..  # the folder of ../pyproject.toml',
      `python = ${join(repo, '.venv', 'bin', 'python')}  # default: .venv/ in ${repo}`,
      'base = <base>  # default: the merge base of HEAD with main',
      'fail-on = breaking  # default',
      'level = info  # default',
      'format = text  # default',
      'output = standard output  # default',
      'allow-external-refs = false  # default',
      'rules = {}  # default',
      'include = []  # default',
      'exclude = []  # default',
      'skip-stability = []  # default',
      'accept = 0 entries  # default',
      '',
    ]);
  }, 120_000);

  it('--add-accept writes a ready entry into pyproject.toml, keeping the rest of the file, and the check passes for it', async () => {
    await copyShop('v1', repo);
    await writeFiles(repo, { 'pyproject.toml': PYPROJECT });
    commit('shop v1');
    git(repo, 'checkout', '-q', '-b', 'feature');
    await copyShop('v2-breaking', repo);
    commit('v2');

    const printed = await runHoldfast(
      ['check', '--print-accept', 'request-property-became-required', '--reason', 'the only client sends note'],
      repo,
    );
    expect(printed).toEqual({
      status: 0,
      stdout: [
        '[[tool.holdfast.accept]]',
        'rule = "request-property-became-required"',
        'component = "OrderCreate"',
        'pointer = "/components/schemas/OrderCreate/properties/note"',
        'reason = "the only client sends note"',
        '',
      ].join('\n'),
      stderr: '',
    });

    const missingReason = await runHoldfast(['check', '--add-accept', 'request-property-became-required'], repo);
    expect(missingReason.status).toBe(2);
    expect(missingReason.stderr).toBe(
      'holdfast: error: Missing --reason for --add-accept request-property-became-required: an accept-list entry must say why the change is acceptable; expected --reason "...".\nRun "holdfast --help" for usage.\n',
    );

    const unknown = await runHoldfast(
      ['check', '--add-accept', 'response-property-type-changed', '--reason', 'x'],
      repo,
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'holdfast: Could not make an accept-list entry for "response-property-type-changed": no unaccepted finding of that rule (this check found request-property-became-required, response-optional-property-removed, response-property-added, response-required-property-removed); expected the rule id of a finding in the report. Check the id; retrying will not help.\n',
    );

    for (const [rule, reason] of [
      ['request-property-became-required', 'the only client sends note'],
      ['response-required-property-removed', 'mobile 4.2 no longer reads "name"'],
      ['response-optional-property-removed', 'nobody set a nickname'],
    ]) {
      const added = await runHoldfast(
        ['check', '--add-accept', rule, '--reason', reason, '--expires', '2099-12-31'],
        repo,
      );
      expect(added.stderr).toBe('');
      expect(added.status).toBe(0);
      expect(added.stdout).toMatch(
        new RegExp(`^holdfast: added 1 accept-list entry for ${rule} \\(\\d findings?\\) to pyproject\\.toml\\.\\n$`),
      );
    }
    expect(await readFile(join(repo, 'pyproject.toml'), 'utf8')).toBe(
      [
        '[project]',
        'name = "shop"',
        '',
        '# holdfast: the contract gate (see docs/configuration.md)',
        '[tool.holdfast]',
        'app = "shop.main:app"  # uvicorn-style',
        '',
        '[[tool.holdfast.accept]]',
        'rule = "request-property-became-required"',
        'component = "OrderCreate"',
        'pointer = "/components/schemas/OrderCreate/properties/note"',
        'reason = "the only client sends note"',
        'expires = "2099-12-31"',
        '',
        '[[tool.holdfast.accept]]',
        'rule = "response-required-property-removed"',
        'component = "Item"',
        'pointer = "/components/schemas/Item/properties/name"',
        'reason = "mobile 4.2 no longer reads \\"name\\""',
        'expires = "2099-12-31"',
        '',
        '[[tool.holdfast.accept]]',
        'rule = "response-optional-property-removed"',
        'component = "User"',
        'pointer = "/components/schemas/User/properties/nickname"',
        'reason = "nobody set a nickname"',
        'expires = "2099-12-31"',
        '',
        '[tool.ruff]',
        'line-length = 100',
        '',
      ].join('\n'),
    );
    const run = await runHoldfast(['check', '--output-format', 'concise'], repo);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    // The one change left is compatible; the five accepted findings (three changes) no longer block.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\S+:\d+: info response-property-added GET \/items, POST \/items, GET \/items\/\{item_id\}: Item: new property `title`$/,
    );
    expect(lines.slice(1)).toEqual([
      '0 breaking changes, 0 warnings, 1 info change (affecting 3 operations), 5 accepted',
      '',
    ]);
  }, 180_000);
});
