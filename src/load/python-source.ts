import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';
import { checkTarget, codeRootOf, extractOpenApi, resolveInterpreter } from '../extract/index.js';
import { onInterrupt } from '../interrupt.js';
import { subjectOf } from './_messages.js';
import type { Source } from './types.js';

/** Options for `py:` inputs; part of `ReadSourceOptions`. */
export interface PythonSourceOptions {
  /** `--python`: the interpreter for `py:` inputs (default: resolved as `holdfast extract` does). */
  python?: string;
  /** `--app-dir`: the folder put first on `sys.path`, relative to the project root. */
  appDir?: string;
  /** Environment for the interpreter choice and the Python process (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** A `py:MODULE:ATTR` input, optionally at a git revision (`git:REV:py:MODULE:ATTR`). */
export interface PythonSpec {
  target: string;
  rev?: string;
}

/** How long `git worktree add` may take (a checkout of a large repository). */
const WORKTREE_TIMEOUT_MS = 300_000;

/**
 * Recognizes `py:module:attribute` and `git:REV:py:module:attribute`; undefined for anything else.
 * (A file literally named `py:...` must be written `./py:...`.)
 */
export function parsePythonSpec(spec: string): PythonSpec | undefined {
  if (spec.startsWith('py:')) return { target: spec.slice(3) };
  if (!spec.startsWith('git:')) return undefined;
  const rest = spec.slice(4);
  const colon = rest.indexOf(':');
  if (colon <= 0 || !rest.startsWith('py:', colon + 1)) return undefined;
  return { rev: rest.slice(0, colon), target: rest.slice(colon + 4) };
}

/**
 * Reads a `py:` input by extracting the app's OpenAPI document (src/extract). `py:main:app` imports
 * the working tree, with `cwd` as the project root. `git:REV:py:main:app` checks REV out into a
 * temporary `git worktree` (removed afterwards, also on failure) and imports it there, from the
 * same subfolder `cwd` is in; the interpreter is still chosen in `cwd` (pyproject.toml, `.venv/`),
 * because a virtualenv is never committed. The source is the generated JSON, with a code map
 * (`Source.codeMap`) so findings cite the Python code that defines each part (`shop/models.py:14`,
 * relative to the repository root; at REV for `git:` inputs) wherever the extractor could place it.
 *
 * @example
 * const base = await readPythonSource(parsePythonSpec('git:main:py:shop.main:app')!, 'git:main:py:shop.main:app', { role: 'base', cwd });
 */
export async function readPythonSource(
  python: PythonSpec,
  spec: string,
  options: PythonSourceOptions & { role: string; cwd: string },
): Promise<Source> {
  checkTarget(python.target);
  const env = options.env ?? process.env;
  if (python.rev === undefined) {
    const extraction = await extractOpenApi(python.target, {
      cwd: options.cwd,
      python: options.python,
      appDir: options.appDir,
      env,
      label: spec,
      codeRoot: await codeRootOf(options.cwd),
    });
    return { uri: spec, displayName: spec, text: extraction.text, codeMap: extraction.codeMap };
  }
  const rev = python.rev;
  const subject = subjectOf(options.role);
  if (rev.startsWith('-')) {
    throw new AppError(
      'LOAD_GIT_FAILED',
      `Could not read ${subject} "${spec}": a revision starting with "-"; expected git:REV:py:module:attribute, for example git:main:py:main:app. ${retryAdvice(false, 'Fix the spec')}`,
    );
  }
  const interpreter = await resolveInterpreter({
    cwd: options.cwd,
    python: options.python,
    appDir: options.appDir,
    env,
  });
  const prefix = (await git(['rev-parse', '--show-prefix'], options.cwd, subject, spec)).trim();
  const folder = await mkdtemp(join(tmpdir(), 'holdfast-worktree-'));
  // Named after its unique folder: git registers a worktree by its folder's name, and two
  // checkouts of the same repository at once (base and revision) must not race for one name.
  const worktree = join(folder, basename(folder));
  let removed = false;
  // A signal skips the `finally` below: remove the worktree then (after the Python process and a
  // running `git worktree add` were stopped: those registered later, so they are undone first).
  const forget = onInterrupt(() => removeWorktreeNow(worktree, folder, options.cwd));
  try {
    await git(['worktree', 'add', '--detach', '--quiet', worktree, rev], options.cwd, subject, spec);
    try {
      // The folder holdfast runs in may be new on this branch (absent at REV): create it, so that
      // paths relative to it (--app-dir, the configuration's app-dir) resolve as they do here.
      await mkdir(join(worktree, prefix), { recursive: true });
      const extraction = await extractOpenApi(python.target, {
        cwd: join(worktree, prefix),
        appDir: options.appDir,
        env,
        interpreter,
        label: spec,
        codeRoot: worktree,
        revision: rev,
      });
      return { uri: spec, displayName: spec, text: extraction.text, codeMap: extraction.codeMap };
    } finally {
      removed = await git(['worktree', 'remove', '--force', worktree], options.cwd, subject, spec).then(
        () => true,
        () => false,
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
    // When `remove` failed (or `add` failed halfway), forget the worktree whose folder is now gone.
    if (!removed) await git(['worktree', 'prune'], options.cwd, subject, spec).catch(() => undefined);
    forget();
  }
}

/**
 * The synchronous cleanup for an interrupted `git:REV:py:` input: `remove -f -f` also takes a
 * worktree that `git worktree add` left locked ("initializing") when it was stopped, and `prune`
 * forgets one whose folder is already gone.
 */
function removeWorktreeNow(worktree: string, folder: string, cwd: string): void {
  const run = (args: string[]) => {
    try {
      execFileSync('git', args, { cwd, stdio: 'ignore', timeout: 10_000, windowsHide: true });
    } catch {
      // Best effort: the folder is removed below either way, and `prune` forgets its entry.
    }
  };
  run(['worktree', 'remove', '--force', '--force', worktree]);
  rmSync(folder, { recursive: true, force: true });
  run(['worktree', 'prune']);
}

function git(args: string[], cwd: string, subject: string, spec: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, encoding: 'utf8', timeout: WORKTREE_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolvePromise(stdout);
          return;
        }
        const spawnFailed = typeof (error as NodeJS.ErrnoException).code === 'string';
        const found = spawnFailed
          ? `git could not be run (${error.message})`
          : `git says "${(stderr.split('\n')[0] ?? '').trim().replace(/\.$/, '') || error.message}"`;
        reject(
          new AppError(
            'LOAD_GIT_FAILED',
            `Could not read ${subject} "${spec}": ${found}; expected an existing revision in the git repository at ${cwd}. ${retryAdvice(false, 'Fix the revision')}`,
            { cause: error },
          ),
        );
      },
    );
    // A `git worktree add` still checking out when holdfast is interrupted stops first.
    const forget = onInterrupt(() => child.kill('SIGKILL'));
    child.on('close', forget);
  });
}
