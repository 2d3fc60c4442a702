/**
 * Scenarios through the real pipeline on examples/petstore: its README lists what each change
 * should produce, and these tests hold the CLI to it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { ROOT, runCli } from './_run.js';

const BASE = 'examples/petstore/base.yaml';
const REVISION = 'examples/petstore/revision.yaml';

function operationsAt(report: JsonReport, level: string): string[] {
  const names = report.findings
    .filter((finding) => finding.level === level && finding.operation !== null)
    .map((finding) => `${finding.operation?.method} ${finding.operation?.path}`);
  return [...new Set(names)].sort();
}

describe('holdfast diff on examples/petstore', () => {
  it('finds the documented changes and nothing else', async () => {
    const run = await runCli(['diff', BASE, REVISION, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report: JsonReport = JSON.parse(run.stdout);
    expect(report.summary).toEqual({ breaking: 6, warning: 0, info: 2 });
    expect(operationsAt(report, 'breaking')).toEqual([
      'GET /items/',
      'GET /items/{item_id}',
      'POST /items/',
      'PUT /items/{item_id}',
    ]);
    expect(operationsAt(report, 'info')).toEqual(['DELETE /items/{item_id}', 'GET /items/']);
    const fromItem = report.findings.filter((finding) => finding.component === '#/components/schemas/Item');
    expect(fromItem).toHaveLength(4);
    expect(new Set(fromItem.map((finding) => finding.location.pointer)).size).toBe(1);
    // Changes 6 and 7 only respell the contract.
    expect(report.findings.filter((finding) => finding.operation?.path.startsWith('/users'))).toEqual([]);
    expect(report.findings.filter((finding) => finding.component === '#/components/schemas/User')).toEqual([]);
    for (const finding of report.findings) {
      expect(finding.location.line).toBeGreaterThan(0);
      expect(finding.location.file).toBe(finding.side === 'base' ? BASE : REVISION);
    }
  });

  it('shows the shared component once in the text report', async () => {
    const run = await runCli(['diff', BASE, REVISION]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('Component #/components/schemas/Item').length - 1).toBe(1);
    expect(run.stdout).toContain('affects 4 operations:');
    expect(run.stdout).toContain(
      '3 breaking changes (affecting 4 operations), 0 warnings, 2 info changes (affecting 2 operations)',
    );
  });

  it('reports no changes for identical contracts and exits 0', async () => {
    const run = await runCli(['diff', BASE, BASE]);
    expect(run).toEqual({ status: 0, stdout: `No changes found between ${BASE} and ${BASE}.\n`, stderr: '' });
  });

  it('exits 0 with --fail-on never and lists only breaking findings with --level breaking', async () => {
    const run = await runCli(['diff', BASE, REVISION, '--fail-on', 'never', '--level', 'breaking']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/^\s+info\s/m);
    expect(run.stdout).toContain(
      '3 breaking changes (affecting 4 operations), 0 warnings, 2 info changes (affecting 2 operations) (2 below breaking not shown)',
    );
  });

  it('reads the base from stdin with -', async () => {
    const run = await runCli(['diff', '-', REVISION, '--format', 'json'], {
      input: readFileSync(`${ROOT}/${BASE}`, 'utf8'),
    });
    expect(run.status).toBe(1);
    const report: JsonReport = JSON.parse(run.stdout);
    expect(report.summary).toEqual({ breaking: 6, warning: 0, info: 2 });
  });

  it('renders a pull-request comment with --format markdown', async () => {
    const run = await runCli(['diff', BASE, REVISION, '--format', 'markdown']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^<!-- holdfast-report -->\n## holdfast: breaking changes\n/);
  });

  it('exits 2 with one clear line for a missing file', async () => {
    const run = await runCli(['diff', 'examples/petstore/missing.yaml', REVISION]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^holdfast: .*missing\.yaml.*\n$/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
