/**
 * `holdfast init` in a copy of the example shop: what it writes, that a second run changes nothing
 * byte for byte, that existing files are never overwritten, and that the generated pytest module
 * and workflow do what they say.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { applyInit, planInit } from '../../src/init/index.js';
import {
  caught,
  copyShop,
  fakeVenv,
  HAS_FASTAPI,
  PYTHON,
  ROOT,
  runHoldfast,
  temporaryFolder,
  writeFiles,
} from '../extract/_python.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
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
      '  updated  pyproject.toml\n  created  .github/workflows/holdfast.yml\n  created  tests/test_api_contract.py\n',
    );
    expect(first.stdout).toContain(`        entry: npx --yes holdfast@${VERSION} check\n`);
    expect(await readFile(join(project.path, 'pyproject.toml'), 'utf8')).toBe(
      `${PYPROJECT}\n[tool.holdfast]\napp = "shop.main:app"\npython = ".venv/bin/python"\n`,
    );
    const afterFirst = await snapshot(project.path);

    const second = await runHoldfast(['init'], project.path);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('The app is shop.main:app ([tool.holdfast] app in pyproject.toml).');
    expect(second.stdout).toContain(
      '  kept     pyproject.toml (already sets app = "shop.main:app")\n  kept     .github/workflows/holdfast.yml (up to date)\n  kept     tests/test_api_contract.py (up to date)\n',
    );
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
  it('writes a workflow that checks with annotations and posts the Markdown report', async () => {
    const plan = await planInit({ cwd: project.path, version: '9.9.9' });
    const workflow = plan.files.find((file) => file.path === '.github/workflows/holdfast.yml')?.content ?? '';
    const parsed = load(workflow) as { jobs: { holdfast: { steps: { run?: string; uses?: string }[] } } };
    const steps = parsed.jobs.holdfast.steps;
    expect(steps.map((step) => step.run ?? step.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-python@v5',
      'python -m venv .venv\n.venv/bin/pip install .\n',
      'actions/setup-node@v4',
      'npx --yes holdfast@9.9.9 check --format github',
      'npx --yes holdfast@9.9.9 check --format markdown --output-file holdfast-report.md || true',
      'actions/github-script@v7',
    ]);
    expect(load(plan.preCommit)).toMatchObject({
      repos: [{ repo: 'local', hooks: [{ id: 'holdfast', pass_filenames: false }] }],
    });
  });

  it('writes a pytest module that runs holdfast check and fails with its report', async () => {
    const plan = await planInit({ cwd: project.path, version: '9.9.9' });
    await applyInit(plan, project.path);
    // Stand-ins for pytest (not installed here) and for npx, which records how it was called.
    await writeFile(
      join(project.path, 'pytest.py'),
      'class Failed(Exception):\n    pass\n\n\ndef fail(message, pytrace=True):\n    raise Failed(message)\n\n\ndef skip(message):\n    raise Failed("skipped: " + message)\n',
    );
    const bin = join(project.path, 'fake-bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'npx'),
      '#!/bin/sh\necho "$PWD $*" > "$NPX_LOG"\necho "the report"\nexit "$NPX_STATUS"\n',
    );
    await chmod(join(bin, 'npx'), 0o755);
    const runTest = (status: number) =>
      spawnSync(
        PYTHON,
        [
          '-B',
          '-c',
          'import sys; sys.path[:0] = [".", "tests"]; import test_api_contract as t; t.test_api_contract_does_not_break_clients()',
        ],
        {
          cwd: project.path,
          encoding: 'utf8',
          env: { PATH: `${bin}:/usr/bin:/bin`, NPX_LOG: join(project.path, 'npx.log'), NPX_STATUS: String(status) },
        },
      );
    const passing = runTest(0);
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(await readFile(join(project.path, 'npx.log'), 'utf8')).toBe(
      `${project.path} --yes holdfast@9.9.9 check --python ${PYTHON}\n`,
    );
    const failing = runTest(1);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('pytest.Failed: holdfast found API changes that break clients:\n\nthe report\n');
    const broken = runTest(2);
    expect(broken.stderr).toContain('pytest.Failed: holdfast could not check the API contract:');
  });

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
      expect(plan.files).toEqual([
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
