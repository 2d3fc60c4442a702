/**
 * The git questions `holdfast check` asks: where the repository's root is, which revision is the
 * base (the merge base of HEAD with the default branch), and whether a file exists at it.
 * Private to src/cli/commands.
 */
import { execFile } from 'node:child_process';
import { AppError, retryAdvice } from '../../errors.js';

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd`; never throws for a non-zero exit (callers decide), only when git cannot run. */
export function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(
          new AppError(
            'CHECK_NO_BASE',
            `Could not run git in ${cwd}: git not found; expected git on the PATH to find the base revision. ${retryAdvice(false, 'Install git, or pass --base FILE')}`,
            { cause: error },
          ),
        );
        return;
      }
      resolve({ ok: error === null, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

/** The working tree's root folder, or undefined outside a git repository. */
export async function gitRoot(cwd: string): Promise<string | undefined> {
  const result = await git(cwd, ['rev-parse', '--show-toplevel']);
  return result.ok ? result.stdout : undefined;
}

/** Whether `ref` names a commit. */
export async function isRevision(cwd: string, ref: string): Promise<boolean> {
  if (ref.startsWith('-')) return false;
  return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).ok;
}

/** Whether `path` (relative to the repository root) exists at `revision`. */
export async function existsAt(cwd: string, revision: string, path: string): Promise<boolean> {
  return (await git(cwd, ['cat-file', '-e', `${revision}:${path}`])).ok;
}

/**
 * The default branch: what `origin/HEAD` points at, else `main`, else `master` (local or on origin).
 * Undefined when there is none.
 */
export async function defaultBranch(cwd: string): Promise<string | undefined> {
  const symbolic = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (symbolic.ok && symbolic.stdout !== '') return symbolic.stdout;
  for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
    if (await isRevision(cwd, candidate)) return candidate;
  }
  return undefined;
}

/**
 * The merge base of HEAD with the default branch, as a 12-character commit id: the commit a branch
 * started from, so `check` judges only the branch's own changes. On the default branch itself it
 * is HEAD, so `check` judges the uncommitted changes.
 */
export async function mergeBase(cwd: string): Promise<{ revision: string; branch: string }> {
  const branch = await defaultBranch(cwd);
  if (branch === undefined) {
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not find the base to compare with: no origin/HEAD, main or master branch in this repository; expected a default branch. ${retryAdvice(false, 'Pass --base REF (for example --base origin/develop) or set base in the configuration')}`,
    );
  }
  const result = await git(cwd, ['merge-base', 'HEAD', branch]);
  if (!result.ok || result.stdout === '') {
    const said = result.stderr.split('\n')[0] || 'no common commit';
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not find the merge base of HEAD and ${branch}: git says "${said}"; expected HEAD and ${branch} to share history. In CI, fetch the full history (actions/checkout with fetch-depth: 0) or pass --base REF; retrying will not help.`,
    );
  }
  return { revision: result.stdout.slice(0, 12), branch };
}
