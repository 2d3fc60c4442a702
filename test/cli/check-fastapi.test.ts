/**
 * `holdfast check` with zero configuration in a real FastAPI repository (examples/fastapi-shop,
 * imported with a real Python): it finds the app, extracts it at the merge base (a temporary
 * worktree) and in the working tree, and exits 1 for the breaking version, 0 for the compatible
 * one. Skipped only when /usr/bin/python3 cannot import FastAPI (.ci/run installs it).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './_run.js';

const PYTHON = '/usr/bin/python3';
const HAS_FASTAPI = spawnSync(PYTHON, ['-c', 'import fastapi'], { stdio: 'ignore' }).status === 0;
const SHOP = join(ROOT, 'examples', 'fastapi-shop');

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'holdfast-check-fastapi-'));
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

function git(...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.name=holdfast test', '-c', 'user.email=test@holdfast.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd: repo, stdio: 'ignore' },
  );
}

async function useShop(version: 'v1' | 'v2-compatible' | 'v2-breaking'): Promise<void> {
  await rm(join(repo, 'shop'), { recursive: true, force: true });
  await cp(join(SHOP, version, 'shop'), join(repo, 'shop'), { recursive: true });
}

/** main: shop v1 and a .venv (never committed) whose python has FastAPI; branch feature: `version`. */
async function repositoryAt(version: 'v2-compatible' | 'v2-breaking'): Promise<void> {
  git('init', '-q', '-b', 'main');
  await writeFile(join(repo, '.gitignore'), '.venv/\n__pycache__/\n');
  await mkdir(join(repo, '.venv', 'bin'), { recursive: true });
  await symlink(PYTHON, join(repo, '.venv', 'bin', 'python'));
  await useShop('v1');
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
  git('checkout', '-q', '-b', 'feature');
  await useShop(version);
  git('add', '.');
  git('commit', '-q', '-m', version);
}

function check(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG', 'VIRTUAL_ENV']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/holdfast.js'), 'check'], { cwd: repo, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

describe.skipIf(!HAS_FASTAPI)('holdfast check in a FastAPI repository without configuration', () => {
  it('finds the app and exits 1 for a breaking change, naming operation, field, file and line, and a fix', async () => {
    await repositoryAt('v2-breaking');
    const run = await check();
    expect(run.stderr).toMatch(
      /^holdfast: no app or spec configured; checking shop\.main:app from shop\/main\.py:\d+( \(also found: .*\))?\. Run "holdfast init" to record it in pyproject\.toml\.\n$/,
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^Comparing git:[0-9a-f]{12}:py:shop\.main:app with py:shop\.main:app\n/);
    expect(run.stdout).toMatch(
      /breaking {2}response-required-property-removed {2}\(removed; was shop\/models\.py:\d+ in [0-9a-f]{12}\)\n/,
    );
    expect(run.stdout).toContain('POST /orders');
    expect(run.stdout).toContain('request-property-became-required');
    expect(run.stdout).toContain('hint: ');
    expect(run.stdout).toContain('Suggested version bump: major\n');
  }, 120_000);

  it('exits 0 for a compatible change and suggests a minor release', async () => {
    await repositoryAt('v2-compatible');
    const run = await check();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Compatible: no change breaks clients built against the base contract.\n');
    expect(run.stdout).toContain('Suggested version bump: minor\n');
  }, 120_000);
});
