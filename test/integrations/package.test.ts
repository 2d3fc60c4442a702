/**
 * The tarball `npm pack` makes installs and runs with no build step, and `diff`, `check` and
 * `extract` work without the database drivers (optional dependencies): installed with
 * `--ignore-scripts`, better-sqlite3 is there but has no compiled part, as when it cannot be built
 * or downloaded; then both drivers are deleted, as when npm skipped them. Registry commands say
 * what is missing and exit 2. Packages come from the npm cache when it has them (--prefer-offline).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShop, HAS_FASTAPI, PYTHON } from '../extract/_python.js';
import { BREAKING_SPEC, ROOT, repositoryWith } from './_helpers.js';

const PETSTORE = join(ROOT, 'examples', 'petstore');
let scratch: string;
let prefix: string;
let installed: string;
let holdfast: string;
let tarball: string;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'HOLDFAST_DEBUG', 'HOLDFAST_DB', 'HOLDFAST_DATABASE_URL']) {
    if (env[name] === undefined) delete environment[name];
  }
  return spawnSync(command, args, { cwd, env: environment, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'holdfast-package-'));
  prefix = join(scratch, 'prefix');
  // The global setup has built dist/; --ignore-scripts keeps `prepare` from building it again.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, packed.filename);
  files = packed.files.map((file) => file.path);
  const install = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball],
    scratch,
  );
  expect(install.status, install.stderr).toBe(0);
  installed = join(prefix, 'lib', 'node_modules', 'holdfast');
  holdfast = join(prefix, 'bin', 'holdfast');
}, 180_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let files: string[] = [];

const NOT_BUILT = () =>
  `holdfast: Could not open the registry: the better-sqlite3 module, an optional dependency skipped when it cannot be built or downloaded, is installed but its native part could not be loaded (Could not locate the bindings file); expected it for the SQLite registry (.holdfast/registry.db or HOLDFAST_DB). diff, check and extract work without it. Rebuild it in holdfast's folder (cd ${installed} && npm rebuild better-sqlite3; without a prebuilt binary for this platform it needs a C++ compiler and Python), or use PostgreSQL with HOLDFAST_DATABASE_URL; retrying will not help.\n`;
const SQLITE_MISSING = () =>
  `holdfast: Could not open the registry: the better-sqlite3 module, an optional dependency skipped when it cannot be built or downloaded, is not installed; expected it for the SQLite registry (.holdfast/registry.db or HOLDFAST_DB). diff, check and extract work without it. Install it in holdfast's folder (cd ${installed} && npm install --no-save --omit=dev better-sqlite3@12.6.2; without a prebuilt binary for this platform it needs a C++ compiler and Python), or use PostgreSQL with HOLDFAST_DATABASE_URL; retrying will not help.\n`;
const PG_MISSING = () =>
  `holdfast: Could not open the registry: the pg module, an optional dependency, is not installed; expected it for the PostgreSQL registry (HOLDFAST_DATABASE_URL). diff, check and extract work without it. Install it in holdfast's folder (cd ${installed} && npm install --no-save --omit=dev pg@8.23.1), or unset HOLDFAST_DATABASE_URL to use the SQLite file; retrying will not help.\n`;

describe('npm pack', () => {
  it('ships the built CLI and its Python helper, not the sources', () => {
    expect(files).toContain('bin/holdfast.js');
    expect(files).toContain('dist/bundle/main.js');
    // Started as a worker thread by the bundle's load chunk (src/load/parse-parallel.ts).
    expect(files).toContain('dist/bundle/parse-worker.js');
    expect(files).toContain('dist/extract/extract.py');
    expect(files).toContain('README.md');
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
    // The bundle is all bin/holdfast.js runs: the module-by-module build is for the tests.
    expect(files.filter((file) => file.startsWith('dist/') && !file.startsWith('dist/bundle/'))).toEqual([
      'dist/extract/extract.py',
    ]);
  });

  it('keeps the database drivers out of the bundle, imported only by the registry store chunks', () => {
    const bundle = join(ROOT, 'dist', 'bundle');
    const importers = (name: string) =>
      readdirSync(bundle).filter((file) =>
        new RegExp(`(from|import)\\s*\\(?"${name}"`).test(readFileSync(join(bundle, file), 'utf8')),
      );
    expect(importers('better-sqlite3')).toEqual([expect.stringMatching(/^sqlite-\w+\.js$/)]);
    expect(importers('pg')).toEqual([expect.stringMatching(/^postgres-\w+\.js$/)]);
  });

  it('installs globally and diffs like the checkout, with the SQLite driver unbuilt', () => {
    const fromTarball = run(holdfast, ['diff', 'base.yaml', 'revision.yaml'], PETSTORE);
    const fromCheckout = run(
      process.execPath,
      [join(ROOT, 'bin', 'holdfast.js'), 'diff', 'base.yaml', 'revision.yaml'],
      PETSTORE,
    );
    expect(fromTarball.stderr).toBe('');
    expect(fromTarball.status).toBe(1);
    expect(fromTarball.stdout).toContain(
      '3 breaking changes (affecting 4 operations), 0 warnings, 2 info changes (affecting 2 operations)',
    );
    expect(fromTarball.stdout).toBe(fromCheckout.stdout);
  });

  it('parses a large YAML pair in its worker thread as on the main thread', () => {
    const corpus = join(ROOT, '..', 'shared', 'corpus', 'history', 'openai');
    const args = ['diff', join(corpus, '01-ef05a7d18e.yaml'), join(corpus, '02-11854aef67.yaml'), '--format', 'json'];
    expect(existsSync(join(installed, 'dist', 'bundle', 'parse-worker.js'))).toBe(true);
    const inWorker = run(holdfast, args, scratch, { HOLDFAST_PARSE_WORKER: '1' });
    const onMain = run(holdfast, args, scratch, { HOLDFAST_PARSE_WORKER: '0' });
    expect(inWorker.stderr).toBe('');
    expect(inWorker.status).toBe(1);
    expect(inWorker.stdout).toBe(onMain.stdout);
  });

  it('installs as a dev dependency of a Node.js project and runs from node_modules/.bin', async () => {
    const project = join(scratch, 'service');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), '{ "name": "service", "private": true }\n');
    const install = run(
      'npm',
      ['install', '--save-dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      project,
    );
    expect(install.status, install.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(manifest.devDependencies.holdfast).toMatch(/^file:.*holdfast-0\.1\.0\.tgz$/);
    const diff = run(
      join(project, 'node_modules', '.bin', 'holdfast'),
      ['diff', 'base.yaml', 'revision.yaml'],
      PETSTORE,
    );
    expect(diff.status).toBe(1);
    expect(diff.stdout).toContain(
      '3 breaking changes (affecting 4 operations), 0 warnings, 2 info changes (affecting 2 operations)',
    );
  });

  it('registry commands say the SQLite driver has no native part, and exit 2', () => {
    const publish = run(holdfast, ['publish', '--service', 'pets', '--version', '1.0.0', 'base.yaml'], PETSTORE, {
      HOLDFAST_DB: join(scratch, 'registry.db'),
    });
    expect(publish).toMatchObject({ status: 2, stdout: '', stderr: NOT_BUILT() });
  });

  it('holdfast serve runs from the install (Fastify and pino are dependencies, outside the bundle)', async () => {
    // The test machine cannot build better-sqlite3 from the tarball install: use the checkout's build.
    await cp(
      join(ROOT, 'node_modules', 'better-sqlite3', 'build'),
      join(installed, 'node_modules', 'better-sqlite3', 'build'),
      {
        recursive: true,
      },
    );
    const project = join(scratch, 'served');
    await mkdir(project);
    const served = await startServe([holdfast], project);
    try {
      expect(served.stderr).toContain(`(registry ${join(project, '.holdfast', 'registry.db')})`);
      const ready = await fetch(`${served.url}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' });
      const publish = run(holdfast, ['publish', '--service', 'pets', '--version', '1.0.0', 'base.yaml'], PETSTORE, {
        HOLDFAST_SERVER: served.url,
        HOLDFAST_TOKEN: served.token,
      });
      expect(publish).toMatchObject({
        status: 0,
        stdout: expect.stringMatching(/^Published pets 1\.0\.0 \(contract sha256:9f4027ca0d7e/),
      });
      // The dashboard and its stylesheet ship inside the bundle: nothing to fetch, nothing to build.
      const dashboard = await fetch(`${served.url}/`, { headers: { cookie: `holdfast_token=${served.token}` } });
      const html = await dashboard.text();
      // Links are relative to the page (the dashboard works behind a proxy's sub-path).
      expect(html).toContain('<a href="./services/pets">pets</a>');
      const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1] ?? '';
      expect(stylesheet).toMatch(/^\.\/assets\//);
      expect((await fetch(new URL(stylesheet, `${served.url}/`))).status).toBe(200);
    } finally {
      served.stop();
    }
    const bundle = join(ROOT, 'dist', 'bundle');
    const bundled = readdirSync(bundle).filter((file) =>
      /node_modules[\\/](fastify|pino)[\\/]/.test(readFileSync(join(bundle, file), 'utf8')),
    );
    expect(bundled).toEqual([]);
  });

  it('without the drivers at all: diff, check and extract run; registry commands say what is missing', async () => {
    await rm(join(installed, 'node_modules', 'better-sqlite3'), { recursive: true, force: true });
    await rm(join(installed, 'node_modules', 'pg'), { recursive: true, force: true });

    const diff = run(holdfast, ['diff', 'base.yaml', 'revision.yaml', '--fail-on', 'never'], PETSTORE);
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(0);

    const repo = await repositoryWith(BREAKING_SPEC);
    try {
      const check = run(holdfast, ['check'], repo);
      expect(check.status).toBe(1);
      expect(check.stdout).toContain('request-parameter-became-required');
    } finally {
      await rm(repo, { recursive: true, force: true });
    }

    if (HAS_FASTAPI) {
      const project = join(scratch, 'shop');
      await copyShop('v1', project);
      const extract = run(holdfast, ['extract', 'shop.main:app', '--python', PYTHON], project);
      expect(extract.stderr).toBe('');
      expect(extract.status).toBe(0);
      expect(JSON.parse(extract.stdout)).toHaveProperty('openapi');
    }

    // A command that writes: a read-only one stops earlier, at the missing registry file.
    const sqlite = run(holdfast, ['publish', '--service', 'pets', '--version', '1.0.0', 'base.yaml'], PETSTORE, {
      HOLDFAST_DB: join(scratch, 'r.db'),
    });
    expect(sqlite).toMatchObject({ status: 2, stdout: '', stderr: SQLITE_MISSING() });
    const postgres = run(holdfast, ['history', '--service', 'pets'], PETSTORE, {
      // Never reached: the driver is missing before any connection is tried.
      HOLDFAST_DATABASE_URL: 'postgres://holdfast@127.0.0.1:9/registry',
    });
    expect(postgres).toMatchObject({ status: 2, stdout: '', stderr: PG_MISSING() });

    // A CI job that talks to a server needs no driver at all.
    const project = join(scratch, 'served-from-checkout');
    await mkdir(project);
    const served = await startServe([process.execPath, join(ROOT, 'bin', 'holdfast.js')], project);
    try {
      const remote = { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: served.token };
      expect(
        run(holdfast, ['publish', '--service', 'pets', '--version', '1.0.0', 'base.yaml'], PETSTORE, remote),
      ).toMatchObject({
        status: 0,
        stderr: '',
      });
      expect(run(holdfast, ['list', 'versions', '--service', 'pets'], PETSTORE, remote)).toMatchObject({
        status: 0,
        stderr: '',
      });
    } finally {
      served.stop();
    }
  });
});

/** Starts `holdfast serve --port 0` in `cwd`; resolves with its URL and first admin token. */
function startServe(
  command: string[],
  cwd: string,
): Promise<{ url: string; token: string; stderr: string; stop: () => void }> {
  const [program = '', ...args] = command;
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment.HOLDFAST_DB;
  delete environment.HOLDFAST_DATABASE_URL;
  const child = spawn(program, [...args, 'serve', '--port', '0', '--log-level', 'silent'], { cwd, env: environment });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.on('close', (code) => reject(new Error(`holdfast serve exited ${code}: ${stderr}`)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /listening on (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
      const token = /shown once[^\n]*\n(hf_\S+)\n/.exec(stderr)?.[1];
      if (url !== undefined && token !== undefined) resolve({ url, token, stderr, stop: () => child.kill('SIGTERM') });
    });
  });
}
