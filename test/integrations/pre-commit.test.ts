/**
 * .pre-commit-hooks.yaml: well-formed for pre-commit, and its entry really runs `holdfast check`.
 * With pre-commit installed (Debian's `pre-commit`; scripts/test.sh installs it), a real
 * pre-commit installs the hook from a copy of this repository (`language: node`: npm install,
 * npm pack, npm install -g of the tarball) and runs it on a commit that breaks clients and on one
 * that does not.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE_SPEC,
  BREAKING_SPEC,
  checkFlags,
  copyCheckout,
  fakeBin,
  flagsOf,
  git,
  ROOT,
  repositoryWith,
} from './_helpers.js';

const PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const HAS_PRE_COMMIT = PRE_COMMIT.status === 0;

interface Hook {
  id: string;
  name: string;
  description: string;
  entry: string;
  language: string;
  pass_filenames: boolean;
  files: string;
  require_serial: boolean;
  minimum_pre_commit_version: string;
}

const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const cleanup: string[] = [];

afterEach(async () => {
  for (const path of cleanup.splice(0)) await rm(path, { recursive: true, force: true });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares the holdfast-check hook the way pre-commit expects', () => {
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(Object.keys(hook).sort()).toEqual(
      [
        'description',
        'entry',
        'files',
        'id',
        'language',
        'minimum_pre_commit_version',
        'name',
        'pass_filenames',
        'require_serial',
      ].sort(),
    );
    expect(hook.id).toBe('holdfast-check');
    expect(hook.language).toBe('node');
    expect(hook.pass_filenames).toBe(false);
    expect(hook.entry).toBe('holdfast check');
  });

  it('runs a command the package installs, with options check accepts', async () => {
    const [hook] = hooks;
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const [command, subcommand] = hook.entry.split(' ');
    expect(Object.keys(manifest.bin)).toContain(command);
    expect(subcommand).toBe('check');
    const flags = await checkFlags();
    for (const flag of flagsOf(hook.entry)) expect(flags).toContain(flag);
  });

  it('runs when the contract or its sources change, not for other files', () => {
    const files = new RegExp(hooks[0].files);
    for (const path of ['shop/main.py', 'openapi.json', 'api/openapi.yaml', 'holdfast.yml', 'pyproject.toml']) {
      expect(files.test(path), path).toBe(true);
    }
    for (const path of ['README.md', 'Dockerfile', 'static/app.js']) expect(files.test(path), path).toBe(false);
  });

  it('fails a commit that breaks clients and passes one that does not, as pre-commit runs the entry', async () => {
    const bin = await fakeBin();
    const breaking = await repositoryWith(BREAKING_SPEC);
    const compatible = await repositoryWith(BASE_SPEC);
    cleanup.push(bin.dir, breaking, compatible);
    const env = { ...process.env, PATH: bin.path };
    // pre-commit runs `entry` with no file names appended (pass_filenames: false).
    const failed = spawnSync('sh', ['-c', hooks[0].entry], { cwd: breaking, env, encoding: 'utf8' });
    expect(failed.stderr).toBe('');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('request-parameter-became-required');
    const passed = spawnSync('sh', ['-c', hooks[0].entry], { cwd: compatible, env, encoding: 'utf8' });
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain('No changes found');
  });

  it.skipIf(!HAS_PRE_COMMIT)(
    'is installed by pre-commit from the hook repository and blocks a breaking commit',
    async () => {
      const scratch = await mkdtemp(join(tmpdir(), 'holdfast-pre-commit-'));
      const breaking = await repositoryWith(BREAKING_SPEC);
      const compatible = await repositoryWith(BASE_SPEC);
      cleanup.push(scratch, breaking, compatible);
      const hookRepo = join(scratch, 'holdfast');
      await copyCheckout(hookRepo);
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'commit', '-q', '-m', 'holdfast');
      git(hookRepo, 'tag', 'v0.1.0');
      const config = `repos:\n  - repo: ${hookRepo}\n    rev: v0.1.0\n    hooks:\n      - id: holdfast-check\n`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PRE_COMMIT_HOME: join(scratch, 'cache'),
        // Packages come from the npm cache when it has them.
        npm_config_prefer_offline: 'true',
        // No headers to compile better-sqlite3 against: its build fails at once, as on a machine
        // without a compiler; it is optional and check does not need it.
        npm_config_nodedir: join(scratch, 'no-node-headers'),
      };
      for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG']) delete env[name];
      const run = (repo: string) => {
        return spawnSync('pre-commit', ['run', 'holdfast-check', '--all-files'], {
          cwd: repo,
          env,
          encoding: 'utf8',
          timeout: 540_000,
        });
      };
      for (const repo of [breaking, compatible]) {
        await writeFile(join(repo, '.pre-commit-config.yaml'), config);
        git(repo, 'add', '.pre-commit-config.yaml');
        git(repo, 'commit', '-q', '-m', 'pre-commit');
      }
      const failed = run(breaking);
      expect(failed.stderr).toBe('');
      expect(failed.stdout).toContain('holdfast check (API contract)');
      expect(failed.stdout).toContain('Failed');
      expect(failed.stdout).toContain('request-parameter-became-required');
      expect(failed.status).toBe(1);
      // The environment is installed once and reused.
      const passed = run(compatible);
      expect(passed.stdout).not.toContain('Installing environment');
      expect(passed.stdout).toMatch(/holdfast check \(API contract\)\.+Passed/);
      expect(passed.status).toBe(0);
    },
    600_000,
  );
});
