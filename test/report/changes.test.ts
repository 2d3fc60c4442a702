/**
 * Counting changes, not findings (issue 9): a change in a shared component is one change
 * affecting N operations, in every report; and no report puts an operation in front of a message
 * that already starts with it.
 */
import { describe, expect, it } from 'vitest';
import {
  changeCounts,
  describeCounts,
  renderConcise,
  renderGithub,
  renderGitlab,
  renderHtml,
  withOperations,
} from '../../src/report/index.js';
import type { ComparisonResult, Finding } from '../../src/rules/types.js';
import { emptyResult, fixtureResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

function operationRemoved(path: string): Finding {
  return {
    id: 'api-operation-removed',
    level: 'breaking',
    operation: { method: 'GET', path },
    location: { file: 'base.yaml', line: 7, pointer: `/paths/${path.replace(/\//g, '~1')}/get` },
    message: `GET ${path} removed`,
    hint: '',
    component: null,
    side: 'base',
    args: {},
  };
}

describe('changeCounts', () => {
  it('counts a shared-component change once and the operations it reaches', () => {
    const counts = changeCounts(fixtureResult.findings);
    // price removed (3 operations, one change) + two POST /items changes; 4 distinct operations.
    expect(counts.breaking).toEqual({ changes: 3, operations: 4 });
    expect(counts.warning).toEqual({ changes: 2, operations: 3 });
    expect(describeCounts(counts)).toBe(
      '3 breaking changes (affecting 4 operations), 2 warnings (affecting 3 operations), 3 info changes (affecting 2 operations)',
    );
  });

  it('leaves accepted findings out, as the summary does', () => {
    const accepted = policyResult.findings.filter((finding) => finding.accepted !== undefined);
    expect(accepted).toHaveLength(1);
    expect(changeCounts(policyResult.findings).breaking).toEqual({ changes: 2, operations: 4 });
  });

  it('says one of each in the singular and leaves the operations out when there are none', () => {
    expect(describeCounts(changeCounts([operationRemoved('/books')]))).toBe(
      '1 breaking change (affecting 1 operation), 0 warnings, 0 info changes',
    );
  });
});

describe('withOperations', () => {
  it('puts the operations in front of the message', () => {
    expect(withOperations('Item.price: may now be null', ['GET /items', 'PUT /items'])).toBe(
      'GET /items, PUT /items: Item.price: may now be null',
    );
  });

  it('never repeats the operation the message starts with', () => {
    expect(withOperations('GET /books removed', ['GET /books'])).toBe('GET /books removed');
    expect(withOperations('GET /books: query parameter `q` removed', ['GET /books'])).toBe(
      'GET /books: query parameter `q` removed',
    );
    // A longer path that starts with the same text is another operation.
    expect(withOperations('GET /books/{id} removed', ['GET /books'])).toBe('GET /books: GET /books/{id} removed');
  });
});

describe('reports that name the operation', () => {
  const result: ComparisonResult = {
    ...emptyResult,
    findings: [operationRemoved('/books')],
    summary: { breaking: 1, warning: 0, info: 0 },
  };

  it('GitHub annotations do not repeat it', () => {
    expect(renderGithub(result)).toBe(
      '::error file=base.yaml,line=7,title=api-operation-removed::GET /books removed\n',
    );
  });

  it('GitLab issues do not repeat it', () => {
    expect(JSON.parse(renderGitlab(result))[0].description).toBe('GET /books removed');
  });

  it('concise lines do not repeat it', () => {
    expect(renderConcise(result)).toBe(
      'base.yaml:7: breaking api-operation-removed GET /books removed\n1 breaking change (affecting 1 operation), 0 warnings, 0 info changes\n',
    );
  });
});

describe('renderConcise', () => {
  it('renders the fixture: one line per change, by file and line, then the counts', async () => {
    await expect(renderConcise(fixtureResult)).toMatchFileSnapshot('./__snapshots__/report.concise.txt');
  });

  it('has as many lines as the changes it counts', () => {
    const lines = renderConcise(fixtureResult).trimEnd().split('\n');
    const counts = changeCounts(fixtureResult.findings);
    expect(lines.slice(0, -1)).toHaveLength(counts.breaking.changes + counts.warning.changes + counts.info.changes);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^[^:]+:\d+: (breaking|warning|info) [a-z-]+ .+$/);
  });

  it('leaves accepted findings and levels below minLevel out, and says how many are hidden', () => {
    const output = renderConcise(policyResult, { minLevel: 'warning' });
    expect(output).not.toContain('request-property-enum-value-removed');
    expect(output).not.toMatch(/: info /);
    expect(output.trimEnd().split('\n').at(-1)).toBe(
      '2 breaking changes (affecting 4 operations), 4 warnings (affecting 3 operations), 3 info changes (affecting 2 operations), 1 accepted (3 below warning not shown)',
    );
  });
});

describe('renderHtml', () => {
  it('counts changes in the header', () => {
    expect(renderHtml(fixtureResult)).toContain(
      '<li class="level-breaking"><strong>3</strong> breaking changes (affecting 4 operations)</li>',
    );
  });
});
