import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSource, readSource } from '../../src/load/index.js';
import { fileReadError } from '../../src/load/read-source.js';
import { caught, temporaryFolder } from './helpers.js';

const API_YAML = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n';

describe('readSource from files', () => {
  let folder: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    folder = await temporaryFolder();
    await mkdir(join(folder.path, 'specs'));
    await writeFile(join(folder.path, 'specs', 'api.yaml'), API_YAML);
    await writeFile(join(folder.path, 'specs', 'api.json'), '\uFEFF{"openapi": "3.0.3"}');
    await writeFile(join(folder.path, 'specs', 'openapi'), '{"openapi": "3.1.0"}');
  });
  afterAll(() => folder.remove());

  it('reads a path relative to cwd, with the folder as baseDir', async () => {
    const source = await readSource('specs/api.yaml', { role: 'base', cwd: folder.path });
    expect(source).toEqual({
      uri: join(folder.path, 'specs', 'api.yaml'),
      displayName: 'specs/api.yaml',
      baseDir: join(folder.path, 'specs'),
      text: API_YAML,
    });
  });

  it('drops a byte order mark and sniffs a file without extension', async () => {
    expect((await readSource('specs/api.json', { role: 'base', cwd: folder.path })).text).toBe('{"openapi": "3.0.3"}');
    const source = await readSource('specs/openapi', { role: 'base', cwd: folder.path });
    expect(parseSource(source, 'base')).toMatchObject({ format: 'json', root: { openapi: '3.1.0' } });
  });

  it('reports a missing file', async () => {
    const error = await caught(() => readSource('specs/missing.yaml', { role: 'revision', cwd: folder.path }));
    expect(error.message).toBe(
      'Could not read revision spec "specs/missing.yaml": file not found; expected a path to an OpenAPI file (.json, .yaml or .yml). Fix the path; retrying will not help.',
    );
    expect(error).toMatchObject({ code: 'LOAD_NOT_FOUND', retryable: false, exitCode: 2 });
  });

  it('reports a directory', async () => {
    const error = await caught(() => readSource('specs', { role: 'base', cwd: folder.path }));
    expect(error.message).toBe(
      'Could not read base spec "specs": it is a directory; expected a readable file. Fix the path or permissions; retrying will not help.',
    );
    expect(error).toMatchObject({ code: 'LOAD_UNREADABLE', retryable: false });
  });

  it('reports permission denied', () => {
    // Root reads any file, so the mapping is checked directly.
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fileReadError(denied, 'api.yaml', 'base').message).toBe(
      'Could not read base spec "api.yaml": permission denied; expected a readable file. Fix the path or permissions; retrying will not help.',
    );
  });
});

describe('readSource from stdin', () => {
  it('reads - through the injected reader', async () => {
    const source = await readSource('-', { role: 'revision', cwd: '/', readStdin: async () => API_YAML });
    expect(source).toEqual({ uri: '-', displayName: '-', text: API_YAML });
    expect(source.baseDir).toBeUndefined();
  });

  it('reports empty standard input when parsed', async () => {
    const source = await readSource('-', { role: 'revision', cwd: '/', readStdin: async () => '' });
    expect(() => parseSource(source, 'revision')).toThrow(
      'Could not parse revision spec "-": the file is empty; expected an OpenAPI document in YAML or JSON. Fix the file; retrying will not help.',
    );
  });
});

describe('readSource from URLs', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/api.yaml') {
        response.writeHead(200, { 'content-type': 'application/yaml' }).end(API_YAML);
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: '/v2/api.yaml' }).end();
      } else if (request.url === '/v2/api.yaml') {
        response.writeHead(200).end(API_YAML);
      } else if (request.url === '/busy') {
        response.writeHead(503).end('busy');
      } else {
        response.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches a document, with the URL as baseDir', async () => {
    const source = await readSource(`${origin}/api.yaml`, { role: 'base', cwd: '/' });
    expect(source).toEqual({
      uri: `${origin}/api.yaml`,
      displayName: `${origin}/api.yaml`,
      baseDir: `${origin}/api.yaml`,
      text: API_YAML,
    });
  });

  it('resolves later references against the URL after redirects', async () => {
    const source = await readSource(`${origin}/moved`, { role: 'base', cwd: '/' });
    expect(source).toMatchObject({
      uri: `${origin}/v2/api.yaml`,
      displayName: `${origin}/moved`,
      baseDir: `${origin}/v2/api.yaml`,
    });
  });

  it('reports 404 as final', async () => {
    const error = await caught(() => readSource(`${origin}/missing.yaml`, { role: 'base', cwd: '/' }));
    expect(error.message).toBe(
      `Could not fetch base spec "${origin}/missing.yaml": HTTP 404; expected 200. Fix the URL; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'LOAD_FETCH_FAILED', retryable: false, exitCode: 2 });
  });

  it('reports 503 as temporary', async () => {
    const error = await caught(() => readSource(`${origin}/busy`, { role: 'revision', cwd: '/' }));
    expect(error.message).toBe(
      `Could not fetch revision spec "${origin}/busy": HTTP 503; expected 200. Temporary; retrying may help.`,
    );
    expect(error).toMatchObject({ code: 'LOAD_FETCH_FAILED', retryable: true });
  });

  it('reports a refused connection as temporary', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await caught(() => readSource(`http://127.0.0.1:${port}/api.yaml`, { role: 'base', cwd: '/' }));
    expect(error.message).toBe(
      `Could not fetch base spec "http://127.0.0.1:${port}/api.yaml": fetch failed (connect ECONNREFUSED 127.0.0.1:${port}); expected a reachable URL. Temporary; retrying may help.`,
    );
    expect(error).toMatchObject({ code: 'LOAD_FETCH_FAILED', retryable: true });
  });

  it('reports a timeout as temporary', async () => {
    const timingOut: typeof fetch = async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    };
    const error = await caught(() =>
      readSource('https://example.test/api.yaml', { role: 'base', cwd: '/', fetch: timingOut }),
    );
    expect(error.message).toBe(
      'Could not fetch base spec "https://example.test/api.yaml": no response within 30 s; expected a reachable URL. Temporary; retrying may help.',
    );
  });
});

describe('readSource from git', () => {
  let folder: { path: string; remove: () => Promise<void> };
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: folder.path,
        stdio: 'pipe',
      },
    );

  beforeAll(async () => {
    folder = await temporaryFolder();
    git('init', '--quiet', '--initial-branch=trunk');
    await mkdir(join(folder.path, 'api', 'schemas'), { recursive: true });
    await writeFile(join(folder.path, 'api.yaml'), 'openapi: 3.0.0\n');
    await writeFile(join(folder.path, 'api', 'openapi.yaml'), 'openapi: 3.0.0\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'first');
    await writeFile(join(folder.path, 'api.yaml'), 'openapi: 3.1.0\n');
    await writeFile(join(folder.path, 'api', 'schemas', 'pet.yaml'), 'Pet: {type: object}\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'second');
    await writeFile(join(folder.path, 'api.yaml'), 'openapi: 9.9.9 # not committed\n');
  });
  afterAll(() => folder.remove());

  it('reads a path at a revision, relative to the repository root', async () => {
    const head = await readSource('git:HEAD:api.yaml', { role: 'revision', cwd: folder.path });
    expect(head).toEqual({
      uri: 'git:HEAD:api.yaml',
      displayName: 'git:HEAD:api.yaml',
      baseDir: 'git:HEAD:',
      text: 'openapi: 3.1.0\n',
    });
    const previous = await readSource('git:HEAD~1:api.yaml', { role: 'base', cwd: folder.path });
    expect(previous.text).toBe('openapi: 3.0.0\n');
  });

  it('reads ./PATH relative to cwd, keeping baseDir in the same revision', async () => {
    const source = await readSource('git:trunk:./openapi.yaml', { role: 'base', cwd: join(folder.path, 'api') });
    expect(source).toMatchObject({
      uri: 'git:trunk:./openapi.yaml',
      baseDir: 'git:trunk:./',
      text: 'openapi: 3.0.0\n',
    });
    const sibling = await readSource('git:trunk:./schemas/../schemas/pet.yaml', {
      role: '$ref',
      cwd: join(folder.path, 'api'),
    });
    expect(sibling).toMatchObject({ uri: 'git:trunk:./schemas/pet.yaml', baseDir: 'git:trunk:./schemas/' });
    const nested = await readSource('git:HEAD:api/schemas/pet.yaml', { role: '$ref', cwd: folder.path });
    expect(nested.baseDir).toBe('git:HEAD:api/schemas/');
  });

  it('reports an unknown revision with git’s words', async () => {
    const error = await caught(() => readSource('git:main:api.yaml', { role: 'base', cwd: folder.path }));
    expect(error.message).toBe(
      `Could not read base spec "git:main:api.yaml": git says "fatal: invalid object name 'main'"; expected an existing revision and path in this git repository. Fix the revision or path; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'LOAD_GIT_FAILED', retryable: false, exitCode: 2 });
  });

  it('reports a path missing at that revision', async () => {
    const error = await caught(() => readSource('git:HEAD~1:api/schemas/pet.yaml', { role: 'base', cwd: folder.path }));
    expect(error.message).toBe(
      `Could not read base spec "git:HEAD~1:api/schemas/pet.yaml": git says "fatal: path 'api/schemas/pet.yaml' exists on disk, but not in 'HEAD~1'"; expected an existing revision and path in this git repository. Fix the revision or path; retrying will not help.`,
    );
  });

  it('reports a folder given as the path', async () => {
    const error = await caught(() => readSource('git:HEAD:api', { role: 'base', cwd: folder.path }));
    expect(error.message).toBe(
      'Could not read base spec "git:HEAD:api": it is a directory; expected a readable file. Fix the path or permissions; retrying will not help.',
    );
    expect(error).toMatchObject({ code: 'LOAD_UNREADABLE' });
  });

  it('reports a folder outside any repository', async () => {
    const outside = await temporaryFolder();
    try {
      const error = await caught(() => readSource('git:HEAD:api.yaml', { role: 'base', cwd: outside.path }));
      expect(error.message).toMatch(
        /^Could not read base spec "git:HEAD:api.yaml": git says "fatal: not a git repository \(or any of the parent directories\): \.git"; expected an existing revision/,
      );
      expect(error).toMatchObject({ code: 'LOAD_GIT_FAILED' });
    } finally {
      await outside.remove();
    }
  });

  it('refuses a malformed git spec and a revision that git would read as an option', async () => {
    expect((await caught(() => readSource('git:HEAD', { role: 'base', cwd: folder.path }))).message).toBe(
      'Could not read base spec "git:HEAD": no revision or no path; expected git:REV:PATH, for example git:main:openapi.yaml. Fix the spec; retrying will not help.',
    );
    expect(
      (await caught(() => readSource('git:--output=x:api.yaml', { role: 'base', cwd: folder.path }))).message,
    ).toContain(': a revision starting with "-"; expected git:REV:PATH');
  });
});
