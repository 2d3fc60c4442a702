/**
 * `py:module:attr` and `git:REV:py:module:attr` inputs, against a real temporary git repository
 * holding two commits of the example shop app.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { parsePythonSpec, readSource } from '../../src/load/index.js';
import { compareSpecs } from '../../src/pipeline.js';
import { caught, copyShop, fakeVenv, git, HAS_FASTAPI, PYTHON, SHOP, temporaryFolder } from './_python.js';

describe('parsePythonSpec', () => {
  it('recognizes py: and git:REV:py: and nothing else', () => {
    expect(parsePythonSpec('py:main:app')).toEqual({ target: 'main:app' });
    expect(parsePythonSpec('git:origin/main:py:shop.api:create_app()')).toEqual({
      rev: 'origin/main',
      target: 'shop.api:create_app()',
    });
    expect(parsePythonSpec('git:main:openapi.json')).toBeUndefined();
    expect(parsePythonSpec('git::py:main:app')).toBeUndefined();
    expect(parsePythonSpec('./py:main:app')).toBeUndefined();
    expect(parsePythonSpec('openapi.yaml')).toBeUndefined();
  });

  it('refuses a malformed app before running anything', async () => {
    const error = await caught(() => readSource('py:main', { role: 'base', cwd: '/nonexistent' }));
    expect(error.message).toBe(
      'Invalid app "main": no ":"; expected module:attribute, for example main:app or shop.api:create_app(). Fix the app name; retrying will not help.',
    );
  });
});

describe.skipIf(!HAS_FASTAPI)('py: inputs from a git repository', () => {
  let repo: { path: string; remove: () => Promise<void> };
  let scratch: { path: string; remove: () => Promise<void> };
  let savedTmpdir: string | undefined;
  const env = { PATH: '/nonexistent' }; // the interpreter must come from .venv/, resolved in the working tree
  const options = () => ({ role: 'base', cwd: repo.path, env });
  const worktrees = () => git(repo.path, 'worktree', 'list', '--porcelain').match(/^worktree /gm)?.length;

  beforeAll(async () => {
    // A private TMPDIR, so the test can see that every temporary worktree is gone afterwards.
    repo = await temporaryFolder('holdfast-repo-');
    scratch = await temporaryFolder();
    savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = scratch.path;
    git(repo.path, 'init', '--quiet', '--initial-branch=main');
    await writeFile(join(repo.path, '.gitignore'), '.venv/\n__pycache__/\n');
    await fakeVenv(repo.path);
    await copyShop('v1', repo.path);
    git(repo.path, 'add', '.');
    git(repo.path, 'commit', '--quiet', '-m', 'v1');
    await copyShop('v2-breaking', repo.path);
    git(repo.path, 'add', '--all');
    git(repo.path, 'commit', '--quiet', '-m', 'v2');
    await copyShop('v2-compatible', repo.path); // uncommitted work in progress
  });
  afterAll(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await repo.remove();
    await scratch.remove();
  });

  it('extracts a revision in a temporary worktree, byte-identical to extracting that code directly', async () => {
    const source = await readSource('git:HEAD~1:py:shop.main:app', options());
    const direct = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v1', python: PYTHON, env });
    expect(source).toMatchObject({
      uri: 'git:HEAD~1:py:shop.main:app',
      displayName: 'git:HEAD~1:py:shop.main:app',
      text: direct.text,
    });
    // The code map is read in the worktree: paths as in the repository, lines of that revision.
    expect(source.codeMap?.revision).toBe('HEAD~1');
    expect(source.codeMap?.pointers.get('/components/schemas/Item/properties/name')).toEqual({
      file: 'shop/models.py',
      line: 29, // `name: str` in v1's Item
    });
    expect(worktrees()).toBe(1);
    expect(await readdir(scratch.path)).toEqual([]);
  });

  it('extracts the working tree for py:', async () => {
    const source = await readSource('py:shop.main:app', options());
    const direct = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v2-compatible', python: PYTHON, env });
    expect(source.text).toBe(direct.text);
    expect(source.displayName).toBe('py:shop.main:app');
  });

  it('compares two revisions of the app, citing the Python code', async () => {
    const result = await compareSpecs('git:HEAD~1:py:shop.main:app', 'git:HEAD:py:shop.main:app', {
      cwd: repo.path,
      env,
    });
    const breaking = result.findings.filter((finding) => finding.level === 'breaking');
    expect([...new Set(breaking.map((finding) => finding.id))].sort()).toEqual([
      'request-property-became-required',
      'response-optional-property-removed',
      'response-required-property-removed',
    ]);
    expect(result.findings.find((finding) => finding.id === 'request-property-became-required')?.location).toEqual({
      file: 'shop/models.py',
      line: 65, // `note: str` in v2-breaking's OrderCreate
      pointer: '/components/schemas/OrderCreate/properties/note',
      code: { contract: 'git:HEAD:py:shop.main:app' },
    });
    const compatible = await compareSpecs('git:HEAD~1:py:shop.main:app', 'py:shop.main:app', { cwd: repo.path, env });
    expect(compatible.summary.breaking).toBe(0);
    expect(worktrees()).toBe(1);
  });

  it('removes the worktree when the revision does not exist or the app fails there', async () => {
    const unknown = await caught(() => readSource('git:no-such-branch:py:shop.main:app', options()));
    expect(unknown.message).toBe(
      `Could not read base spec "git:no-such-branch:py:shop.main:app": git says "fatal: invalid reference: no-such-branch"; expected an existing revision in the git repository at ${repo.path}. Fix the revision; retrying will not help.`,
    );
    const missing = await caught(() => readSource('git:HEAD~1:py:shop.main:nope', options()));
    expect(missing.message).toBe(
      'Could not find the app git:HEAD~1:py:shop.main:nope: "shop.main" has no attribute "nope" (found app, create_app()); expected the name of the app, factory or function after the colon. Fix the app name; retrying will not help.',
    );
    expect(worktrees()).toBe(1);
    expect(await readdir(scratch.path)).toEqual([]);
  });

  it('extracts from the same subfolder of the revision as the current one', async () => {
    const nested = join(repo.path, 'services', 'shop');
    await mkdir(nested, { recursive: true });
    await copyShop('v1', nested);
    git(repo.path, 'add', 'services');
    git(repo.path, 'commit', '--quiet', '-m', 'nested copy');
    const source = await readSource('git:HEAD:py:shop.main:app', {
      role: 'revision',
      cwd: nested,
      env,
      python: PYTHON,
    });
    const direct = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v1', python: PYTHON, env });
    expect(source.text).toBe(direct.text);
  });
});
