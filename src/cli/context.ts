/** What a command may touch of the outside world, passed in so tests can run commands in-process. */
import type { CompareOptions } from '../pipeline.js';
import type { ComparisonResult } from '../rules/types.js';

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliContext {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Reads all of standard input, for `-` as BASE or REVISION, refusing more than `maxBytes`. */
  readStdin: (maxBytes: number) => Promise<string>;
  /** Replaces the lazily imported pipeline (tests feed fixture results through it). */
  compareSpecs?: (base: string, revision: string, options: CompareOptions) => Promise<ComparisonResult>;
}

/** Set by the command that ran: the process exit status (0 ok, 1 findings at --fail-on). */
export interface CommandOutcome {
  exitCode: number;
}
