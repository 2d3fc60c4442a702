/** Shared by test/extract and test/init: the real Python that has FastAPI, the examples, temp folders. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHOP = join(ROOT, 'examples', 'fastapi-shop');
/** Debian's interpreter, which CI gives FastAPI 0.92 + Pydantic 1.10 (.ci/run installs them). */
export const PYTHON = '/usr/bin/python3';
/** Tests that import a FastAPI app skip (describe.skipIf) only when this is false. */
export const HAS_FASTAPI = spawnSync(PYTHON, ['-c', 'import fastapi'], { stdio: 'ignore' }).status === 0;

/** A fresh temporary folder, removed by `remove`. */
export async function temporaryFolder(
  prefix = 'holdfast-test-',
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes `files` (relative path -> content) under `folder`. */
export async function writeFiles(folder: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
}

/** Copies one version of the shop example (its `shop/` package) into `folder`. */
export async function copyShop(version: 'v1' | 'v2-compatible' | 'v2-breaking', folder: string): Promise<void> {
  await rm(join(folder, 'shop'), { recursive: true, force: true });
  await cp(join(SHOP, version, 'shop'), join(folder, 'shop'), { recursive: true });
}

/** A fake virtualenv interpreter: `<folder>/<venv>/bin/python` -> /usr/bin/python3. */
export async function fakeVenv(folder: string, venv = '.venv'): Promise<string> {
  const path = join(folder, venv, 'bin', 'python');
  await mkdir(dirname(path), { recursive: true });
  await symlink(PYTHON, path);
  return path;
}

/** Runs git in `cwd` with a fixed identity and no signing. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Runs `fn` and returns what it threw (fails when it does not throw). */
export async function caught(fn: () => unknown): Promise<Error & { code?: string; exitCode?: number }> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but none was thrown');
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/holdfast.js) in `cwd`, as a user would. */
export function runHoldfast(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG']) {
    if (env[name] === undefined) delete environment[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'holdfast.js'), ...args], { cwd, env: environment });
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
