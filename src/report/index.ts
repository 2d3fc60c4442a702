/**
 * Reporters: turn a ComparisonResult into text (terminals, CI logs), concise text (one line per
 * change, `file:line: level rule-id message`), JSON (tools; a public,
 * additive-only contract), Markdown (pull-request comments), HTML (one self-contained page),
 * SARIF 2.1.0 (code scanning), JUnit XML (CI test results), GitHub workflow-command annotations
 * or a GitLab Code Quality report. Each is a pure function of the result and options; nothing
 * here prints or reads the environment. A result a policy was applied to (`result.policy`) also
 * shows accepted findings as accepted and the suggested version bump.
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
import { renderConcise } from './concise.js';
import type { ReportFormat, ReportOptions } from './formats.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export {
  type ChangeCount,
  changeCounts,
  changeKey,
  describeChanges,
  describeCount,
  describeCounts,
  operationText,
  withOperations,
} from './changes.js';
export { renderConcise } from './concise.js';
export {
  isReportFormat,
  REPORT_FORMAT_ALIASES,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  resolveReportFormat,
} from './formats.js';
export { renderGithub } from './github.js';
export { type GitlabIssue, type GitlabSeverity, renderGitlab } from './gitlab.js';
export { renderHtml } from './html.js';
export { type JsonFinding, type JsonReport, renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif, SARIF_SCHEMA_URI } from './sarif.js';
export { renderText } from './text.js';

const RENDERERS: Record<ReportFormat, (result: ComparisonResult, options: ReportOptions) => string> = {
  text: renderText,
  concise: renderConcise,
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  gitlab: renderGitlab,
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
