/**
 * SIGINT / SIGTERM while a `git:REV:py:` input is being extracted: holdfast removes its temporary
 * git worktree and folder, stops the Python processes, and exits 130 / 143. A real git repository,
 * a real FastAPI app that sleeps on import, and `holdfast diff` as a separate process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAS_FASTAPI, PYTHON, ROOT, temporaryFolder, writeFiles } from './_python.js';

const SLOW_APP = `import time

time.sleep(120)

from fastapi import FastAPI

app = FastAPI()
`;

/** Children of `pid` (from /proc), with their command lines. */
function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  const children: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) {
        children.push({
          pid: Number(entry),
          command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '),
        });
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Whether `pid` still runs (a zombie waiting for its new parent to reap it has stopped). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!HAS_FASTAPI || process.platform !== 'linux')('an interrupted git:REV:py: input', () => {
  let repo: { path: string; remove: () => Promise<void> };
  let temp: string;
  /** Processes this test started, stopped in afterEach should holdfast have left them running. */
  let started: number[] = [];

  beforeEach(async () => {
    repo = await temporaryFolder('holdfast-interrupt-');
    temp = join(repo.path, 'tmp');
    mkdirSync(temp);
    const project = join(repo.path, 'project');
    await writeFiles(project, { 'app.py': SLOW_APP, '.gitignore': '__pycache__/\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'slow app');
  });

  afterEach(async () => {
    for (const pid of started.splice(0)) {
      try {
        // Only if it is still this test's Python (a pid may be reused once its process ended).
        if (running(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('extract.py')) {
          process.kill(pid, 'SIGKILL');
        }
      } catch {
        // Already gone, as it should be.
      }
    }
    await repo.remove();
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: exit %i, no worktree, folder or Python process left behind', async (signal, status) => {
    const project = join(repo.path, 'project');
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/holdfast.js'), 'diff', 'git:HEAD:py:app:app', 'py:app:app', '--python', PYTHON],
      // TMPDIR: this run's temporary worktree goes where the test can see all of it.
      { cwd: project, env: { ...process.env, TMPDIR: temp, HOLDFAST_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, by) => resolve({ code, signal: by })),
    );
    const pid = child.pid as number;
    // Both apps are importing (sleeping): the one in the worktree and the working tree's.
    const pythons = await until('two Python processes', () => {
      const found = childrenOf(pid).filter((entry) => entry.command.includes('extract.py'));
      return found.length === 2 ? found : undefined;
    });
    started = pythons.map((entry) => entry.pid);
    const worktrees = () =>
      execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: project, encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.startsWith('worktree '));
    expect(worktrees()).toHaveLength(2);
    expect(readdirSync(temp)).toHaveLength(1);

    child.kill(signal);
    const result = await exited;
    expect(result).toEqual({ code: status, signal: null });
    expect(stderr).toBe(`holdfast: interrupted by ${signal}\n`);
    expect(worktrees()).toEqual([`worktree ${project}`]);
    expect(readdirSync(temp)).toEqual([]);
    expect(
      existsSync(join(project, '.git', 'worktrees')) ? readdirSync(join(project, '.git', 'worktrees')) : [],
    ).toEqual([]);
    await until(
      'the Python processes to stop',
      () => (pythons.some((entry) => running(entry.pid)) ? undefined : true),
      5000,
    );
  });
});
