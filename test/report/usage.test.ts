/**
 * `--usage` in the reports: the fixture with calls from a usage table (and `--ignore-unused`),
 * rendered in every format. File snapshots for text, markdown and JSON; the other formats must
 * carry the calls and the downgrade in their message text.
 */
import { describe, expect, it } from 'vitest';
import { applyUsage, type UsageTable } from '../../src/policy/index.js';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { renderReport } from '../../src/report/index.js';
import { fixtureResult } from './fixture.js';

const table: UsageTable = {
  service: 'petstore',
  environment: 'production',
  days: 30,
  since: '2026-02-01T10:00:00.000Z',
  until: '2026-03-03T10:12:00.000Z',
  totalCalls: 12_345,
  operations: [
    {
      key: 'GET /items',
      operation: 'GET /items',
      calls: 10_000,
      clients: 4,
      topClients: [
        { client: 'okhttp', calls: 7_000 },
        { client: 'python-requests', calls: 2_500 },
        { client: 'curl', calls: 400 },
      ],
    },
    // Counted against a version that called the parameter {id}.
    {
      key: 'GET /items/{}',
      operation: 'GET /items/{id}',
      calls: 2_000,
      clients: 1,
      topClients: [{ client: 'shop-web', calls: 2_000 }],
    },
    { key: 'POST /items', operation: 'POST /items', calls: 345, clients: 2, topClients: [] },
  ],
};

const ranked = applyUsage(fixtureResult, table, { ignoreUnused: false, failOn: 'breaking' }).result;
const ignored = applyUsage(fixtureResult, table, { ignoreUnused: true, failOn: 'breaking' }).result;

describe('reports with --usage', () => {
  it('renders text, markdown and JSON with the calls and the downgrades', async () => {
    await expect(renderReport('text', ignored)).toMatchFileSnapshot('./__snapshots__/usage.text.txt');
    await expect(renderReport('markdown', ignored)).toMatchFileSnapshot('./__snapshots__/usage.markdown.txt');
    await expect(renderReport('json', ignored)).toMatchFileSnapshot('./__snapshots__/usage.json.txt');
  });

  it('orders groups of the same level by calls', () => {
    const text = renderReport('text', ranked);
    const usage = text.indexOf('usage: 10,000 calls, 4 clients (okhttp 7,000, python-requests 2,500, curl 400)');
    expect(usage).toBeGreaterThan(0);
    expect(text).toContain(
      'Usage: 12,345 calls to petstore in production in the last 30 days (since 2026-02-01 10:00Z), from ingested access logs.\n',
    );
  });

  it('keeps the reports without --usage as they were', () => {
    for (const format of REPORT_FORMATS) {
      // The HTML page's style sheet always has the classes.
      const output = renderReport(format, fixtureResult).replace(/<style>[\s\S]*<\/style>/, '');
      expect(output, format).not.toMatch(/usage: |downgraded/i);
    }
  });

  it('puts the calls and the downgrade in every format', () => {
    const downgraded = ignored.findings.filter((finding) => finding.downgraded !== undefined);
    expect(downgraded.length).toBeGreaterThan(0);
    for (const format of REPORT_FORMATS) {
      const output = renderReport(format, ignored);
      expect(output, format).toMatch(/downgraded/i);
      expect(output, format).toMatch(/10,000 calls|"calls": 10000/);
    }
  });
});
