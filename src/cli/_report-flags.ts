/**
 * The report flags `diff` and `check` share, defined once so they mean the same thing in both:
 * `--format`/`--output-format`, `-o/--output`, `--config`, `--fail-on`, `--level`. Private to
 * src/cli. Imports nothing heavy (start-up stays fast).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { FAIL_ON_LEVELS, type FailOn } from '../config/types.js';
import { AppError } from '../errors.js';
import { REPORT_FORMAT_ALIASES, REPORT_FORMATS, type ReportFormat, resolveReportFormat } from '../report/formats.js';
import { LEVELS, type Level } from '../rules/types.js';
import type { CliContext } from './context.js';

export interface ReportFlags {
  format?: string;
  outputFormat?: string;
  output?: string;
  /** The older name of `--output` (kept working, hidden from help). */
  outputFile?: string;
  config?: string;
  failOn?: FailOn;
  level: Level;
}

const FORMAT_NAMES = [...REPORT_FORMATS, ...Object.keys(REPORT_FORMAT_ALIASES)];

export interface ReportFlagTexts {
  /** What `--config` does for the command. */
  config: string;
  /** Where `--fail-on` comes from when it is not given. */
  failOnDefault: string;
}

/** Adds the shared report flags to `command`. */
export function addReportFlags(command: Command, texts: ReportFlagTexts): Command {
  return command
    .addOption(
      new Option(
        '--format <format>',
        `report format: ${REPORT_FORMATS.join(', ')}; full means text, md markdown (default: text)`,
      ),
    )
    .addOption(new Option('--output-format <format>', 'same as --format (the name ruff uses)'))
    .addOption(new Option('-o, --output <FILE>', 'write the report to FILE instead of standard output'))
    .addOption(new Option('--output-file <FILE>', 'same as --output').hideHelp())
    .addOption(new Option('--config <FILE>', texts.config))
    .addOption(
      new Option(
        '--fail-on <level>',
        `exit 1 when an unaccepted finding at or above this level remains: ${FAIL_ON_LEVELS.join(', ')} (default: ${texts.failOnDefault})`,
      ).argParser(oneOf('--fail-on', FAIL_ON_LEVELS)),
    )
    .addOption(
      new Option('--level <level>', `lowest level to list: ${LEVELS.join(', ')} (the summary still counts all)`)
        .default('info')
        .argParser(oneOf('--level', LEVELS)),
    );
}

/** The report format `--format` and `--output-format` ask for (they must agree); text by default. */
export function chooseFormat(flags: ReportFlags): ReportFormat {
  const given = [
    { flag: '--format', name: flags.format },
    { flag: '--output-format', name: flags.outputFormat },
  ].filter((entry): entry is { flag: string; name: string } => entry.name !== undefined);
  const names = given.map((entry) => entry.name);
  const formats = given.map(({ flag, name }) => {
    const format = resolveReportFormat(name);
    if (format === undefined) {
      throw new AppError('USAGE', `Invalid ${flag} "${name}": expected one of ${FORMAT_NAMES.join(', ')}.`);
    }
    return format;
  });
  if (formats.length === 2 && formats[0] !== formats[1]) {
    throw new AppError(
      'USAGE',
      `Conflicting report formats: --format ${names[0]} and --output-format ${names[1]}; expected one format (the two flags are the same option).`,
    );
  }
  return formats[0] ?? 'text';
}

/** `-o/--output` (or its older name `--output-file`); both at once must agree. */
export function outputPath(flags: ReportFlags): string | undefined {
  if (flags.output !== undefined && flags.outputFile !== undefined && flags.output !== flags.outputFile) {
    throw new AppError(
      'USAGE',
      `Conflicting report files: --output ${flags.output} and --output-file ${flags.outputFile}; expected one file (the two flags are the same option).`,
    );
  }
  return flags.output ?? flags.outputFile;
}

/**
 * Writes `report` to `-o FILE` (creating its folder) and says so on stdout after `verdict`, or
 * prints it; machine formats stay parseable on stdout, so the verdict (when there is one) goes to
 * stderr for the log.
 */
export async function deliverReport(
  report: string,
  format: ReportFormat,
  output: string | undefined,
  verdict: string | null,
  context: CliContext,
): Promise<void> {
  if (output !== undefined) {
    const target = resolve(context.cwd, output);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, report);
    context.stdout.write(`${verdict === null ? '' : `${verdict} `}Report written to ${output}.\n`);
    return;
  }
  context.stdout.write(report);
  if (verdict !== null && !HUMAN_FORMATS.has(format)) context.stderr.write(`${verdict}\n`);
}

const HUMAN_FORMATS: ReadonlySet<ReportFormat> = new Set(['text', 'concise', 'markdown', 'html']);

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw new AppError('USAGE', `Invalid ${flag} "${value}": expected one of ${allowed.join(', ')}.`);
    }
    return match;
  };
}
