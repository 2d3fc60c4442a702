/**
 * The CLI as a separate process, watched while it runs (to act at the right moment: kill it,
 * terminate its database session, stop the server). Private to test/registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/holdfast.js', import.meta.url));

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Run>;
  /** Resolves once stderr contains `text`; rejects if the process ends first. */
  stderrContains(text: string): Promise<void>;
}

/** Starts `holdfast ARGS` in `cwd` with `env` added to this process's environment. */
export function startCli(args: string[], cwd: string, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ...env, HOLDFAST_DEBUG: '', NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters.splice(0)) {
      if (stderr.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  child.stdin?.end();
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    stderrContains: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(text)) resolve();
        else waiters.push({ text, resolve });
        done.then(() => reject(new Error(`exited before printing "${text}"; stderr: ${stderr}`)));
      }),
  };
}

/** Polls `check` every 50 ms until it returns a value, for at most `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
