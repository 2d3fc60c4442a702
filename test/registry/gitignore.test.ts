/**
 * The publish that creates the local registry (.holdfast/registry.db at the git root) adds
 * `.holdfast/` to that root's .gitignore and says so; later publishes, a .gitignore that already
 * ignores it, another database (HOLDFAST_DB) and folders outside git leave .gitignore alone.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { git } from '../extract/_python.js';
import { V1, V2 } from './_contracts.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'holdfast-gitignore-'));
  writeFileSync(join(folder, 'v1.json'), V1.text);
  writeFileSync(join(folder, 'v2.json'), V2.text);
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function publish(cwd: string, version: string, file: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const status = await main(['publish', '--service', 'shop', '--version', version, join(folder, file)], {
    cwd,
    env,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    readStdin: async () => '',
  });
  return { status, stdout, stderr };
}

describe('publish and .gitignore', () => {
  it('the first publish in a git repository adds .holdfast/ at its root, once, and says so', async () => {
    git(folder, 'init', '-q');
    await writeFile(join(folder, '.gitignore'), 'node_modules/');
    const service = join(folder, 'services', 'shop');
    await mkdir(service, { recursive: true });
    const first = await publish(service, '1.0.0', 'v1.json');
    expect(first.status).toBe(0);
    expect(first.stderr).toBe(
      `holdfast: added .holdfast/ to ${join(folder, '.gitignore')}: the local registry stays out of git (remove the line to commit it).\n`,
    );
    expect(existsSync(join(folder, '.holdfast', 'registry.db'))).toBe(true);
    expect(await readFile(join(folder, '.gitignore'), 'utf8')).toBe('node_modules/\n.holdfast/\n');
    expect(git(folder, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.holdfast');

    // The registry exists now: a later publish leaves .gitignore as the user keeps it.
    await writeFile(join(folder, '.gitignore'), 'node_modules/\n');
    const second = await publish(service, '1.1.0', 'v2.json');
    expect(second).toMatchObject({ status: 0, stderr: '' });
    expect(await readFile(join(folder, '.gitignore'), 'utf8')).toBe('node_modules/\n');
  });

  it('creates .gitignore when there is none, and keeps one that already ignores the folder', async () => {
    git(folder, 'init', '-q');
    expect((await publish(folder, '1.0.0', 'v1.json')).stderr).toContain('holdfast: added .holdfast/ to');
    expect(await readFile(join(folder, '.gitignore'), 'utf8')).toBe('.holdfast/\n');

    await rm(join(folder, '.holdfast'), { recursive: true });
    await writeFile(join(folder, '.gitignore'), '/.holdfast\n');
    expect(await publish(folder, '1.0.0', 'v1.json')).toMatchObject({ status: 0, stderr: '' });
    expect(await readFile(join(folder, '.gitignore'), 'utf8')).toBe('/.holdfast\n');
  });

  it('leaves .gitignore alone outside git and for a registry named by HOLDFAST_DB', async () => {
    expect(await publish(folder, '1.0.0', 'v1.json')).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(join(folder, '.gitignore'))).toBe(false);

    git(folder, 'init', '-q');
    const other = await publish(folder, '1.0.0', 'v1.json', { HOLDFAST_DB: 'elsewhere.db' });
    expect(other).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(join(folder, '.gitignore'))).toBe(false);
  });
});
