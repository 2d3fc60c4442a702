/**
 * The report formats and options, kept free of imports so the CLI can validate `--format` and
 * `--level` without loading the reporters (start-up stays fast).
 */
import type { Level } from '../rules/types.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
}

/** True when `value` names a report format. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
