/** GitLab Code Quality: file snapshot, required fields, severities and stable, unique fingerprints. */
import { describe, expect, it } from 'vitest';
import { type GitlabIssue, renderGitlab } from '../../src/report/index.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { emptyResult, fixtureResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

describe('renderGitlab', () => {
  it('renders the fixture after a policy', async () => {
    await expect(renderGitlab(policyResult)).toMatchFileSnapshot('./__snapshots__/report.gitlab.txt');
  });

  it('has exactly the Code Quality fields, one issue per finding', () => {
    const issues: GitlabIssue[] = JSON.parse(renderGitlab(policyResult));
    expect(issues).toHaveLength(policyResult.findings.length);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(Object.keys(issue.location).sort()).toEqual(['lines', 'path']);
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
    expect(new Set(issues.map((issue) => issue.severity))).toEqual(new Set(['blocker', 'major', 'minor', 'info']));
    const accepted = issues.find((issue) => issue.check_name === 'request-property-enum-value-removed');
    expect(accepted?.severity).toBe('info');
    expect(accepted?.description).toBe(
      'POST /items: Request property "status" no longer accepts "archived" (was "available", "sold", "archived"). (accepted: No client sends "archived" <checked in access logs> & the mobile app, 2026-02 (until 2026-06-30))',
    );
  });

  it('keeps fingerprints when lines move', () => {
    const moved: ComparisonResult = {
      ...fixtureResult,
      findings: fixtureResult.findings.map((finding) => ({ ...finding, location: { ...finding.location, line: 1 } })),
    };
    const fingerprints = (result: ComparisonResult) =>
      (JSON.parse(renderGitlab(result)) as GitlabIssue[]).map((issue) => issue.fingerprint);
    expect(fingerprints(moved)).toEqual(fingerprints(fixtureResult));
  });

  it('is an empty array when nothing was found', () => {
    expect(renderGitlab(emptyResult)).toBe('[]\n');
  });
});
