/** `holdfast diff BASE REVISION`: compare two contracts, print a report, exit by --fail-on. */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/formats.js';
import { LEVELS, type Level, type Summary } from '../../rules/types.js';
import { maxInputBytes } from '../_limits.js';
import type { CliContext, CommandOutcome } from '../context.js';

const FAIL_ON = ['breaking', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface DiffOptions {
  format: ReportFormat;
  failOn: FailOn;
  level: Level;
  allowExternalRefs?: boolean;
  color: boolean;
  python?: string;
  appDir?: string;
  maxInputMb?: string;
}

const HELP_AFTER = `
Inputs (BASE and REVISION):
  path/to/openapi.yaml   a .yaml, .yml or .json file (OpenAPI 3.0, 3.1 or Swagger 2.0)
  -                      standard input (for one of the two)
  https://host/spec.json a URL
  git:REV:PATH           PATH as it was at git revision REV of the current repository
  py:MODULE:APP          the document the Python app generates (see "holdfast extract --help")
  git:REV:py:MODULE:APP  the same, from a temporary checkout of git revision REV

Exit status:
  0  nothing at or above --fail-on was found
  1  something at or above --fail-on was found
  2  holdfast could not run (bad input or usage)

Examples:
  holdfast diff git:main:openapi.json openapi.json
  curl -s https://api.example.com/openapi.json | holdfast diff - openapi.json --format markdown
`;

/** Registers `diff` on `program`; the action records its exit status in `outcome`. */
export function registerDiff(program: Command, context: CliContext, outcome: CommandOutcome): void {
  program
    .command('diff')
    .description('Compare two OpenAPI contracts and report the changes that can break clients of BASE.')
    .argument('<BASE>', 'the contract clients were built against')
    .argument('<REVISION>', 'the contract you intend to ship')
    .addOption(
      new Option('--format <format>', `report format: ${REPORT_FORMATS.join(', ')}`)
        .default('text')
        .argParser(oneOf('--format', REPORT_FORMATS)),
    )
    .addOption(
      new Option('--fail-on <level>', `exit 1 when a finding at or above this level exists: ${FAIL_ON.join(', ')}`)
        .default('breaking')
        .argParser(oneOf('--fail-on', FAIL_ON)),
    )
    .addOption(
      new Option('--level <level>', `lowest level to list: ${LEVELS.join(', ')} (the summary still counts all)`)
        .default('info')
        .argParser(oneOf('--level', LEVELS)),
    )
    .option('--allow-external-refs', "let $ref reach files outside the document's folder and remote URLs")
    .option('--no-color', 'plain text output even on a terminal (NO_COLOR=1 does the same)')
    .option('--python <path>', 'Python interpreter for py: inputs (default: as "holdfast extract" picks it)')
    .option('--app-dir <dir>', 'folder put first on sys.path for py: inputs (default: the current folder)')
    .option('--max-input-mb <MB>', 'largest input read, in megabytes (default 64; HOLDFAST_MAX_INPUT_MB does the same)')
    .addHelpText('after', HELP_AFTER)
    .action(async (base: string, revision: string, options: DiffOptions) => {
      outcome.exitCode = await runDiff(base, revision, options, context);
    });
}

async function runDiff(base: string, revision: string, options: DiffOptions, context: CliContext): Promise<number> {
  if (base === '-' && revision === '-') {
    throw new AppError(
      'USAGE',
      'Cannot read both BASE and REVISION from standard input: found "-" twice; expected a file, URL or git:REV:PATH for one of them.',
    );
  }
  // Imported here, not at the top: `holdfast --help` must not pay for loading the pipeline.
  const [compareSpecs, { renderReport }] = await Promise.all([
    context.compareSpecs ?? import('../../pipeline.js').then((pipeline) => pipeline.compareSpecs),
    import('../../report/index.js'),
  ]);
  const result = await compareSpecs(base, revision, {
    cwd: context.cwd,
    allowExternalRefs: options.allowExternalRefs === true,
    readStdin: context.readStdin,
    python: options.python,
    appDir: options.appDir,
    env: context.env,
    maxInputBytes: maxInputBytes(context.env, options.maxInputMb),
  });
  const color = options.format === 'text' && options.color && colorWanted(context);
  context.stdout.write(renderReport(options.format, result, { minLevel: options.level, color }));
  return failed(result.summary, options.failOn) ? 1 : 0;
}

/** Whether `summary` holds a finding at or above `failOn`. The summary counts every finding, whatever --level shows. */
export function failed(summary: Summary, failOn: FailOn): boolean {
  switch (failOn) {
    case 'breaking':
      return summary.breaking > 0;
    case 'warning':
      return summary.breaking + summary.warning > 0;
    case 'never':
      return false;
  }
}

// https://no-color.org: any non-empty NO_COLOR disables colour; FORCE_COLOR (not "0") forces it.
export function colorWanted(context: CliContext): boolean {
  const { env } = context;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return context.stdout.isTTY === true;
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw new AppError('USAGE', `Invalid ${flag} "${value}": expected one of ${allowed.join(', ')}.`);
    }
    return match;
  };
}
