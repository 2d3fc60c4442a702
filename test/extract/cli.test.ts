/** `holdfast extract` and `py:` inputs of `holdfast diff`, through the built CLI. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { copyShop, git, HAS_FASTAPI, PYTHON, ROOT, runHoldfast, SHOP, temporaryFolder } from './_python.js';

describe('holdfast extract', () => {
  it('exits 2 with one line when the interpreter is missing', async () => {
    const run = await runHoldfast(['extract', 'main:app', '--python', '/nonexistent/python3'], ROOT);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'holdfast: Could not run Python "/nonexistent/python3": not found; expected a Python 3 interpreter. Pass --python or set [tool.holdfast] python; retrying will not help.\n',
    });
  });

  it('documents the app notation and the interpreter order', async () => {
    const run = await runHoldfast(['extract', '--help'], ROOT);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('shop.api:create_app()');
    expect(run.stdout).toContain(
      '--python PATH, [tool.holdfast] python in pyproject.toml, $VIRTUAL_ENV, .venv/ or venv/',
    );
  });
});

describe.skipIf(!HAS_FASTAPI)('holdfast extract on the example', () => {
  let output: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    output = await temporaryFolder();
  });
  afterAll(() => output.remove());

  it('prints the same document as the library, and writes it with -o', async () => {
    const expected = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v1', python: PYTHON, env: {} });
    const args = ['extract', 'shop.main:app', '--python', PYTHON, '--app-dir', 'examples/fastapi-shop/v1'];
    const printed = await runHoldfast(args, ROOT);
    expect(printed).toEqual({ status: 0, stdout: expected.text, stderr: '' });
    const file = join(output.path, 'openapi.json');
    const written = await runHoldfast([...args, '-o', file], ROOT);
    expect(written.status).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(
      new RegExp(
        `^Wrote ${file} \\(OpenAPI 3\\.0\\.2\\) from shop\\.main:app with /usr/bin/python3 \\(--python\\) in \\d+\\.\\d s\\.\\n$`,
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(expected.text);
  });

  it('writes the source map beside an unchanged document with --source-map', async () => {
    const expected = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v1', python: PYTHON, env: {} });
    const map = join(output.path, 'openapi.map.json');
    const run = await runHoldfast(
      ['extract', 'shop.main:app', '--python', PYTHON, '--app-dir', 'examples/fastapi-shop/v1', '--source-map', map],
      ROOT,
    );
    expect(run).toEqual({ status: 0, stdout: expected.text, stderr: '' });
    const pointers = JSON.parse(await readFile(map, 'utf8')) as Record<string, { file: string; line: number }>;
    // Paths relative to the repository root; `name: str` of Item is line 29.
    expect(pointers['/components/schemas/Item/properties/name']).toEqual({
      file: 'examples/fastapi-shop/v1/shop/models.py',
      line: 29,
    });
    expect(pointers['/paths/~1items/get']?.file).toBe('examples/fastapi-shop/v1/shop/main.py');
  });

  it('feeds git:REV:py: and py: inputs to holdfast diff', async () => {
    const repo = await temporaryFolder('holdfast-repo-');
    try {
      git(repo.path, 'init', '--quiet', '--initial-branch=main');
      await copyShop('v1', repo.path);
      git(repo.path, 'add', '.');
      git(repo.path, 'commit', '--quiet', '-m', 'v1');
      await copyShop('v2-breaking', repo.path);
      const run = await runHoldfast(
        ['diff', 'git:HEAD:py:shop.main:app', 'py:shop.main:app', '--python', PYTHON, '--format', 'json'],
        repo.path,
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout) as {
        summary: { breaking: number };
        findings: { location: { file: string; code?: { contract: string } } }[];
      };
      expect(report.summary.breaking).toBeGreaterThan(0);
      // Findings cite the Python code, and name the contract each came from.
      expect(new Set(report.findings.map((finding) => finding.location.file))).toEqual(new Set(['shop/models.py']));
      expect(new Set(report.findings.map((finding) => finding.location.code?.contract))).toEqual(
        new Set(['git:HEAD:py:shop.main:app', 'py:shop.main:app']),
      );
      expect(git(repo.path, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    } finally {
      await repo.remove();
    }
  });
});
