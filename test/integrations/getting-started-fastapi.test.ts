/**
 * docs/getting-started-fastapi.md, followed as written on a fresh FastAPI repository (the example
 * shop, a real git repository, Debian's Python with FastAPI in its `.venv/`), with `holdfast` on
 * PATH running this checkout's bin/holdfast.js: from `holdfast extract` and `holdfast init` to a
 * pull-request annotation on the Python line of a renamed field. The commands run here are the
 * page's, and what the page shows of the output is what they print.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_FASTAPI, PYTHON, SHOP, temporaryFolder } from '../extract/_python.js';
import { fakeBin, git, ROOT } from './_helpers.js';

const page = await readFile(join(ROOT, 'docs', 'getting-started-fastapi.md'), 'utf8');

/** The page's fenced blocks, with their language (`sh`, `toml`, or '' for output). */
function fencedBlocks(markdown: string): { language: string; text: string }[] {
  const blocks: { language: string; text: string }[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^```(\w*)$/.exec(line);
    if (open === undefined) {
      if (fence) open = { language: fence[1], lines: [] };
    } else if (line === '```') {
      blocks.push({ language: open.language, text: open.lines.join('\n') });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  return blocks;
}
const blocks = fencedBlocks(page);
/** Every command in the page's `sh` blocks, without comments. */
const shellLines = blocks
  .filter((block) => block.language === 'sh')
  .flatMap((block) => block.text.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
/** The page's output blocks (fenced without a language). */
const outputs = blocks.filter((block) => block.language === '').map((block) => block.text);
/** A merge-base revision as reports print it: the page shows an example one. */
const REVISION = /\b[0-9a-f]{12}\b/g;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!HAS_FASTAPI)('docs/getting-started-fastapi.md, followed on a fresh FastAPI repository', () => {
  let repo: { path: string; remove: () => Promise<void> };
  let bin: Awaited<ReturnType<typeof fakeBin>>;

  /** A command from the page, run by the shell in the repository with holdfast on PATH. */
  function run(command: string): Run {
    expect(shellLines, `the page says to run "${command}"`).toContain(command);
    const environment: NodeJS.ProcessEnv = { ...process.env, PATH: bin.path };
    for (const name of ['VIRTUAL_ENV', 'FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG']) delete environment[name];
    try {
      const stdout = execFileSync('sh', ['-c', command], {
        cwd: repo.path,
        env: environment,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    repo = await temporaryFolder('holdfast-getting-started-');
    bin = await fakeBin();
    // The project: a FastAPI app in git, and a .venv/ whose Python has its dependencies.
    git(repo.path, 'init', '-q');
    await cp(join(SHOP, 'v1', 'shop'), join(repo.path, 'shop'), { recursive: true });
    await writeFile(join(repo.path, '.gitignore'), '.venv/\n__pycache__/\n');
    await mkdir(join(repo.path, '.venv', 'bin'), { recursive: true });
    await symlink(PYTHON, join(repo.path, '.venv', 'bin', 'python'));
    git(repo.path, 'add', '.');
    git(repo.path, 'commit', '-q', '-m', 'The shop');
  });
  afterAll(async () => {
    await repo?.remove();
    if (bin !== undefined) await rm(bin.dir, { recursive: true, force: true });
  });

  it('reaches a GitHub annotation on the Python line of the renamed field', async () => {
    // 1. Install: holdfast is on PATH.
    expect(run('holdfast --help').status).toBe(0);

    // 2. See the contract.
    const extracted = run('holdfast extract shop.main:app');
    expect(extracted.status).toBe(0);
    expect(JSON.parse(extracted.stdout)).toMatchObject({ openapi: '3.0.2', info: { title: 'Shop' } });

    // 3. Set the project up, and commit what init wrote.
    const init = run('holdfast init');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('Found the app shop.main:app (shop/main.py:95).');
    expect(await readFile(join(repo.path, 'pyproject.toml'), 'utf8')).toContain(
      '[tool.holdfast]\napp = "shop.main:app"\npython = ".venv/bin/python"\n',
    );
    git(repo.path, 'add', '.');
    git(repo.path, 'commit', '-q', '-m', 'holdfast init');

    // 4. On a branch, rename Item.name to title.
    expect(run('git switch -c rename-item-name').status).toBe(0);
    const models = join(repo.path, 'shop', 'models.py');
    const before = await readFile(models, 'utf8');
    const line = before.split('\n').indexOf('    name: str') + 1;
    expect(line).toBe(29); // the line the page shows
    const main = join(repo.path, 'shop', 'main.py');
    await writeFile(models, before.replace('    id: int\n    name: str\n', '    id: int\n    title: str\n'));
    await writeFile(main, (await readFile(main, 'utf8')).replace(/Item\(id=(\d), name=/g, 'Item(id=$1, title='));
    const base = git(repo.path, 'rev-parse', '--short=12', 'main');

    const check = run('holdfast check');
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(
      `  breaking  response-required-property-removed  (removed; was shop/models.py:${line} in ${base})\n`,
    );
    expect(check.stdout).toContain(`  info      response-property-added  shop/models.py:${line}\n`);
    // What the page shows of it is what holdfast printed (its example revision aside).
    const shown = outputs.find((output) => output.startsWith('Comparing git:'));
    expect(shown).toContain('shop/models.py:29');
    expect(check.stdout.replaceAll(REVISION, 'REV').trimEnd()).toBe(
      (shown ?? '').replaceAll(REVISION, 'REV').trimEnd(),
    );

    // 5. In CI: the annotation sits on the field's line.
    const github = run('holdfast check --format github');
    expect(github.status).toBe(1);
    const annotations = github.stdout.split('\n');
    const error = annotations.find((each) => each.startsWith('::error '));
    expect(error).toMatch(
      new RegExp(`^::error file=shop/models\\.py,line=${line},title=response-required-property-removed::`),
    );
    expect(error).toContain(`%0A(removed; was shop/models.py:${line} in ${base})%0A`);
    expect(annotations).toContainEqual(
      expect.stringMatching(new RegExp(`^::notice file=shop/models\\.py,line=${line},title=response-property-added::`)),
    );
    // The page shows these annotations.
    const shownAnnotations = outputs.find((output) => output.startsWith('::error '));
    expect(shownAnnotations?.split('\n')).toHaveLength(2);
    for (const shownLine of (shownAnnotations ?? '').replace(REVISION, 'REV').trim().split('\n')) {
      expect(annotations.map((each) => each.replace(REVISION, 'REV'))).toContain(shownLine);
    }
  }, 180_000);
});
