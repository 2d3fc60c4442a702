/**
 * Which Python runs the app: --python, [tool.holdfast] python, $VIRTUAL_ENV, .venv/ or venv/ (project,
 * then app folder), python3 on PATH. Fake interpreters are symlinks to /usr/bin/python3.
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOpenApi, resolveInterpreter } from '../../src/extract/index.js';
import { caught, copyShop, fakeVenv, HAS_FASTAPI, PYTHON, temporaryFolder } from './_python.js';

let project: { path: string; remove: () => Promise<void> };
let p: (...segments: string[]) => string;

async function link(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await symlink(PYTHON, path);
  return path;
}

beforeAll(async () => {
  project = await temporaryFolder();
  p = (...segments) => join(project.path, ...segments);
  await link(p('opt', 'python'));
  await link(p('tools', 'py'));
  await link(p('active-env', 'bin', 'python'));
  await fakeVenv(project.path, '.venv');
  await fakeVenv(project.path, 'venv');
  await fakeVenv(p('app'), '.venv');
  await link(p('path-bin', 'python3'));
  await writeFile(p('pyproject.toml'), '[project]\nname = "shop"\n\n[tool.holdfast]\npython = "tools/py"\n');
});
afterAll(() => project.remove());

describe('resolveInterpreter', () => {
  it('tries each place in order, skipping the detected ones that are missing', async () => {
    const env = { VIRTUAL_ENV: p('active-env'), PATH: `${p('path-bin')}:/nonexistent` };
    const resolve = (python?: string) => resolveInterpreter({ cwd: project.path, python, appDir: 'app', env });
    expect(await resolve('opt/python')).toEqual({
      path: p('opt', 'python'),
      origin: '--python',
      description: '--python',
    });
    expect(await resolve()).toEqual({
      path: p('tools', 'py'),
      origin: '[tool.holdfast] python',
      description: `[tool.holdfast] python in ${p('pyproject.toml')}`,
    });
    await writeFile(p('pyproject.toml'), '[project]\nname = "shop"\n');
    expect(await resolve()).toMatchObject({ path: p('active-env', 'bin', 'python'), origin: '$VIRTUAL_ENV' });
    await rm(p('active-env'), { recursive: true });
    expect(await resolve()).toMatchObject({ path: p('.venv', 'bin', 'python'), origin: '.venv' });
    await rm(p('.venv'), { recursive: true });
    expect(await resolve()).toMatchObject({ path: p('venv', 'bin', 'python'), origin: 'venv' });
    await rm(p('venv'), { recursive: true });
    expect(await resolve()).toEqual({
      path: p('app', '.venv', 'bin', 'python'),
      origin: '.venv',
      description: `.venv/ in ${p('app')}`,
    });
    await rm(p('app'), { recursive: true });
    expect(await resolve()).toEqual({ path: p('path-bin', 'python3'), origin: 'PATH', description: 'python3 on PATH' });
    expect(await resolveInterpreter({ cwd: project.path, env: { PATH: '/nonexistent' } })).toEqual({
      path: 'python3',
      origin: 'PATH',
      description: 'python3 on PATH',
    });
  });

  it('looks a bare --python name up on PATH, and keeps an explicit path even when it is missing', async () => {
    const env = { PATH: p('path-bin') };
    expect((await resolveInterpreter({ cwd: project.path, python: 'python3', env })).path).toBe(
      p('path-bin', 'python3'),
    );
    expect((await resolveInterpreter({ cwd: project.path, python: './missing/python', env })).path).toBe(
      p('missing', 'python'),
    );
  });

  it('pins the messages for a broken pyproject.toml', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFile(join(folder.path, 'pyproject.toml'), '[tool.holdfast]\npython = \n');
      const invalid = await caught(() => resolveInterpreter({ cwd: folder.path, env: {} }));
      expect(invalid.code).toBe('CONFIG_INVALID');
      expect(invalid.message).toMatch(
        new RegExp(
          `^Could not read ${escapeRegExp(join(folder.path, 'pyproject.toml'))} \\(line 2, column \\d+\\): .+; expected valid TOML\\. Fix the file; retrying will not help\\.$`,
        ),
      );
      await writeFile(join(folder.path, 'pyproject.toml'), '[tool.holdfast]\npython = 3\n');
      expect((await caught(() => resolveInterpreter({ cwd: folder.path, env: {} }))).message).toBe(
        `Invalid [tool.holdfast] python in ${join(folder.path, 'pyproject.toml')}: found 3; expected a path to a Python interpreter, as a string. Fix the setting; retrying will not help.`,
      );
    } finally {
      await folder.remove();
    }
  });
});

describe.skipIf(!HAS_FASTAPI)('extracting with the detected interpreter', () => {
  it('runs the project .venv and says so', async () => {
    const folder = await temporaryFolder();
    try {
      await copyShop('v1', folder.path);
      const venvPython = await fakeVenv(folder.path);
      const extraction = await extractOpenApi('shop.main:app', { cwd: folder.path, env: { PATH: '/nonexistent' } });
      expect(extraction.interpreter).toBe(venvPython);
      expect(extraction.interpreterOrigin).toBe('.venv');
    } finally {
      await folder.remove();
    }
  });

  it('names the pyproject.toml interpreter when it does not exist', async () => {
    const folder = await temporaryFolder();
    try {
      await copyShop('v1', folder.path);
      await writeFile(join(folder.path, 'pyproject.toml'), '[tool.holdfast]\npython = ".venv/bin/python"\n');
      const error = await caught(() => extractOpenApi('shop.main:app', { cwd: folder.path, env: {} }));
      expect(error.message).toBe(
        `Could not run Python "${join(folder.path, '.venv', 'bin', 'python')}": not found; expected a Python 3 interpreter. Pass --python or set [tool.holdfast] python; retrying will not help.`,
      );
    } finally {
      await folder.remove();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
