/**
 * The server's content-addressed diffs (ComparisonMemo in src/registry/_changes.ts): a comparison
 * computed once per pair of document hashes gives every caller exactly what a fresh comparison
 * with its own service@version names gives, findings, locations, witnesses and errors included.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Comparer, ComparisonMemo, type StoredContract } from '../../src/registry/_changes.js';
import { V1, V2, V3 } from './_contracts.js';

const root = new URL('../..', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function stored(service: string, version: string, text: string): StoredContract {
  return { service, version, text, hash: createHash('sha256').update(text).digest('hex') };
}

const PAIRS: Array<[string, string, string]> = [
  ['petstore example', read('examples/petstore/base.yaml'), read('examples/petstore/revision.yaml')],
  ['shop 1.0.0 -> 2.0.0', V1.text, V3.text],
  ['shop 1.1.0 -> 1.0.0', V2.text, V1.text],
];

describe('ComparisonMemo', () => {
  it.each(PAIRS)(
    '%s: the same result as a fresh comparison, under any names',
    async (_name, baseText, revisionText) => {
      const memo = new ComparisonMemo();
      for (const [service, from, to] of [
        ['orders', '1.0.0', '2.0.0'],
        ['billing', '3.1.4', '3.2.0-rc.1'],
        ['we"ird\\name', 'a@b', '1.0.0'],
      ]) {
        const base = stored(service!, from!, baseText);
        const revision = stored(service!, to!, revisionText);
        const fresh = JSON.parse(JSON.stringify(await new Comparer('/tmp', undefined).compare(base, revision)));
        const reused = await new Comparer('/tmp', undefined, memo).compare(base, revision);
        expect(reused).toEqual(fresh);
        expect(JSON.stringify(reused)).not.toContain('\u0001');
      }
      // Three callers, one computation.
      expect(memo.comparisons.size).toBe(1);
    },
  );

  it('the petstore example keeps its breaking findings, locations and witnesses', async () => {
    const [, baseText, revisionText] = PAIRS[0]!;
    const memo = new ComparisonMemo();
    const base = stored('petstore', '1.0.0', baseText);
    const revision = stored('petstore', '1.1.0', revisionText);
    await new Comparer('/tmp', undefined, memo).compare(base, revision);
    const { result, blocked } = await new Comparer('/tmp', undefined, memo).compare(base, revision);
    expect(blocked).toBe(true);
    expect(result.base).toBe('petstore@1.0.0');
    expect(result.revision).toBe('petstore@1.1.0');
    expect(result.summary.breaking).toBeGreaterThan(0);
    expect(result.findings.every((finding) => /^petstore@1\.[01]\.0$/.test(finding.location.file))).toBe(true);
    expect(result.findings.some((finding) => finding.witness !== undefined)).toBe(true);
  });

  it('an error names the documents as the caller knows them, and is not kept', async () => {
    const cyclic = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/a': { $ref: '#/paths/~1a' } },
    });
    const memo = new ComparisonMemo();
    const base = stored('shop', '1.0.0', V1.text);
    const revision = stored('shop', '9.9.9', cyclic);
    const fresh = await new Comparer('/tmp', undefined).compare(base, revision).catch((error: Error) => error.message);
    const reused = await new Comparer('/tmp', undefined, memo)
      .compare(base, revision)
      .catch((error: Error) => error.message);
    expect(typeof fresh).toBe('string');
    expect(reused).toBe(fresh);
    expect(reused).toContain('shop@9.9.9');
    expect(memo.comparisons.size).toBe(0);
  });

  it('keeps parsed contracts within its byte budget, counted by their text', async () => {
    const memo = new ComparisonMemo({ contractBytes: V1.text.length + V3.text.length });
    await new Comparer('/tmp', undefined, memo).compare(stored('shop', '1', V1.text), stored('shop', '2', V3.text));
    expect(memo.contracts.size).toBe(2);
    const [, big] = PAIRS[0]!;
    await new Comparer('/tmp', undefined, memo).compare(stored('pet', '1', big), stored('pet', '2', big));
    expect(memo.contracts.calculatedSize).toBeLessThanOrEqual(V1.text.length + V3.text.length);
  });
});
