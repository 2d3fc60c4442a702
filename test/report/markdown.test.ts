import { describe, expect, it } from 'vitest';
import { codeSpan, escapeText, inlineText, renderMarkdown } from '../../src/report/markdown.js';
import { emptyResult, fixtureResult } from './fixture.js';

/** Cells of a GFM table row: split on pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe('renderMarkdown', () => {
  it('renders the fixture', async () => {
    await expect(renderMarkdown(fixtureResult)).toMatchFileSnapshot('./__snapshots__/report.md.txt');
  });

  it('opens with a marker, the verdict heading and counts of changes that match the rows listed', () => {
    const output = renderMarkdown(fixtureResult);
    const lines = output.split('\n');
    expect(lines.slice(0, 2)).toEqual(['<!-- holdfast-report -->', '## holdfast: breaking changes']);
    expect(lines).toContain(
      '3 breaking changes (affecting 4 operations), 2 warnings (affecting 3 operations), 3 info changes (affecting 2 operations).',
    );
    // The shared component's change is one row, so the section lists as many rows as it counts.
    const breaking = output.slice(output.indexOf('### Breaking'), output.indexOf('### Warning'));
    expect(breaking.split('\n')[0]).toBe('### Breaking: 3 changes (affecting 4 operations)');
    expect(breaking.split('\n').filter((line) => line.startsWith('| ') && line.includes('`:'))).toHaveLength(3);
  });

  it('keeps every table row at three cells, whatever the message contains', () => {
    const rows = renderMarkdown(fixtureResult)
      .split('\n')
      .filter((line) => line.startsWith('| '));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(cells(row)).toHaveLength(3);
    }
    const patternRow = rows.find((row) => row.includes('request-parameter-pattern-changed'));
    expect(patternRow).toContain('pattern changed from `^[a-z]+$` to `^[a-z\\|0-9]+$`.');
  });

  it('lists a shared-component change once, with the operations in a details block', () => {
    const output = renderMarkdown(fixtureResult);
    expect(output.split('Response property "price" was removed').length - 1).toBe(1);
    expect(output).toContain('| 3 operations via `#/components/schemas/Item` |');
    expect(output).toContain(
      [
        '<summary><code>#/components/schemas/Item</code>: 2 changes, affects 3 operations</summary>',
        '',
        '- `GET /items`',
        '- `GET /items/{item_id}`',
        '- `PUT /items/{item_id}`',
      ].join('\n'),
    );
  });

  it('folds info findings into a details block', () => {
    const output = renderMarkdown(fixtureResult);
    const info = output.slice(output.indexOf('<summary>Info: 3 changes (affecting 2 operations)'));
    expect(info.slice(0, info.indexOf('</details>'))).toContain('operation-deprecated');
    expect(output).not.toContain('### Info');
  });

  it('notes findings hidden by minLevel', () => {
    const output = renderMarkdown(fixtureResult, { minLevel: 'breaking' });
    expect(output).toContain('_5 changes below breaking not shown._');
    expect(output).not.toContain('### Warning');
    expect(output).not.toContain('<summary>Info');
  });

  it('says so when nothing changed', () => {
    expect(renderMarkdown(emptyResult)).toBe(
      '<!-- holdfast-report -->\n## holdfast: no changes\n\n' +
        'No changes found between `examples/petstore/base.yaml` and `examples/petstore/revision.yaml`.\n',
    );
  });
});

describe('escapeText', () => {
  it('escapes pipes, backticks, Markdown punctuation, HTML and line breaks', () => {
    expect(escapeText('a|b `c` *d* _e_ [f] <g> \\h\ni')).toBe(
      'a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\> \\\\h<br>i',
    );
  });
});

describe('inlineText', () => {
  it('keeps backtick-quoted values as code spans and escapes the rest, including a stray backtick', () => {
    expect(inlineText('pattern `a|b` is *new*')).toBe('pattern `a\\|b` is \\*new\\*');
    expect(inlineText('a lone ` stays text')).toBe('a lone \\` stays text');
    expect(inlineText('from $1 to $2')).toBe('from \\$1 to \\$2');
  });
});

describe('codeSpan', () => {
  it('fences with more backticks than the text holds and escapes pipes', () => {
    expect(codeSpan('GET /items')).toBe('`GET /items`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
  });
});
