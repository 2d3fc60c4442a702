/** Runs the built CLI (`node bin/holdfast.js`) the way a user or CI job does. Private to test/cli. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text on standard input; stdin is closed right away either way (as in CI). */
  input?: string;
  env?: Record<string, string>;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The parent (vitest) may force colours or debugging; each test states what it wants.
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG']) {
    if (options.env?.[name] === undefined) delete env[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/holdfast.js', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    // A command may stop reading standard input early (a size limit); that is not the test's failure.
    child.stdin.on('error', () => undefined);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
