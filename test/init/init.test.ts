/**
 * `holdfast init` in a copy of the example shop: what it writes, that a second run changes nothing
 * byte for byte, that existing files are never overwritten, and that the generated pytest module
 * and workflow do what they say.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { applyInit, planInit } from '../../src/init/index.js';
import {
  caught,
  copyShop,
  fakeVenv,
  git,
  HAS_FASTAPI,
  PYTHON,
  ROOT,
  runHoldfast,
  temporaryFolder,
  writeFiles,
} from '../extract/_python.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const HAS_PYTEST = spawnSync(PYTHON, ['-c', 'import pytest'], { stdio: 'ignore' }).status === 0;
const PYPROJECT = '[project]\nname = "shop"\nversion = "1.0.0"\ndependencies = ["fastapi"]  # kept as written\n';

let project: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  project = await temporaryFolder('holdfast-init-');
  await copyShop('v1', project.path);
  await writeFile(join(project.path, 'pyproject.toml'), PYPROJECT);
  await fakeVenv(project.path);
});
afterEach(() => project.remove());

/** Every file under the project (but .venv/) with its bytes. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.venv') await walk(path);
      else if (entry.isFile()) files[relative(folder, path)] = (await readFile(path)).toString('base64');
    }
  };
  await walk(folder);
  return files;
}

describe('holdfast init', () => {
  it('configures the app, adds the workflow and the pytest module, and a second run changes nothing', async () => {
    const first = await runHoldfast(['init'], project.path);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Found the app shop.main:app (shop/main.py:');
    expect(first.stdout).toContain('Also found: shop.main:create_app() (shop/main.py:');
    expect(first.stdout).toContain(
      '  updated  pyproject.toml\n  created  .github/workflows/holdfast.yml\n  created  tests/test_api_contract.py\n  created  .gitignore\n',
    );
    expect(first.stdout).toContain(
      '\nReplace OWNER/holdfast in .github/workflows/holdfast.yml with the repository you get holdfast from.\n',
    );
    expect(first.stdout).toContain(
      `      - repo: https://github.com/OWNER/holdfast\n        rev: v${VERSION}\n        hooks:\n          - id: holdfast-check\n`,
    );
    expect(await readFile(join(project.path, '.gitignore'), 'utf8')).toBe('.holdfast/\n');
    expect(await readFile(join(project.path, 'pyproject.toml'), 'utf8')).toBe(
      `${PYPROJECT}\n[tool.holdfast]\napp = "shop.main:app"\npython = ".venv/bin/python"\n`,
    );
    const afterFirst = await snapshot(project.path);

    const second = await runHoldfast(['init'], project.path);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('The app is shop.main:app ([tool.holdfast] app in pyproject.toml).');
    expect(second.stdout).toContain(
      '  kept     pyproject.toml (already sets app = "shop.main:app")\n  kept     .github/workflows/holdfast.yml (up to date)\n  kept     tests/test_api_contract.py (up to date)\n  kept     .gitignore (already ignores .holdfast/)\n',
    );
    expect(second.stdout).not.toContain('Replace OWNER/holdfast');
    expect(await snapshot(project.path)).toEqual(afterFirst);
  });

  it('never overwrites a file that exists, and writes nothing with --dry-run', async () => {
    await mkdir(join(project.path, '.github', 'workflows'), { recursive: true });
    await writeFile(join(project.path, '.github', 'workflows', 'holdfast.yml'), 'name: ours\n');
    const before = await snapshot(project.path);
    const dry = await runHoldfast(['init', '--dry-run', '--no-pytest'], project.path);
    expect(dry.stdout).toContain(
      '  would update  pyproject.toml\n  keep          .github/workflows/holdfast.yml (exists)\n',
    );
    expect(await snapshot(project.path)).toEqual(before);
    await runHoldfast(['init'], project.path);
    expect(await readFile(join(project.path, '.github', 'workflows', 'holdfast.yml'), 'utf8')).toBe('name: ours\n');
  });

  it('exits 2 and says what to do when there is no app', async () => {
    const empty = await temporaryFolder();
    try {
      await writeFile(join(empty.path, 'tool.py'), 'print("no web app here")\n');
      const run = await runHoldfast(['init'], empty.path);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: `holdfast: Could not find a FastAPI app in ${empty.path}: no module-level "app = FastAPI(...)" and no app factory; expected one in a .py file of the project. Pass --app module:attribute (and --app-dir DIR if it is imported from a subfolder); retrying will not help.\n`,
      });
    } finally {
      await empty.remove();
    }
  });
});

describe('what init generates', () => {
  it('writes a workflow that runs the holdfast Action of the pinned release, and never npx', async () => {
    const plan = await planInit({ cwd: project.path, version: '9.9.9' });
    const workflow = plan.files.find((file) => file.path === '.github/workflows/holdfast.yml')?.content ?? '';
    const parsed = load(workflow) as { jobs: { holdfast: { steps: { run?: string; uses?: string }[] } } };
    const steps = parsed.jobs.holdfast.steps;
    expect(steps.map((step) => step.run ?? step.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-python@v5',
      'python -m venv .venv\n.venv/bin/pip install .\n',
      'OWNER/holdfast@v9.9.9',
    ]);
    expect(workflow).toContain(
      '# PLACEHOLDER: replace OWNER/holdfast with the GitHub repository you get holdfast from.\n',
    );
    const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[];
    expect(load(plan.preCommit)).toEqual({
      repos: [
        {
          repo: 'https://github.com/OWNER/holdfast',
          rev: 'v9.9.9',
          hooks: [{ id: hooks[0].id, stages: ['pre-push'] }],
        },
      ],
    });
    for (const file of [...plan.files, { path: 'pre-commit', content: plan.preCommit }]) {
      expect(file.content, file.path).not.toMatch(/npx|holdfast@\d/);
    }
  });

  it('adds .holdfast/ to the .gitignore at the git root once, keeping what is there', async () => {
    git(project.path, 'init', '-q');
    const service = join(project.path, 'services', 'shop');
    await mkdir(service, { recursive: true });
    await copyShop('v1', service);
    await writeFile(join(project.path, '.gitignore'), 'node_modules/');
    const plan = await planInit({ cwd: service, version: VERSION, workflow: false, pytest: false });
    expect(plan.files.find((file) => file.path === '../../.gitignore')).toEqual({
      path: '../../.gitignore',
      action: 'update',
      content: 'node_modules/\n.holdfast/\n',
    });
    await applyInit(plan, service);
    expect(await readFile(join(project.path, '.gitignore'), 'utf8')).toBe('node_modules/\n.holdfast/\n');
    const again = await planInit({ cwd: service, version: VERSION, workflow: false, pytest: false });
    expect(again.files.find((file) => file.path === '../../.gitignore')?.action).toBe('keep');
    for (const spelling of ['/.holdfast', '.holdfast', '.holdfast/**', '  /.holdfast/  ']) {
      await writeFile(join(project.path, '.gitignore'), `dist/\n${spelling}\n`);
      const plan = await planInit({ cwd: service, version: VERSION, workflow: false, pytest: false });
      expect(
        plan.files.find((file) => file.path === '../../.gitignore'),
        spelling,
      ).toMatchObject({
        action: 'keep',
        reason: 'already ignores .holdfast/',
      });
    }
  });

  it.skipIf(!HAS_FASTAPI || !HAS_PYTEST)(
    'writes a pytest module that runs holdfast with the configured interpreter and tells a break from a failure to run',
    async () => {
      // The configured interpreter logs that it ran, then is Debian's python3 (which has FastAPI);
      // pytest itself runs with /usr/bin/python3 directly.
      const venvPython = join(project.path, '.venv', 'bin', 'python');
      await rm(venvPython);
      await writeFile(
        venvPython,
        `#!/bin/sh\necho "$@" >> "${join(project.path, 'interpreter.log')}"\nexec ${PYTHON} "$@"\n`,
      );
      await chmod(venvPython, 0o755);
      await writeFile(join(project.path, '.gitignore'), '.venv/\ninterpreter.log\n__pycache__/\n');
      await applyInit(await planInit({ cwd: project.path, version: VERSION, workflow: false }), project.path);
      git(project.path, 'init', '-q', '-b', 'main');
      git(project.path, 'add', '.');
      git(project.path, 'commit', '-q', '-m', 'shop v1');
      // `holdfast` on PATH is this checkout's CLI, as a global install puts it there.
      const bin = join(project.path, '.venv', 'holdfast-bin');
      await mkdir(bin);
      await writeFile(
        join(bin, 'holdfast'),
        `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'holdfast.js')}" "$@"\n`,
      );
      await chmod(join(bin, 'holdfast'), 0o755);
      const pytest = (env: Record<string, string> = {}) =>
        spawnSync(PYTHON, ['-B', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_api_contract.py'], {
          cwd: project.path,
          encoding: 'utf8',
          env: { PATH: `${bin}:/usr/bin:/bin`, HOME: project.path, ...env },
          timeout: 120_000,
        });

      const unchanged = pytest();
      expect(unchanged.stdout).toContain('1 passed');
      expect(unchanged.status).toBe(0);
      expect(await readFile(join(project.path, 'interpreter.log'), 'utf8')).toContain('extract.py');

      git(project.path, 'checkout', '-q', '-b', 'feature');
      await copyShop('v2-breaking', project.path);
      const breaking = pytest();
      expect(breaking.status).toBe(1);
      expect(breaking.stdout).toContain('holdfast found API changes that break clients:');
      expect(breaking.stdout).not.toContain('could not run holdfast');

      const config = await readFile(join(project.path, 'pyproject.toml'), 'utf8');
      await writeFile(join(project.path, 'pyproject.toml'), config.replace('.venv/bin/python', '.venv/bin/missing'));
      const broken = pytest();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain('could not run holdfast (exit 2), so the API contract was not checked:');
      expect(broken.stdout).toContain('.venv/bin/missing');
      expect(broken.stdout).not.toContain('holdfast found API changes');

      const missing = pytest({ PATH: '/usr/bin:/bin' });
      expect(missing.stdout).toContain('1 skipped');
      expect(missing.status).toBe(0);
      // $HOLDFAST names the command when it is not on PATH.
      const named = pytest({ PATH: '/usr/bin:/bin', HOLDFAST: join(bin, 'holdfast') });
      expect(named.stdout).toContain('could not run holdfast (exit 2)');
    },
    180_000,
  );

  it.skipIf(!HAS_FASTAPI)('leaves a configuration that extraction follows', async () => {
    await applyInit(await planInit({ cwd: project.path, version: VERSION }), project.path);
    const extraction = await extractOpenApi('shop.main:app', { cwd: project.path, env: { PATH: '/nonexistent' } });
    expect(extraction.interpreterOrigin).toBe('[tool.holdfast] python');
    expect(extraction.interpreter).toBe(join(project.path, '.venv', 'bin', 'python'));
  });

  it('creates pyproject.toml when there is none, recording a src/ layout as app-dir', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, {
        'src/shop/__init__.py': '',
        'src/shop/api.py': 'from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    return FastAPI()\n',
      });
      const plan = await planInit({ cwd: folder.path, version: VERSION, workflow: false, pytest: false });
      expect(plan.files.filter((file) => file.path !== '.gitignore')).toEqual([
        {
          path: 'pyproject.toml',
          action: 'create',
          content: '[tool.holdfast]\napp = "shop.api:create_app()"\napp-dir = "src"\n',
          reason: undefined,
        },
      ]);
    } finally {
      await folder.remove();
    }
  });

  it('refuses an --app that is not module:attribute', async () => {
    const error = await caught(() => planInit({ cwd: project.path, app: 'shop', version: VERSION }));
    expect(error.code).toBe('EXTRACT_TARGET_INVALID');
  });
});
