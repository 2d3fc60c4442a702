/**
 * `holdfast diff` on two large YAML documents gives the same report and the same errors whether
 * the second document is parsed in a worker thread (HOLDFAST_PARSE_WORKER=1, the bundled
 * dist/bundle/parse-worker.js) or on the main thread (=0). Issue 11, "The YAML path's speed".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../load/helpers.js';
import { ROOT, runCli } from './_run.js';

const OPENAI = join(ROOT, '..', 'shared', 'corpus', 'history', 'openai');
const BASE = join(OPENAI, '01-ef05a7d18e.yaml');
const REVISION = join(OPENAI, '02-11854aef67.yaml');
const WORKER = { HOLDFAST_PARSE_WORKER: '1' };
const MAIN = { HOLDFAST_PARSE_WORKER: '0' };

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  await folder.remove();
});

describe('HOLDFAST_PARSE_WORKER', () => {
  it("reports OpenAI's pair identically with and without the worker", async () => {
    const args = ['diff', BASE, REVISION, '--format', 'json'];
    const [inWorker, onMain] = await Promise.all([runCli(args, { env: WORKER }), runCli(args, { env: MAIN })]);
    expect(inWorker.stderr).toBe('');
    expect(inWorker.status).toBe(onMain.status);
    expect(inWorker.stdout).toBe(onMain.stdout);
    expect(JSON.parse(inWorker.stdout).findings.length).toBeGreaterThan(0);
  });

  it('gives the same error for a large invalid YAML revision', async () => {
    // A duplicated key near the end of a 2.8 MB document, and a nesting error: both found by js-yaml.
    const text = readFileSync(REVISION, 'utf8');
    const duplicate = join(folder.path, 'duplicate.yaml');
    writeFileSync(duplicate, `${text}\nopenapi: 3.1.0\n`);
    const deep = join(folder.path, 'deep.yaml');
    writeFileSync(deep, `${text}\nx-deep: ${'['.repeat(1200)}${']'.repeat(1200)}\n`);
    for (const revision of [duplicate, deep]) {
      const args = ['diff', BASE, revision];
      const [inWorker, onMain] = await Promise.all([runCli(args, { env: WORKER }), runCli(args, { env: MAIN })]);
      expect(inWorker.status).toBe(2);
      expect(inWorker.stderr).toBe(onMain.stderr);
      expect(inWorker.stderr).toMatch(/^holdfast: Could not parse revision spec ".*" \(line \d+, column \d+\): /);
    }
  });

  it('refuses a value other than 0 or 1', async () => {
    const run = await runCli(['diff', BASE, REVISION], { env: { HOLDFAST_PARSE_WORKER: 'yes' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'holdfast: error: Invalid HOLDFAST_PARSE_WORKER "yes": expected 1 (use a worker thread) or 0 (never).\nRun "holdfast --help" for usage.\n',
    );
  });
});
