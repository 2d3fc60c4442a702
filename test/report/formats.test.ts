import { describe, expect, it } from 'vitest';
import {
  REPORT_FORMAT_ALIASES,
  REPORT_FORMATS,
  renderGithub,
  renderGitlab,
  renderHtml,
  renderJunit,
  renderReport,
  renderSarif,
  resolveReportFormat,
} from '../../src/report/index.js';
import { policyResult } from './policy-fixture.js';

describe('report formats', () => {
  it('dispatches the machine and HTML formats to their reporters', () => {
    const options = { minLevel: 'warning' as const, failOn: 'warning' as const };
    expect(renderReport('html', policyResult, options)).toBe(renderHtml(policyResult, options));
    expect(renderReport('sarif', policyResult, options)).toBe(renderSarif(policyResult, options));
    expect(renderReport('junit', policyResult, options)).toBe(renderJunit(policyResult, options));
    expect(renderReport('github', policyResult, options)).toBe(renderGithub(policyResult, options));
    expect(renderReport('gitlab', policyResult, options)).toBe(renderGitlab(policyResult, options));
  });

  it('resolves names and ruff-style aliases', () => {
    for (const format of REPORT_FORMATS) expect(resolveReportFormat(format)).toBe(format);
    expect(resolveReportFormat('full')).toBe('text');
    expect(resolveReportFormat('concise')).toBe('concise');
    expect(resolveReportFormat('md')).toBe('markdown');
    expect(resolveReportFormat('pylint')).toBeUndefined();
    expect(resolveReportFormat('toString')).toBeUndefined();
    for (const target of Object.values(REPORT_FORMAT_ALIASES)) expect(REPORT_FORMATS).toContain(target);
  });
});
