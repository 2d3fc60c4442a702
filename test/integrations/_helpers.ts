/**
 * Shared by the integration tests (private to test/integrations): the real flags of
 * `holdfast check`, a scratch git repository with a contract change, a PATH on which `holdfast`
 * runs this checkout's built CLI, and a copy of this checkout as a clone has it.
 */
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../cli/_run.js';

export { ROOT };

/** Every option `holdfast check --help` lists (`--format`, `-o`, ...). */
export async function checkFlags(): Promise<Set<string>> {
  let help = '';
  const write = (text: string) => {
    help += text;
  };
  await main(['check', '--help'], { stdout: { write }, stderr: { write }, env: {}, cwd: ROOT });
  return new Set([...help.matchAll(/(?:^|[\s,])(--?[a-z][a-z-]*)/gm)].map((match) => match[1]));
}

/** The options (`--x`, `-x`) used in a shell command line after `check`. */
export function flagsOf(command: string): string[] {
  const afterCheck = command.slice(command.indexOf(' check') + ' check'.length);
  return [...afterCheck.matchAll(/(?:^|\s)(--?[a-z][a-z-]*)/g)].map((match) => match[1]);
}

/** Every `holdfast ... check ...` command line in a text (a script or a docs page). */
export function checkCommands(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^-\s+/, ''))
    .filter((line) => /holdfast(@[\w.-]+)?"?\s+check\b/.test(line) || /\$\{holdfast\[@\]\}"\s+check\b/.test(line));
}

export const BASE_SPEC = `openapi: 3.0.3
info:
  title: shop
  version: 1.0.0
paths:
  /items:
    get:
      parameters:
        - name: limit
          in: query
          required: false
          schema:
            type: integer
      responses:
        '200':
          description: ok
`;

export const BREAKING_SPEC = BASE_SPEC.replace('required: false', 'required: true');

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=holdfast test',
      '-c',
      'user.email=test@holdfast.invalid',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** A git repository: main has `openapi.yaml` = BASE_SPEC and `holdfast.yaml`; branch `feature` has `spec`. */
export async function repositoryWith(spec: string): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), 'holdfast-integration-'));
  git(repo, 'init', '-q');
  await writeFile(join(repo, 'openapi.yaml'), BASE_SPEC);
  await writeFile(join(repo, 'holdfast.yaml'), 'spec: openapi.yaml\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  await writeFile(join(repo, 'openapi.yaml'), spec);
  git(repo, 'commit', '-q', '--allow-empty', '-am', 'change');
  return repo;
}

/** A folder with `holdfast` (what pre-commit puts on PATH for a node hook) running this checkout's built CLI, and the PATH that puts it first. */
export async function fakeBin(): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'holdfast-bin-'));
  const cli = join(ROOT, 'bin', 'holdfast.js');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'holdfast'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  await chmod(join(dir, 'holdfast'), 0o755);
  return { dir, path: `${dir}${delimiter}${process.env.PATH ?? ''}` };
}

/**
 * Copies this checkout's files as git has them (tracked, plus new files not ignored: no
 * node_modules/, no dist/) to `target`, as a clone or an action download would have them.
 */
export async function copyCheckout(target: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    await mkdir(dirname(join(target, file)), { recursive: true });
    await copyFile(join(ROOT, file), join(target, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // deleted but not yet committed
    });
  }
}
