/**
 * Parsing in a worker thread (src/load/parse-parallel.ts) gives exactly what `parseSource` gives on
 * the main thread: the same values (aliases still shared, merge keys applied, key spellings kept)
 * and the very same errors. The worker script is the compiled one in dist/ (built by the global
 * setup), as the CLI runs it from the bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { type ParsedDocument, parseSource, parseSourcesSettled, type Source } from '../../src/load/index.js';
import { temporaryFolder } from './helpers.js';

const WORKER = new URL('../../dist/load/parse-worker.js', import.meta.url);
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'history', 'openai');

const source = (text: string, uri = 'api.yaml'): Source => ({ uri, displayName: uri, text });

/** What parseSource gives on this thread: the document, or the error it throws. */
function onThisThread(input: Source, role: string): ParsedDocument | Error {
  try {
    return parseSource(input, role);
  } catch (error) {
    return error as Error;
  }
}

/** The revision parsed in a worker (every text is large enough with minChars 0). */
async function inWorker(revision: Source, workerUrl = WORKER): Promise<PromiseSettledResult<ParsedDocument>> {
  const base = source('openapi: 3.1.0\n');
  const [, result] = await parseSourcesSettled(
    [
      { source: base, role: 'base' },
      { source: revision, role: 'revision' },
    ],
    { workers: true, minChars: 0, workerUrl },
  );
  return result;
}

async function expectSameAsThisThread(revision: Source): Promise<void> {
  const expected = onThisThread(revision, 'revision');
  const result = await inWorker(revision);
  if (expected instanceof Error) {
    expect(result.status).toBe('rejected');
    const reason = (result as PromiseRejectedResult).reason as AppError;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason.message).toBe(expected.message);
    expect(reason.code).toBe((expected as AppError).code);
    return;
  }
  expect(result.status).toBe('fulfilled');
  const document = (result as PromiseFulfilledResult<ParsedDocument>).value;
  expect(document.root).toStrictEqual(expected.root);
  expect(Object.keys(document.root as object)).toEqual(Object.keys(expected.root as object));
  expect(document.format).toBe(expected.format);
  expect(document.source).toEqual(expected.source);
  expect(document.shared?.size).toBe(expected.shared?.size);
  expect(document.locate('/paths')).toEqual(expected.locate('/paths'));
}

describe('parseSourcesSettled in a worker thread', () => {
  it('sends the second large YAML text to the worker and keeps the first on this thread', async () => {
    // A stand-in worker that answers with a marker value shows which input it received.
    const folder = await temporaryFolder();
    try {
      const marker = join(folder.path, 'marker-worker.mjs');
      writeFileSync(
        marker,
        "import { parentPort, workerData } from 'node:worker_threads';\n" +
          "parentPort.postMessage({ ok: true, root: { from: 'worker', role: workerData.role }, format: 'yaml', shared: new Set() });\n",
      );
      const inputs = [
        { source: source('a: 1\n', 'a.yaml'), role: 'base' },
        { source: source('{"b": 1}', 'b.json'), role: 'json' },
        { source: source('c: 1\n', 'c.yaml'), role: 'revision' },
      ];
      const url = new URL(`file://${marker}`);
      const results = await parseSourcesSettled(inputs, { workers: true, minChars: 0, workerUrl: url });
      const roots = results.map((result) => (result as PromiseFulfilledResult<ParsedDocument>).value.root);
      expect(roots).toEqual([{ a: 1 }, { b: 1 }, { from: 'worker', role: 'revision' }]);
      // Below the size threshold, or with workers off, everything stays on this thread.
      const small = await parseSourcesSettled(inputs, { workers: true, workerUrl: url });
      expect(small.map((result) => (result as PromiseFulfilledResult<ParsedDocument>).value.root)).toEqual([
        { a: 1 },
        { b: 1 },
        { c: 1 },
      ]);
      const off = await parseSourcesSettled(inputs, { workers: false, minChars: 0, workerUrl: url });
      expect((off[2] as PromiseFulfilledResult<ParsedDocument>).value.root).toEqual({ c: 1 });
    } finally {
      await folder.remove();
    }
  });

  it("gives OpenAI's 2.8 MB document exactly as this thread parses it", async () => {
    const text = readFileSync(join(CORPUS, '01-ef05a7d18e.yaml'), 'utf8');
    await expectSameAsThisThread(source(text, 'openai.yaml'));
  });

  it('keeps aliases shared, merge keys applied and plain key spellings', async () => {
    const text = [
      'openapi: 3.1.0',
      'one: &one {a: 1, b: 1}',
      'two: &two {b: 2, c: 2}',
      'merged:',
      '  <<: [*one, *two]',
      '  c: 3',
      'shared: &s {type: string}',
      'again: *s',
      'keys: {1.0: a, 0x1F: b, ~: c, True: d, 200: e, "300": f, __proto__: g}',
      'numbers: [-0, 1e3, 0o17, 0x1F]',
      '',
    ].join('\n');
    await expectSameAsThisThread(source(text));
    const result = await inWorker(source(text));
    const document = (result as PromiseFulfilledResult<ParsedDocument>).value;
    const root = document.root as Record<string, unknown>;
    expect(root.again).toBe(root.shared);
    // Merged mappings are copied key by key; only the alias makes a node appear twice.
    expect(document.shared?.size).toBe(1);
    expect([...(document.shared ?? [])][0]).toBe(root.shared);
    expect(root.merged).toEqual({ c: 3, a: 1, b: 1 });
    expect(Object.is((root.numbers as number[])[0], -0)).toBe(true);
    expect(Object.keys(root.keys as object)).toEqual(['200', '300', '1.0', '0x1F', '~', 'True', '__proto__']);
  });

  it('drops a byte order mark, as parseSource does', async () => {
    await expectSameAsThisThread(source('\ufeffopenapi: 3.1.0\npaths: {}\n'));
  });

  it.each([
    ['invalid YAML', 'openapi: 3.1.0\npaths: [\n'],
    ['a duplicated key', 'openapi: 3.1.0\npaths: {}\npaths: {}\n'],
    ['nesting beyond the depth limit', `openapi: 3.1.0\nx: ${'['.repeat(1500)}${']'.repeat(1500)}\n`],
    ['an alias cycle', 'openapi: 3.1.0\nx: &a {b: *a}\n'],
    [
      'alias expansion beyond the limit',
      `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, index) => `a${index + 1}: &a${index + 1} [${Array(10).fill(`*a${index}`).join(', ')}]`).join('\n')}\n`,
    ],
    ['a merge key holding a scalar', 'openapi: 3.1.0\nx: {<<: 3}\n'],
    ['a non-finite number', 'openapi: 3.1.0\nx: [1, .nan]\n'],
    ['a second document', 'openapi: 3.1.0\n---\nb: 1\n'],
    ['an empty text', '  \n'],
    ['a list at the top level', '- a\n'],
    ['JSON-looking text that is neither', '{"a": 1,, }\n'],
  ])('reports %s with the very error of this thread', async (_name, text) => {
    const expected = onThisThread(source(text), 'revision');
    expect(expected).toBeInstanceOf(AppError);
    await expectSameAsThisThread(source(text));
  });

  it('parses on this thread when the worker crashes or cannot start', async () => {
    const folder = await temporaryFolder();
    try {
      const crash = join(folder.path, 'crash-worker.mjs');
      writeFileSync(crash, "throw new Error('boom');\n");
      const text = 'openapi: 3.1.0\npaths: {}\n';
      const crashed = await inWorker(source(text), new URL(`file://${crash}`));
      expect((crashed as PromiseFulfilledResult<ParsedDocument>).value.root).toEqual({ openapi: '3.1.0', paths: {} });
      const missing = await inWorker(source(text), new URL(`file://${join(folder.path, 'missing.mjs')}`));
      expect((missing as PromiseFulfilledResult<ParsedDocument>).value.root).toEqual({ openapi: '3.1.0', paths: {} });
      const broken = await inWorker(source('a: [\n'), new URL(`file://${crash}`));
      expect(((broken as PromiseRejectedResult).reason as Error).message).toBe(
        (onThisThread(source('a: [\n'), 'revision') as Error).message,
      );
    } finally {
      await folder.remove();
    }
  });
});
