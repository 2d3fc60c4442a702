/**
 * Reporters: turn a ComparisonResult into text (terminals, CI logs), JSON (tools; a public,
 * additive-only contract) or Markdown (pull-request comments). Each is a pure function of the
 * result and options; nothing here prints or reads the environment.
 *
 * Level filtering: `options.minLevel` leaves lower findings out of the listing while the summary
 * keeps counting all of them, so `--level` changes what is shown but never the verdict.
 *
 * Entry point: `renderReport(format, result, options)`.
 *
 * @example
 * process.stdout.write(renderReport('markdown', result, { minLevel: 'warning' }));
 */
import type { ComparisonResult } from '../rules/types.js';
import type { ReportFormat, ReportOptions } from './formats.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export { isReportFormat, REPORT_FORMATS, type ReportFormat, type ReportOptions } from './formats.js';
export { type JsonFinding, type JsonReport, renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderText } from './text.js';

const RENDERERS: Record<ReportFormat, (result: ComparisonResult, options: ReportOptions) => string> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
};

/**
 * Renders `result` in `format`.
 *
 * @example
 * const output = renderReport('text', result, { color: false, minLevel: 'info' });
 */
export function renderReport(format: ReportFormat, result: ComparisonResult, options: ReportOptions = {}): string {
  return RENDERERS[format](result, options);
}
