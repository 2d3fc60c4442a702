import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { emptyResult, fixtureResult } from './fixture.js';

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('renderText', () => {
  it('renders the fixture', async () => {
    await expect(renderText(fixtureResult)).toMatchFileSnapshot('./__snapshots__/report.text.txt');
  });

  it('shows a shared component once, then the operations it affects', () => {
    const output = renderText(fixtureResult);
    expect(occurrences(output, 'Component #/components/schemas/Item')).toBe(1);
    expect(output).not.toContain('Component #/components/schemas/ItemCreate');
    expect(occurrences(output, 'Response property "price" was removed')).toBe(1);
    expect(occurrences(output, 'Response property "status" may now be "archived"')).toBe(1);
    expect(output).toContain(
      ['  affects 3 operations:', '    GET /items', '    GET /items/{item_id}', '    PUT /items/{item_id}'].join('\n'),
    );
  });

  it('puts groups with breaking findings first, and breaking before warning before info inside a group', () => {
    const output = renderText(fixtureResult);
    const order = [
      'Component #/components/schemas/Item',
      '\nPOST /items\n',
      '\nGET /items\n',
      'DELETE /items/{item_id}',
    ];
    const positions = order.map((needle) => output.indexOf(needle));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((left, right) => left - right));
    const listing = output.slice(output.indexOf('\nGET /items\n'));
    expect(listing.indexOf('warning   request-parameter-pattern-changed')).toBeLessThan(
      listing.indexOf('info      request-parameter-added'),
    );
  });

  it('shows level, rule id, file:line, message and hint for each finding', () => {
    expect(renderText(fixtureResult)).toContain(
      [
        '  breaking  request-property-became-required  examples/petstore/revision.yaml:61',
        '            Request property "owner_id" became required.',
        '            hint: Give "owner_id" a default and keep it optional, so clients that do not send it still succeed.',
      ].join('\n'),
    );
  });

  it('ends with the summary line and a verdict', () => {
    const lines = renderText(fixtureResult).trimEnd().split('\n');
    // Changes, not findings: the price removal reaches three operations and is listed (and counted) once.
    expect(lines.filter((line) => line.startsWith('  breaking  '))).toHaveLength(3);
    expect(lines.slice(-2)).toEqual([
      '3 breaking changes (affecting 4 operations), 2 warnings (affecting 3 operations), 3 info changes (affecting 2 operations)',
      'Breaking: clients built against the base contract can fail against the revision.',
    ]);
  });

  it('leaves findings below minLevel out of the listing but counts them in the summary', () => {
    const output = renderText(fixtureResult, { minLevel: 'warning' });
    expect(output).not.toContain('request-parameter-added');
    expect(output).not.toContain('Whole document');
    expect(output).toContain(
      '3 breaking changes (affecting 4 operations), 2 warnings (affecting 3 operations), 3 info changes (affecting 2 operations) (3 below warning not shown)',
    );
  });

  it('colours only when asked', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
    const ansi = /\u001b\[/;
    expect(renderText(fixtureResult, { color: false })).not.toMatch(ansi);
    expect(renderText(fixtureResult, { color: true })).toMatch(ansi);
  });

  it('says so when nothing changed', () => {
    expect(renderText(emptyResult)).toBe(
      'No changes found between examples/petstore/base.yaml and examples/petstore/revision.yaml.\n',
    );
  });

  it('calls a warning-only comparison possibly breaking', () => {
    const findings = fixtureResult.findings.filter((finding) => finding.level !== 'breaking');
    const output = renderText({ ...fixtureResult, findings, summary: { breaking: 0, warning: 4, info: 3 } });
    expect(output.trimEnd().split('\n').at(-1)).toMatch(/^Possibly breaking:/);
  });
});
