/**
 * The `holdfast` command line: parses arguments with commander, runs one command, and turns every
 * outcome into an exit status (0 ok, 1 findings at --fail-on, 2 could not run). The only place,
 * with bin/, that prints or reads the environment.
 *
 * Entry point: `main(argv)`, called by bin/holdfast.js.
 *
 * @example
 * process.exitCode = await main(['diff', 'base.yaml', 'revision.yaml', '--format', 'json']);
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help, type Option } from 'commander';
import { AppError } from '../errors.js';
import { runInterruptCleanups, signalTakenOver } from '../interrupt.js';
import { registerCanIDeploy } from './commands/can-i-deploy.js';
import { registerCheck } from './commands/check.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDiff } from './commands/diff.js';
import { registerExtract } from './commands/extract.js';
import { registerHistory } from './commands/history.js';
import { registerInit } from './commands/init.js';
import { registerEnvironment, registerList, registerService, registerShow } from './commands/list.js';
import { registerPublish } from './commands/publish.js';
import { registerRollback } from './commands/rollback.js';
import { registerServe } from './commands/serve.js';
import { registerToken } from './commands/token.js';
import { registerUndo } from './commands/undo.js';
import { registerUsage } from './commands/usage.js';
import type { CliContext, CommandOutcome } from './context.js';

const USAGE_HINT = 'Run "holdfast --help" for usage.';

/**
 * Runs holdfast with `argv` (the arguments after the program name) and resolves to the exit
 * status. Never throws and never exits the process. `context` replaces parts of the real world
 * (streams, environment, stdin, the pipeline) for in-process tests.
 *
 * @example
 * const status = await main(['--version']);
 */
export async function main(argv: string[], context: Partial<CliContext> = {}): Promise<number> {
  // Only the real process (bin/holdfast.js passes no context) handles signals: in-process callers
  // such as tests keep their own.
  if (Object.keys(context).length === 0) exitCleanlyOnSignals();
  const full: CliContext = { ...processContext(), ...context };
  const outcome: CommandOutcome = { exitCode: 0 };
  try {
    await buildProgram(full, outcome).parseAsync(argv, { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    return reportError(error, full);
  }
}

function buildProgram(context: CliContext, outcome: CommandOutcome): Command {
  const program = new HoldfastCommand('holdfast')
    .description('Semantic, direction-aware OpenAPI diff: find the changes that break your API clients.')
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Settings below are inherited by the commands registered after them.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(usageError(text.replace(/^error: /, '').trimEnd())),
    })
    .showSuggestionAfterError()
    .configureHelp({ optionDescription: describeOption })
    // Program options only before the command name: `publish --version 1.2.0` is the command's option.
    .enablePositionalOptions()
    .addHelpText('after', '\nRun "holdfast <command> --help" for the options of a command.');
  registerDiff(program, context, outcome);
  registerCheck(program, context, outcome);
  registerExtract(program, context, outcome);
  registerInit(program, context, outcome);
  registerPublish(program, context, outcome);
  registerDeploy(program, context, outcome);
  registerCanIDeploy(program, context, outcome);
  registerRollback(program, context, outcome);
  registerHistory(program, context, outcome);
  registerUndo(program, context, outcome);
  registerUsage(program, context, outcome);
  registerList(program, context, outcome);
  registerShow(program, context, outcome);
  registerEnvironment(program, context, outcome);
  registerService(program, context, outcome);
  registerToken(program, context, outcome);
  registerServe(program, context, outcome);
  return program;
}

/**
 * Commander checks required options before unknown ones, so `--environment prod` for `--env prod`
 * would say "required option '--env <name>' not specified" and hide the typo. Here an unknown option
 * is reported first, with commander's own "Did you mean --env?". Commander calls the two methods
 * below from its parser (they are not in its typings; the test of this message pins the version's
 * behaviour).
 */
class HoldfastCommand extends Command {
  override createCommand(name?: string): Command {
    return new HoldfastCommand(name);
  }

  missingMandatoryOptionValue(option: Option): void {
    const known = new Set(this.options.flatMap((candidate) => [candidate.long, candidate.short]));
    const stray = this.args
      .map((arg) => arg.split('=')[0] ?? arg)
      .find((arg) => arg.startsWith('-') && arg !== '-' && arg !== '--' && !known.has(arg));
    if (stray !== undefined) {
      // `--environment` for `--env`: commander's edit distance finds nothing that far, a prefix does.
      const prefix = this.options.find(
        (candidate) => candidate.long !== undefined && stray.startsWith(candidate.long) && stray.startsWith('--'),
      );
      if (prefix?.long !== undefined) {
        this.error(`error: unknown option '${stray}'\n(Did you mean ${prefix.long}?)`, {
          code: 'commander.unknownOption',
        });
      }
      const parser = this as unknown as { unknownOption(flag: string): void };
      parser.unknownOption(stray);
    }
    this.error(`error: required option '${option.flags}' not specified`, {
      code: 'commander.missingMandatoryOptionValue',
    });
  }
}

/** Commander's description of an option, with required options marked so `--help` shows them. */
function describeOption(option: Option): string {
  const text = new Help().optionDescription(option);
  return option.mandatory ? `(required) ${text}` : text;
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof CommanderError) {
    // Help and --version also arrive here (exit code 0); commander has already printed usage errors.
    if (error.exitCode === 0) return 0;
    return 2;
  }
  const debug = context.env.HOLDFAST_DEBUG === '1';
  if (error instanceof AppError) {
    context.stderr.write(error.code === 'USAGE' ? usageError(error.message) : `holdfast: ${error.message}\n`);
    if (debug) context.stderr.write(stackOf(error));
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`holdfast: internal error: ${message}\n`);
  context.stderr.write(
    debug
      ? stackOf(error)
      : 'This is a bug in holdfast, not in your contracts. Please report it with the command you ran and the output of HOLDFAST_DEBUG=1.\n',
  );
  return 2;
}

function usageError(message: string): string {
  return `holdfast: error: ${message}\n${USAGE_HINT}\n`;
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push('Caused by:');
  }
  return `${lines.join('\n')}\n`;
}

function readVersion(): string {
  // Same relative path from src/cli (tests) and dist/cli (installed).
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
    return String(manifest.version);
  }
  return '0.0.0';
}

let stdoutGuarded = false;

/** Exit statuses for a signal, as shells report them: 128 + the signal's number. */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Ctrl-C or a CI job's SIGTERM ends the process without running `finally` blocks: undo what is
 * registered in src/interrupt.ts (a Python process, a temporary git worktree) and exit 130 / 143.
 * A registry transaction needs nothing: SQLite and PostgreSQL roll back what was not committed.
 */
let signalsHandled = false;

function exitCleanlyOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // `holdfast serve` finishes its in-flight writes first; a second signal ends it at once.
      if (signalTakenOver(signal)) return;
      runInterruptCleanups();
      process.stderr.write(`holdfast: interrupted by ${signal}\n`);
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
}

function processContext(): CliContext {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    // `holdfast diff ... | head` closes the pipe early; that is the reader's choice, not a crash.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: readProcessStdin,
  };
}

async function readProcessStdin(maxBytes: number): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('holdfast: reading a contract from standard input (end with Ctrl-D)\n');
  // Stops at the size cap (`holdfast diff - x.yaml < /dev/zero` must not fill memory).
  const { readCapped } = await import('../load/read-source.js');
  return (await readCapped(process.stdin, maxBytes)).toString('utf8');
}
