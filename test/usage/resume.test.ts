/**
 * The offset bookkeeping a storage layer builds on: a file read to its last complete line, then
 * grown, then read again from the stored offset, counts every line exactly once.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintLogFile, ingestStream, openLogFile, Router, routesFromOpenApi } from '../../src/usage/index.js';

const contract = JSON.parse(
  readFileSync(new URL('../../examples/fastapi-shop/openapi-pydantic2/v1.json', import.meta.url), 'utf8'),
);
const router = new Router(routesFromOpenApi(contract));
const sample = readFileSync(new URL('../fixtures/usage/nginx.log', import.meta.url), 'utf8');
const expected = JSON.parse(readFileSync(new URL('../fixtures/usage/nginx.expected.json', import.meta.url), 'utf8'));

let folder = '';
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('resuming a growing log', () => {
  it('reads up to the last newline, leaves a half-written line, and resumes from the offset', async () => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-usage-resume-'));
    const path = join(folder, 'access.log');
    const cut = sample.indexOf('\n', Math.floor(sample.length / 2)) + 40; // mid-line
    writeFileSync(path, sample.slice(0, cut));
    const fingerprint = await fingerprintLogFile(path);

    const first = await ingestStream(await openLogFile(path), { router, defaultTime: 0, partialLastLine: 'leave' });
    expect(first.endOffset).toBe(Buffer.byteLength(sample.slice(0, sample.lastIndexOf('\n', cut) + 1)));

    appendFileSync(path, sample.slice(cut));
    // Same content at the start: the same file, grown.
    expect(await fingerprintLogFile(path)).toEqual(fingerprint);
    const second = await ingestStream(await openLogFile(path, { startOffset: first.endOffset }), {
      router,
      defaultTime: 0,
      startOffset: first.endOffset,
      startLine: first.summary.lines + 1,
      partialLastLine: 'leave',
    });
    expect(second.endOffset).toBe(Buffer.byteLength(sample));
    expect(first.summary.lines + second.summary.lines).toBe(expected.lines);
    expect(first.summary.matched + second.summary.matched).toBe(expected.matched);
    expect(first.summary.unparseable.first?.lineNumber ?? second.summary.unparseable.first?.lineNumber).toBe(
      expected.firstUnparseableLine,
    );
    const count = (cells: Array<{ count: number }>): number => cells.reduce((sum, cell) => sum + cell.count, 0);
    expect(count(first.cells) + count(second.cells)).toBe(expected.matched);
  });
});
