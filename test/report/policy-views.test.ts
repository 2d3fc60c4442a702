/**
 * The text, Markdown and JSON reports of a result a policy was applied to: accepted findings are
 * listed apart with their reason, expired and unused entries appear as findings, and the semver
 * suggestion is shown. (Without a policy these reports are unchanged: see their own tests.)
 */
import { describe, expect, it } from 'vitest';
import { type JsonReport, renderJson, renderMarkdown, renderText } from '../../src/report/index.js';
import { policyResult } from './policy-fixture.js';

describe('reports after a policy', () => {
  it('text', async () => {
    await expect(renderText(policyResult)).toMatchFileSnapshot('./__snapshots__/report.policy.text.txt');
  });

  it('markdown', async () => {
    await expect(renderMarkdown(policyResult)).toMatchFileSnapshot('./__snapshots__/report.policy.md.txt');
  });

  it('json', async () => {
    await expect(renderJson(policyResult)).toMatchFileSnapshot('./__snapshots__/report.policy.json.txt');
  });

  it('json adds the policy and the acceptance, and nothing else', () => {
    const report: JsonReport = JSON.parse(renderJson(policyResult));
    expect(report.policy).toEqual({ semver: 'major', accepted: 1, skipped: 0 });
    expect(report.summary).toEqual({ breaking: 4, warning: 6, info: 3 });
    const accepted = report.findings.filter((finding) => finding.accepted);
    expect(accepted.map((finding) => [finding.id, finding.accepted])).toEqual([
      [
        'request-property-enum-value-removed',
        {
          reason: 'No client sends "archived" <checked in access logs> & the mobile app, 2026-02',
          expires: '2026-06-30',
        },
      ],
    ]);
    expect(report.findings.map((finding) => finding.id)).toContain('policy-accept-expired');
    expect(report.findings.map((finding) => finding.id)).toContain('policy-accept-unused');
  });

  it('text and markdown show the suggested bump and keep accepted findings out of the level sections', () => {
    const text = renderText(policyResult);
    expect(text).toContain(
      '2 breaking changes (affecting 4 operations), 4 warnings (affecting 3 operations), 3 info changes (affecting 2 operations), 1 accepted\n',
    );
    expect(text).toContain('Suggested version bump: major\n');
    expect(text).toContain(
      'Accepted (1)\n  breaking  request-property-enum-value-removed  POST /items  examples/petstore/revision.yaml:66\n',
    );
    const markdown = renderMarkdown(policyResult);
    expect(markdown).toContain('Suggested version bump: **major**.');
    expect(markdown).toContain(
      '2 breaking changes (affecting 4 operations), 4 warnings (affecting 3 operations), 3 info changes (affecting 2 operations); 1 accepted.',
    );
    expect(markdown).toContain('### Accepted (1)');
    const breakingSection = markdown.slice(markdown.indexOf('### Breaking'), markdown.indexOf('### Warning'));
    expect(breakingSection).not.toContain('request-property-enum-value-removed');
  });
});
