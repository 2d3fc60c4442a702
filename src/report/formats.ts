/**
 * The report formats and options, kept free of imports so the CLI can validate `--format` and
 * `--level` without loading the reporters (start-up stays fast).
 */
import type { Level } from '../rules/types.js';

export const REPORT_FORMATS = [
  'text',
  'concise',
  'json',
  'markdown',
  'html',
  'sarif',
  'junit',
  'github',
  'gitlab',
] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Other names accepted for a format. Python teams run ruff in the same CI, so its names work
 * too: `full` (ruff's default terminal format) means `text`; `concise` is a format of its own.
 */
export const REPORT_FORMAT_ALIASES: Readonly<Record<string, ReportFormat>> = {
  full: 'text',
  md: 'markdown',
};

export interface ReportOptions {
  /**
   * Lowest level to show (default `info`, i.e. everything). Lower findings are left out of the
   * listing, but the summary still counts every finding: the summary describes the comparison,
   * the listing is what the reader asked to see, and the exit status (which `--fail-on` decides
   * from the summary) must not change when `--level` does.
   */
  minLevel?: Level;
  /** ANSI colours in the text format. The caller decides (the CLI: a TTY and no `NO_COLOR`). */
  color?: boolean;
  /**
   * The lowest level that fails the run (`holdfast check --fail-on`, default `breaking`): JUnit
   * reports those findings as failures and the others as passing test cases.
   */
  failOn?: Level | 'never';
  /** holdfast's version, for the SARIF `tool.driver`. */
  toolVersion?: string;
  /**
   * Absolute URL of holdfast's `docs/` folder (ending in `/`): SARIF rules get a `helpUri` of
   * `<docsUrl>rules.md#<rule-id>`, and the HTML report links rule ids there. SARIF requires an
   * absolute URI, so without it `helpUri` is left out (the relative link is kept in `help`).
   */
  docsUrl?: string;
  /**
   * Folder of the working directory inside the repository (`services/shop`), prefixed to file
   * paths in machine reports (sarif, github, gitlab, junit), which CI resolves from the
   * repository root. Default: none (holdfast ran at the root).
   */
  pathPrefix?: string;
}

/** True when `value` names a report format. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * The format `name` stands for (a format or an alias), or undefined.
 *
 * @example
 * resolveReportFormat('full'); // 'text'
 */
export function resolveReportFormat(name: string): ReportFormat | undefined {
  if (isReportFormat(name)) return name;
  return Object.hasOwn(REPORT_FORMAT_ALIASES, name) ? REPORT_FORMAT_ALIASES[name] : undefined;
}
