/**
 * Each format, parsed from the committed sample logs (scripts/generate-sample-logs.js), must give
 * exactly the counts the generator recorded in `<format>.expected.json`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  fingerprintLogFile,
  type IngestSummary,
  ingestStream,
  mergeCells,
  openLogFile,
  Router,
  routesFromOpenApi,
  type StreamIngestOptions,
  type UsageCell,
} from '../../src/usage/index.js';

const fixtures = new URL('../fixtures/usage/', import.meta.url);
const contract = JSON.parse(
  readFileSync(new URL('../../examples/fastapi-shop/openapi-pydantic2/v1.json', import.meta.url), 'utf8'),
);
const router = new Router(routesFromOpenApi(contract));
const defaultTime = Date.UTC(2026, 0, 6, 9, 30);

interface Expected {
  lines: number;
  blank: number;
  unparseable: number;
  firstUnparseableLine: number;
  unmatched: { path: number; method: number };
  matched: number;
  byOperation: Record<string, number>;
  byClient: Record<string, number>;
  byStatusClass: Record<string, number>;
  byHour: Record<string, number>;
}

function expectedFor(format: string): Expected {
  return JSON.parse(readFileSync(new URL(`${format}.expected.json`, fixtures), 'utf8'));
}

function totals(cells: UsageCell[], keyOf: (cell: UsageCell) => string): Record<string, number> {
  return Object.fromEntries([...mergeCells(cells, keyOf)].map(([key, total]) => [key, total.count]));
}

async function ingestFixture(
  format: string,
  options: Partial<StreamIngestOptions> = {},
): Promise<{ summary: IngestSummary; cells: UsageCell[] }> {
  const stream = await openLogFile(new URL(`${format}.log`, fixtures).pathname);
  return ingestStream(stream, { router, defaultTime, ...options });
}

function checkCounts(summary: IngestSummary, cells: UsageCell[], expected: Expected): void {
  expect(summary.lines).toBe(expected.lines);
  expect(summary.blank).toBe(expected.blank);
  expect(summary.unparseable.count).toBe(expected.unparseable);
  expect(summary.unparseable.first?.lineNumber).toBe(expected.firstUnparseableLine);
  expect(summary.unmatched.byReason).toEqual(expected.unmatched);
  expect(summary.matched).toBe(expected.matched);
  expect(totals(cells, (cell) => cell.operation)).toEqual(expected.byOperation);
  expect(totals(cells, (cell) => cell.statusClass)).toEqual(expected.byStatusClass);
}

describe('committed sample logs', () => {
  it('nginx combined with $request_time: every count, hours from the log, latency in ms', async () => {
    const expected = expectedFor('nginx');
    const { summary, cells } = await ingestFixture('nginx');
    expect(summary.format).toBe('combined');
    expect(summary.capabilities).toEqual({
      timestamp: true,
      duration: true,
      userAgent: true,
      address: true,
      header: false,
    });
    expect(summary.missing).toEqual([]);
    checkCounts(summary, cells, expected);
    expect(totals(cells, (cell) => cell.client)).toEqual(expected.byClient);
    expect(totals(cells, (cell) => new Date(cell.hour).toISOString())).toEqual(expected.byHour);
    expect(summary.unparseable.first?.reason).toBe('request is not "METHOD PATH PROTOCOL"');
    // The generator makes GET /orders/{order_id} ~8x slower (median 120 ms vs 15 ms).
    const latency = mergeCells(cells, (cell) => cell.operation);
    const slow = latency.get('GET /orders/{order_id}')!.latency!.quantile(0.5)!;
    const fast = latency.get('GET /items')!.latency!.quantile(0.5)!;
    expect(slow).toBeGreaterThan(70);
    expect(slow).toBeLessThan(200);
    expect(fast).toBeGreaterThan(7);
    expect(fast).toBeLessThan(30);
    expect(summary.unmatched.top[0]).toEqual({
      request: expect.stringMatching(/^(GET|DELETE|PUT) \//),
      count: expect.any(Number),
    });
  });

  it('gunicorn default format with %(D)s: integer durations read as microseconds', async () => {
    const expected = expectedFor('gunicorn');
    const { summary, cells } = await ingestFixture('gunicorn');
    expect(summary.format).toBe('combined');
    checkCounts(summary, cells, expected);
    expect(totals(cells, (cell) => cell.client)).toEqual(expected.byClient);
    const median = mergeCells(cells, (cell) => cell.operation)
      .get('GET /orders/{order_id}')!
      .latency!.quantile(0.5)!;
    expect(median).toBeGreaterThan(70);
    expect(median).toBeLessThan(200);
  });

  it('forcing "nginx" on the gunicorn log with unit ms reads the same lines with other durations', async () => {
    const { summary, cells } = await ingestFixture('gunicorn', { format: 'nginx', durationUnit: 'ms' });
    expect(summary.matched).toBe(expectedFor('gunicorn').matched);
    const median = mergeCells(cells, (cell) => cell.operation)
      .get('GET /orders/{order_id}')!
      .latency!.quantile(0.5)!;
    expect(median).toBeGreaterThan(70_000);
  });

  it('uvicorn default format: says it has no timestamps, durations or user agents', async () => {
    const expected = expectedFor('uvicorn');
    const { summary, cells } = await ingestFixture('uvicorn');
    expect(summary.format).toBe('uvicorn');
    checkCounts(summary, cells, expected);
    expect(summary.unparseable.first).toEqual({
      lineNumber: 1,
      text: 'INFO:     Started server process [4242]',
      reason: 'no "ADDRESS - " before the request',
    });
    expect(summary.missing).toEqual([
      'no timestamps in this uvicorn log: its lines count in the hour of 2026-01-06T09:30:00.000Z',
      'no durations in this uvicorn log: no latency recorded',
      'no user agents in this uvicorn log: every request counts for client "(unknown)"',
    ]);
    expect(summary.untimed).toBe(expected.matched);
    expect(new Set(cells.map((cell) => cell.hour))).toEqual(new Set([Date.UTC(2026, 0, 6, 9)]));
    expect(totals(cells, (cell) => cell.client)).toEqual(expected.byClient);
    expect(cells.every((cell) => cell.latency === undefined)).toBe(true);
  });

  it('uvicorn log keyed by address: ports dropped, one client per address', async () => {
    const { summary, cells } = await ingestFixture('uvicorn', { client: 'address' });
    expect(summary.missing).toHaveLength(2);
    expect(cells.every((cell) => /^10\.0\.\d+\.\d+$/.test(cell.client))).toBe(true);
    expect(summary.clients).toBe(new Set(cells.map((cell) => cell.client)).size);
  });

  it('JSON lines with default field names, and clients by a logged header', async () => {
    const expected = expectedFor('json');
    const { summary, cells } = await ingestFixture('json');
    expect(summary.format).toBe('json');
    expect(summary.capabilities).toEqual({
      timestamp: true,
      duration: true,
      userAgent: true,
      address: true,
      header: false,
    });
    checkCounts(summary, cells, expected);
    expect(totals(cells, (cell) => cell.client)).toEqual(expected.byClient);
    expect(totals(cells, (cell) => new Date(cell.hour).toISOString())).toEqual(expected.byHour);
    expect(summary.unparseable.first?.reason).toBe('not valid JSON');

    const byHeader = await ingestFixture('json', { client: 'header', jsonFields: { header: 'x_client_id' } });
    const clients = totals(byHeader.cells, (cell) => cell.client);
    expect(Object.keys(clients).sort()).toEqual([
      'android-app',
      'billing-worker',
      'flutter-app',
      'ios-app',
      'ops',
      'web',
    ]);
    expect(clients.web).toBe(expected.byClient.Chrome + expected.byClient.Firefox + expected.byClient.Safari);
  });

  it('reads gzip by its magic bytes and gives the same counts as the plain file', async () => {
    const plain = readFileSync(new URL('nginx.log', fixtures));
    const folder = mkdtempSync(join(tmpdir(), 'holdfast-usage-'));
    try {
      // A rotated file keeps no `.gz` suffix here: the magic bytes decide.
      const rotated = join(folder, 'access.log.1');
      writeFileSync(rotated, gzipSync(plain));
      const fromGzip = await ingestStream(await openLogFile(rotated), { router, defaultTime });
      const fromFile = await ingestFixture('nginx');
      expect(fromGzip.summary).toEqual(fromFile.summary);
      expect(fromGzip.summary.matched).toBe(expectedFor('nginx').matched);
      expect(await fingerprintLogFile(rotated)).toEqual(
        await fingerprintLogFile(new URL('nginx.log', fixtures).pathname),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('hands over cells batch by batch with the byte offset each batch ends at; merged they equal one pass', async () => {
    const text = readFileSync(new URL('nginx.log', fixtures));
    const batches: Array<{ cells: UsageCell[]; endOffset: number }> = [];
    // 4 KiB chunks so that several batches of >= 100 lines happen.
    const chunks = [];
    for (let start = 0; start < text.length; start += 4096) chunks.push(text.subarray(start, start + 4096));
    await ingestStream(Readable.from(chunks), {
      router,
      defaultTime,
      batchLines: 100,
      onBatch: (cells, endOffset) => {
        batches.push({ cells, endOffset });
      },
    });
    expect(batches.length).toBeGreaterThan(3);
    for (const batch of batches.slice(0, -1)) expect(text[batch.endOffset - 1]).toBe(10);
    expect(batches.at(-1)!.endOffset).toBe(text.length);
    const whole = await ingestFixture('nginx');
    expect(
      totals(
        batches.flatMap((batch) => batch.cells),
        (cell) => `${cell.hour} ${cell.operation} ${cell.client} ${cell.statusClass}`,
      ),
    ).toEqual(totals(whole.cells, (cell) => `${cell.hour} ${cell.operation} ${cell.client} ${cell.statusClass}`));
  });
});
