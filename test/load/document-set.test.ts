import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentSet, type ParsedDocument, parseSource, readSource } from '../../src/load/index.js';
import { caught, FIXTURES, temporaryFolder } from './helpers.js';

const REFS = join(FIXTURES, 'refs');
const RESPONSE_200 = '/paths/~1pets/get/responses/200/content/application~1json/schema';

async function loadRoot(spec: string, cwd: string, options: { fetch?: typeof fetch } = {}): Promise<ParsedDocument> {
  return parseSource(await readSource(spec, { role: 'base', cwd, ...options }), 'base');
}

describe('DocumentSet with local files', () => {
  let root: ParsedDocument;
  let documents: DocumentSet;
  beforeAll(async () => {
    root = await loadRoot('api.yaml', REFS);
    documents = new DocumentSet(root, { allowExternalRefs: false, cwd: REFS, role: 'base' });
  });

  it('resolves an internal pointer', () => {
    const target = documents.resolve('#/components/responses/NotFound', {
      doc: root,
      pointer: '/paths/~1pets/get/responses/404',
    });
    expect(target).toEqual({
      doc: root,
      pointer: '/components/responses/NotFound',
      value: { description: 'Not found' },
    });
  });

  it('loads a relative file once, names it relative to the root folder, and resolves its own refs', () => {
    const pet = documents.resolve('schemas/pet.yaml#/Pet', { doc: root, pointer: RESPONSE_200 });
    expect(pet.pointer).toBe('/Pet');
    expect(pet.doc.source).toMatchObject({ displayName: 'schemas/pet.yaml', uri: join(REFS, 'schemas', 'pet.yaml') });
    expect(pet.value).toMatchObject({ type: 'object' });
    expect(documents.resolve('schemas/pet.yaml', { doc: root, pointer: '/components/schemas/My Pet' }).doc).toBe(
      pet.doc,
    );

    const owner = documents.resolve('../nested/owner.json#/Owner', { doc: pet.doc, pointer: '/Pet/properties/owner' });
    expect(owner.doc.source.displayName).toBe('nested/owner.json');
    expect(owner.doc.format).toBe('json');
    expect(owner.doc.locate('/Owner/properties/name')).toEqual({ line: 2, column: 46 });

    const tag = documents.resolve('#/Tag', { doc: pet.doc, pointer: '/Pet/properties/tag' });
    expect(tag).toMatchObject({ doc: pet.doc, pointer: '/Tag', value: { type: 'string' } });
    expect(documents.loaded.map((doc) => doc.source.displayName)).toEqual([
      'api.yaml',
      'schemas/pet.yaml',
      'nested/owner.json',
    ]);
  });

  it('returns a target that is itself a $ref without following it', () => {
    const target = documents.resolve('#/components/responses/Chained', { doc: root, pointer: '/x' });
    expect(target.value).toEqual({ $ref: '#/components/responses/NotFound' });
  });

  it('decodes percent-encoded fragments', () => {
    const target = documents.resolve('#/components/schemas/My%20Pet', { doc: root, pointer: '/x' });
    expect(target.pointer).toBe('/components/schemas/My Pet');
  });

  it('reports a missing target', async () => {
    const error = await caught(() =>
      documents.resolve('#/components/schemas/Missing', { doc: root, pointer: RESPONSE_200 }),
    );
    expect(error.message).toBe(
      `Could not resolve $ref "#/components/schemas/Missing" used at ${RESPONSE_200} in api.yaml: no such target; expected a pointer to an existing node. Fix the reference; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'REF_UNRESOLVED', retryable: false, exitCode: 2 });
  });

  it('reports a missing file', async () => {
    const error = await caught(() =>
      documents.resolve('schemas/missing.yaml#/X', { doc: root, pointer: RESPONSE_200 }),
    );
    expect(error.message).toBe(
      `Could not resolve $ref "schemas/missing.yaml#/X" used at ${RESPONSE_200} in api.yaml: file not found; expected an existing file at "schemas/missing.yaml". Fix the reference; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'REF_UNRESOLVED' });
  });

  it('reports a fragment that is not a JSON pointer', async () => {
    const error = await caught(() => documents.resolve('#Pet', { doc: root, pointer: '/x' }));
    expect(error.message).toContain(
      ': "#Pet" is not a JSON pointer; expected a pointer like #/components/schemas/Name.',
    );
  });

  it('refuses files outside the root folder unless allowed', async () => {
    const error = await caught(() =>
      documents.resolve('../outside.yaml#/Outside', { doc: root, pointer: RESPONSE_200 }),
    );
    expect(error.message).toBe(
      `$ref "../outside.yaml#/Outside" used at ${RESPONSE_200} in api.yaml points outside the spec's folder ${REFS}; expected a file under that folder. Pass --allow-external-refs to allow it; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'REF_OUTSIDE_ROOT', retryable: false });

    const allowed = new DocumentSet(root, { allowExternalRefs: true, cwd: REFS, role: 'base' });
    const target = allowed.resolve('../outside.yaml#/Outside', { doc: root, pointer: RESPONSE_200 });
    expect(target.value).toEqual({ type: 'string' });
    expect(target.doc.source.displayName).toBe('../outside.yaml');
  });

  it('refuses remote URLs unless allowed', async () => {
    const error = await caught(() => documents.resolve('https://x/y.yaml', { doc: root, pointer: RESPONSE_200 }));
    expect(error.message).toBe(
      `$ref "https://x/y.yaml" used at ${RESPONSE_200} in api.yaml is a remote URL; expected a local reference. Pass --allow-external-refs to fetch it; retrying will not help.`,
    );
    expect(error).toMatchObject({ code: 'REF_REMOTE_BLOCKED' });
  });

  it('does not let a symbolic link lead out of the folder', async () => {
    const folder = await temporaryFolder();
    try {
      await mkdir(join(folder.path, 'spec'));
      await writeFile(join(folder.path, 'secret.yaml'), 'Secret: {type: string}\n');
      await symlink(join(folder.path, 'secret.yaml'), join(folder.path, 'spec', 'link.yaml'));
      await writeFile(join(folder.path, 'spec', 'api.yaml'), 'openapi: 3.0.3\n');
      const linkedRoot = await loadRoot('spec/api.yaml', folder.path);
      const linked = new DocumentSet(linkedRoot, { allowExternalRefs: false, cwd: folder.path, role: 'base' });
      const error = await caught(() => linked.resolve('link.yaml#/Secret', { doc: linkedRoot, pointer: '/x' }));
      expect(error).toMatchObject({ code: 'REF_OUTSIDE_ROOT' });
    } finally {
      await folder.remove();
    }
  });

  it('resolves relative references of a stdin document against cwd', async () => {
    const source = await readSource('-', { role: 'base', cwd: REFS, readStdin: async () => 'openapi: 3.0.3\n' });
    const stdinRoot = parseSource(source, 'base');
    const fromStdin = new DocumentSet(stdinRoot, { allowExternalRefs: false, cwd: REFS, role: 'base' });
    expect(fromStdin.resolve('schemas/pet.yaml#/Tag', { doc: stdinRoot, pointer: '/x' }).value).toEqual({
      type: 'string',
    });
  });
});

describe('DocumentSet with remote documents', () => {
  let server: Server;
  let origin: string;
  const files: Record<string, string> = {
    '/specs/api.yaml':
      'openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: "schemas/pet.yaml#/Pet"}\n    Broken: {$ref: "busy.yaml"}\n',
    '/specs/schemas/pet.yaml': 'Pet:\n  properties:\n    owner: {$ref: "../common/owner.yaml#/Owner"}\n',
    '/specs/common/owner.yaml': 'Owner: {type: object}\n',
    '/elsewhere/common.yaml': 'Common: {type: string}\n',
  };
  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = files[request.url ?? ''];
      if (body !== undefined) response.writeHead(200).end(body);
      else if (request.url === '/specs/busy.yaml') response.writeHead(503).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('preloads references under the root URL and resolves them synchronously', async () => {
    const root = await loadRoot(`${origin}/specs/api.yaml`, '/');
    const documents = new DocumentSet(root, { allowExternalRefs: false, cwd: '/', role: 'base' });
    await documents.preload();
    const pet = documents.resolve('schemas/pet.yaml#/Pet', { doc: root, pointer: '/components/schemas/Pet' });
    expect(pet.doc.source.displayName).toBe('schemas/pet.yaml');
    const owner = documents.resolve('../common/owner.yaml#/Owner', { doc: pet.doc, pointer: '/Pet/properties/owner' });
    expect(owner).toMatchObject({ pointer: '/Owner', value: { type: 'object' } });
    expect(owner.doc.source.displayName).toBe('common/owner.yaml');
  });

  it('keeps a failed fetch until the reference is used', async () => {
    const root = await loadRoot(`${origin}/specs/api.yaml`, '/');
    const documents = new DocumentSet(root, { allowExternalRefs: false, cwd: '/', role: 'base' });
    await documents.preload();
    const error = await caught(() =>
      documents.resolve('busy.yaml', { doc: root, pointer: '/components/schemas/Broken' }),
    );
    expect(error.message).toBe(
      `Could not fetch $ref "busy.yaml": HTTP 503; expected 200. Temporary; retrying may help.`,
    );
    expect(error).toMatchObject({ code: 'LOAD_FETCH_FAILED', retryable: true });
  });

  it('fetches remote references from a local root only with allowExternalRefs', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFile(
        join(folder.path, 'api.yaml'),
        `openapi: 3.0.3\nx: {$ref: "${origin}/elsewhere/common.yaml#/Common"}\n`,
      );
      const root = await loadRoot('api.yaml', folder.path);
      const blocked = new DocumentSet(root, { allowExternalRefs: false, cwd: folder.path, role: 'base' });
      await blocked.preload();
      expect(
        (await caught(() => blocked.resolve(`${origin}/elsewhere/common.yaml#/Common`, { doc: root, pointer: '/x' })))
          .code,
      ).toBe('REF_REMOTE_BLOCKED');

      const allowed = new DocumentSet(root, { allowExternalRefs: true, cwd: folder.path, role: 'base' });
      await allowed.preload();
      const target = allowed.resolve(`${origin}/elsewhere/common.yaml#/Common`, { doc: root, pointer: '/x' });
      expect(target.value).toEqual({ type: 'string' });
      expect(target.doc.source.displayName).toBe(`${origin}/elsewhere/common.yaml`);
    } finally {
      await folder.remove();
    }
  });

  it('says so when resolve runs before preload', async () => {
    const root = await loadRoot(`${origin}/specs/api.yaml`, '/');
    const documents = new DocumentSet(root, { allowExternalRefs: false, cwd: '/', role: 'base' });
    const error = await caught(() =>
      documents.resolve('schemas/pet.yaml#/Pet', { doc: root, pointer: '/components/schemas/Pet' }),
    );
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(error.message).toContain('was not loaded; expected DocumentSet.preload() to run before resolve().');
  });
});

describe('DocumentSet with a git revision', () => {
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
    git('init', '--quiet');
    await mkdir(join(folder.path, 'api', 'schemas'), { recursive: true });
    await writeFile(join(folder.path, 'api', 'openapi.yaml'), 'openapi: 3.0.3\nx: {$ref: "schemas/pet.yaml#/Pet"}\n');
    await writeFile(join(folder.path, 'api', 'schemas', 'pet.yaml'), 'Pet: {type: object}\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'first');
    await writeFile(join(folder.path, 'api', 'schemas', 'pet.yaml'), 'Pet: {type: string}\n');
  });
  afterAll(() => folder.remove());

  it('reads referenced files from the same revision', async () => {
    for (const [spec, cwd] of [
      ['git:HEAD:api/openapi.yaml', folder.path],
      ['git:HEAD:./openapi.yaml', join(folder.path, 'api')],
    ]) {
      const root = await loadRoot(spec, cwd);
      const documents = new DocumentSet(root, { allowExternalRefs: false, cwd, role: 'base' });
      await documents.preload();
      const pet = documents.resolve('schemas/pet.yaml#/Pet', { doc: root, pointer: '/x' });
      expect(pet.value).toEqual({ type: 'object' });
      expect(pet.doc.source.displayName).toBe('schemas/pet.yaml');
    }
  });
});
