/**
 * Accept-list entries as text (`holdfast check --add-accept`/`--print-accept`): inserted into an
 * existing pyproject.toml or holdfast.yaml without touching the rest of the file, and read back
 * by the real parser.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { type AcceptEntryText, insertAcceptEntries, parseConfig, renderAcceptEntries } from '../../src/config/index.js';

const ENTRY: AcceptEntryText = {
  rule: 'response-property-removed',
  operation: 'GET /books/{book_id}',
  reason: 'v1 clients are gone: "checked" #logs',
};

function read(text: string, format: 'toml' | 'yaml') {
  const config = parseConfig(text, { format, file: '/p/x', displayName: 'x', root: '/p' });
  if (config === null) throw new Error('no [tool.holdfast]');
  return config.accept.map(({ rule, operation, reason }) => ({ rule, operation, reason }));
}

describe('renderAcceptEntries', () => {
  it('writes TOML tables and YAML items that read back as the same entry', () => {
    const toml = renderAcceptEntries('toml', [ENTRY]);
    expect(toml).toBe(
      '[[tool.holdfast.accept]]\nrule = "response-property-removed"\noperation = "GET /books/{book_id}"\nreason = "v1 clients are gone: \\"checked\\" #logs"\n',
    );
    expect(read(toml, 'toml')).toEqual([ENTRY]);
    const yaml = renderAcceptEntries('yaml', [ENTRY]);
    expect(yaml).toBe(
      '  - rule: response-property-removed\n    operation: GET /books/{book_id}\n    reason: "v1 clients are gone: \\"checked\\" #logs"\n',
    );
    expect(read(`accept:\n${yaml}`, 'yaml')).toEqual([ENTRY]);
  });
});

describe('insertAcceptEntries', () => {
  it('TOML: after the last [tool.holdfast] section, before the next table, comments kept', () => {
    const text = outdent`
      [project]
      name = "books"  # the name

      [tool.holdfast]
      app = "books.main:app"

      [[tool.holdfast.accept]]
      rule = "api-operation-removed"
      operation = "* /internal/**"
      reason = "internal"
      # trailing comment of the section

      [tool.ruff]
      line-length = 100

    `;
    const edited = insertAcceptEntries(text, 'toml', [ENTRY], 'pyproject.toml');
    expect(edited).toBe(
      text.replace(
        '# trailing comment of the section\n',
        `# trailing comment of the section\n\n${renderAcceptEntries('toml', [ENTRY])}`,
      ),
    );
    expect(read(edited, 'toml').map((entry) => entry.rule)).toEqual(['api-operation-removed', ENTRY.rule]);
  });

  it('YAML: at the end of the accept list, with its indentation; or a new list at the end', () => {
    const text = outdent`
      app: books.main:app
      accept:
      - rule: api-operation-removed   # keep
        operation: "* /internal/**"
        reason: internal

      fail-on: warning

    `;
    const edited = insertAcceptEntries(text, 'yaml', [ENTRY], 'holdfast.yaml');
    expect(edited).toBe(
      text.replace('reason: internal\n', `reason: internal\n${renderAcceptEntries('yaml', [ENTRY], '')}`),
    );
    expect(read(edited, 'yaml').map((entry) => entry.rule)).toEqual(['api-operation-removed', ENTRY.rule]);

    const fresh = insertAcceptEntries('app: books.main:app  # the app\n', 'yaml', [ENTRY], 'holdfast.yaml');
    expect(fresh).toBe(`app: books.main:app  # the app\n\naccept:\n${renderAcceptEntries('yaml', [ENTRY])}`);
    expect(read(fresh, 'yaml')).toEqual([ENTRY]);
  });

  it('refuses an inline accept-list, giving the entry to paste by hand', () => {
    expect(() => insertAcceptEntries('[tool.holdfast]\naccept = []\n', 'toml', [ENTRY], 'pyproject.toml')).toThrow(
      'Could not add to the accept-list in pyproject.toml: it is written inline (accept = [...]); expected [[tool.holdfast.accept]] tables. Add this by hand; retrying will not help:\n[[tool.holdfast.accept]]\nrule = "response-property-removed"',
    );
    expect(() => insertAcceptEntries('accept: []\n', 'yaml', [ENTRY], 'holdfast.yaml')).toThrow(
      'Could not add to the accept-list in holdfast.yaml: it is written inline (accept: []); expected an indented "accept:" list.',
    );
  });
});
