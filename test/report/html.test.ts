/** The HTML page: file snapshot, self-contained, escaped, grouped both ways, filters in CSS. */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/index.js';
import { emptyResult, fixtureResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

describe('renderHtml', () => {
  it('renders the fixture after a policy', async () => {
    await expect(renderHtml(policyResult, { docsUrl: 'https://example.com/holdfast/docs/' })).toMatchFileSnapshot(
      './__snapshots__/report.html.txt',
    );
  });

  it('is one self-contained document: no external scripts, styles, images or fonts', () => {
    const html = renderHtml(policyResult);
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]*\bsrc=|<link\b|@import|url\(/i);
    // Without a docs URL there is no link at all.
    expect(html).not.toMatch(/href=/);
  });

  it('shows the verdict, the counts, the semver suggestion and accepted findings with their reason', () => {
    const html = renderHtml(policyResult);
    expect(html).toContain(
      '<p class="verdict breaking">Breaking: clients built against the base contract can fail against the revision.</p>',
    );
    expect(html).toContain('<li class="accepted"><strong>1</strong> accepted</li>');
    expect(html).toContain('Suggested version bump: <strong>major</strong>');
    expect(html).toContain(
      '<p class="acceptance">Accepted: No client sends &quot;archived&quot; &lt;checked in access logs&gt; &amp; the mobile app, 2026-02 (until 2026-06-30)</p>',
    );
    expect(html).toContain('<li class="finding level-breaking accepted">');
  });

  it('groups by operation and by component, and filters levels with CSS alone', () => {
    const html = renderHtml(fixtureResult);
    expect(html).toContain('<section class="by-operation"');
    expect(html).toContain('<section class="by-component"');
    expect(html).toContain('<h2><code>#/components/schemas/Item</code></h2>');
    expect(html).toContain('<p class="muted">2 changes, affects 3 operations</p>');
    for (const level of ['breaking', 'warning', 'info']) {
      expect(html).toContain(`<input type="checkbox" class="toggle" id="show-${level}" checked>`);
      expect(html).toContain(`#show-${level}:not(:checked) ~ main .finding.level-${level}:not(.accepted)`);
    }
    expect(html).toContain('#view-components:checked ~ main .by-operation');
  });

  it('escapes everything taken from the contracts', () => {
    const html = renderHtml({
      ...fixtureResult,
      base: '<script>alert(1)</script>',
      findings: [{ ...fixtureResult.findings[0], message: '"><img src=x onerror=alert(1)>' }],
    });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says so when there are no changes', () => {
    const html = renderHtml(emptyResult);
    expect(html).toContain('<h1>holdfast: no changes</h1>');
    expect(html).not.toContain('<main>');
  });
});
