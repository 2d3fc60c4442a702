/** Finding the configuration file: nearest folder first, up to the git root; yaml over pyproject. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findGitRoot, loadConfig } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'holdfast-config-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
}

describe('loadConfig', () => {
  it('returns the defaults when there is no configuration', async () => {
    await mkdir(join(root, '.git'));
    const config = await loadConfig(root);
    expect(config).toEqual({
      file: null,
      displayName: null,
      root,
      rules: {},
      include: [],
      exclude: [],
      skipStability: [],
      accept: [],
    });
  });

  it('finds [tool.holdfast] in a folder above, up to the git root, and names it relative to cwd', async () => {
    await mkdir(join(root, '.git'));
    await write('pyproject.toml', '[tool.holdfast]\napp = "shop.main:app"\n');
    await mkdir(join(root, 'src', 'shop'), { recursive: true });
    const config = await loadConfig(join(root, 'src', 'shop'));
    expect(config.app).toBe('shop.main:app');
    expect(config.file).toBe(join(root, 'pyproject.toml'));
    expect(config.displayName).toBe('../../pyproject.toml');
    expect(config.root).toBe(root);
    expect(await findGitRoot(join(root, 'src', 'shop'))).toBe(root);
  });

  it('skips a pyproject.toml without [tool.holdfast] and keeps looking upwards', async () => {
    await mkdir(join(root, '.git'));
    await write('holdfast.yaml', 'spec: api/openapi.json\n');
    await write('service/pyproject.toml', '[project]\nname = "service"\n');
    const config = await loadConfig(join(root, 'service'));
    expect(config.spec).toBe('api/openapi.json');
    expect(config.displayName).toBe('../holdfast.yaml');
  });

  it('prefers holdfast.yaml over pyproject.toml in the same folder', async () => {
    await mkdir(join(root, '.git'));
    await write('pyproject.toml', '[tool.holdfast]\napp = "from.pyproject:app"\n');
    await write('holdfast.yaml', 'app: from.yaml:app\n');
    expect((await loadConfig(root)).app).toBe('from.yaml:app');
  });

  it('does not look above the git root', async () => {
    await write('pyproject.toml', '[tool.holdfast]\napp = "outside:app"\n');
    await mkdir(join(root, 'repo', '.git'), { recursive: true });
    const config = await loadConfig(join(root, 'repo'));
    expect(config.file).toBeNull();
  });

  it('reads only the working directory outside a git repository', async () => {
    await write('pyproject.toml', '[tool.holdfast]\napp = "outside:app"\n');
    await mkdir(join(root, 'sub'));
    expect((await loadConfig(join(root, 'sub'))).file).toBeNull();
    expect((await loadConfig(root)).app).toBe('outside:app');
  });

  it('reads an explicit --config file', async () => {
    await write('ci/holdfast.yml', 'fail-on: warning\n');
    const config = await loadConfig(root, { file: 'ci/holdfast.yml' });
    expect(config.failOn).toBe('warning');
    expect(config.root).toBe(join(root, 'ci'));
  });

  it('fails on a missing --config file and on one without [tool.holdfast]', async () => {
    await expect(loadConfig(root, { file: 'nope.yaml' })).rejects.toThrow(
      new AppError(
        'CONFIG_UNREADABLE',
        'Could not read configuration nope.yaml: file not found; expected a readable file. Fix the path or the permissions; retrying will not help.',
      ),
    );
    await write('pyproject.toml', '[project]\nname = "x"\n');
    await expect(loadConfig(root, { file: 'pyproject.toml' })).rejects.toThrow(
      'Invalid configuration in pyproject.toml: there is no [tool.holdfast] table; expected holdfast settings under [tool.holdfast]. Add the table or pass another file; retrying will not help.',
    );
  });

  it('reports a broken configuration found on the way up', async () => {
    await mkdir(join(root, '.git'));
    await write('holdfast.yaml', 'fail-on: sometimes\n');
    await expect(loadConfig(root)).rejects.toThrow(
      'Invalid configuration in holdfast.yaml: fail-on is "sometimes"; expected one of breaking, warning, never. Fix the file; retrying will not help.',
    );
  });
});
