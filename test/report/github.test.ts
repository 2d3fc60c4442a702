/** GitHub workflow commands: file snapshot and the escaping rules of @actions/core. */
import { describe, expect, it } from 'vitest';
import { renderGithub } from '../../src/report/index.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { emptyResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

describe('renderGithub', () => {
  it('renders the fixture after a policy', async () => {
    await expect(renderGithub(policyResult)).toMatchFileSnapshot('./__snapshots__/report.github.txt');
  });

  it('writes one command per line: error for breaking, warning, notice for info and accepted', () => {
    const lines = renderGithub(policyResult).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,title=[^:,]+::/);
    // The shared Item component's change is one annotation naming the three operations it reaches.
    const priceRemoved = lines.filter((line) => line.includes('title=response-property-removed'));
    expect(priceRemoved).toHaveLength(1);
    expect(priceRemoved[0]).toContain('::GET /items, GET /items/{item_id}, PUT /items/{item_id}: Response property');
    const accepted = lines.find((line) => line.includes('title=request-property-enum-value-removed'));
    expect(accepted?.startsWith('::notice ')).toBe(true);
    // Commas and colons are escaped in properties only, never in the message.
    expect(accepted).toContain(
      '%0Aaccepted: No client sends "archived" <checked in access logs> & the mobile app, 2026-02',
    );
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    const result: ComparisonResult = {
      ...emptyResult,
      findings: [
        {
          id: 'request-max-length-decreased',
          level: 'breaking',
          operation: null,
          location: { file: 'api:v1,final%.yaml', line: 9, pointer: '/x' },
          message: '100% of\r\nclients: broken, maybe',
          hint: '',
          component: null,
          side: 'revision',
          args: {},
        },
      ],
    };
    expect(renderGithub(result)).toBe(
      '::error file=api%3Av1%2Cfinal%25.yaml,line=9,title=request-max-length-decreased::100%25 of%0D%0Aclients: broken, maybe\n',
    );
  });

  it('prints nothing when nothing was found, and honours --level', () => {
    expect(renderGithub(emptyResult)).toBe('');
    expect(renderGithub(policyResult, { minLevel: 'breaking' })).not.toContain('::warning');
  });
});
