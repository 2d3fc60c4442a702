/**
 * One CLI (issue 9, part 4): `diff` and `check` take the same report flags with the same meaning
 * (`--format`/`--output-format`, `-o/--output`, `--config`, `--fail-on`, `--level`), and `--help`
 * marks required options. Runs the built CLI on examples/petstore.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

const BASE = 'examples/petstore/base.yaml';
const REVISION = 'examples/petstore/revision.yaml';
const SHARED_FLAGS = [
  '--format',
  '--output-format',
  '-o, --output',
  '--config',
  '--fail-on',
  '--level',
  '--max-input-mb',
  '--allow-external-refs',
];

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'holdfast-flags-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** `--flag <arg>  description` lines of a command's help, by flag. */
async function helpOf(command: string): Promise<Map<string, string>> {
  const run = await runCli([command, '--help']);
  expect(run.status).toBe(0);
  const options = new Map<string, string>();
  let current: string | undefined;
  for (const line of run.stdout.split('\n')) {
    const match = /^ {2}(-\S+(?:, --\S+)?)(?: <[^>]+>)? {2,}(.*)$/.exec(line);
    if (match) {
      current = match[1];
      options.set(current, match[2]);
    } else if (current !== undefined && /^ {10,}\S/.test(line)) {
      options.set(current, `${options.get(current)} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return options;
}

describe('diff and check share their report flags', () => {
  it('both list the same flags in --help', async () => {
    const [diff, check] = await Promise.all([helpOf('diff'), helpOf('check')]);
    for (const flag of SHARED_FLAGS) {
      expect(diff.has(flag), `diff ${flag}`).toBe(true);
      expect(check.has(flag), `check ${flag}`).toBe(true);
    }
    expect(diff.get('--format')).toBe(check.get('--format'));
    expect(diff.get('--level')).toBe(check.get('--level'));
    expect(diff.get('-o, --output')).toBe(check.get('-o, --output'));
  });

  it('diff --output-format concise: one line per change, file:line: level rule-id message', async () => {
    const run = await runCli(['diff', BASE, REVISION, '--output-format', 'concise']);
    expect(run).toEqual({
      status: 1,
      stdout: [
        `${REVISION}:43: breaking request-enum-value-removed GET /items/: query parameter order_by: enum value "created_at" is no longer accepted`,
        `${REVISION}:50: info request-optional-parameter-added GET /items/: new optional query parameter \`tag\``,
        `${REVISION}:160: info api-operation-deprecated DELETE /items/{item_id} is now deprecated`,
        `${REVISION}:240: breaking response-nullable-added GET /items/, POST /items/, GET /items/{item_id}, PUT /items/{item_id}: Item.price: may now be null`,
        `${REVISION}:280: breaking request-required-property-added POST /items/: ItemCreate: new required property \`owner_id\``,
        '3 breaking changes (affecting 4 operations), 0 warnings, 2 info changes (affecting 2 operations)',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('diff -o writes the report to a file and says so', async () => {
    const target = join(folder, 'reports', 'diff.md');
    const run = await runCli(['diff', BASE, REVISION, '--format', 'markdown', '-o', target]);
    expect(run).toEqual({ status: 1, stdout: `Report written to ${target}.\n`, stderr: '' });
    const markdown = await readFile(target, 'utf8');
    expect(markdown).toContain('### Breaking: 3 changes (affecting 4 operations)\n');
  });

  it('diff --config applies that configuration: rule levels, the accept-list and fail-on', async () => {
    const config = join(folder, 'holdfast.yaml');
    await writeFile(
      config,
      [
        'fail-on: warning',
        'rules:',
        '  request-enum-value-removed: warning',
        'accept:',
        '  - rule: response-nullable-added',
        '    component: Item',
        '    reason: price was always nullable in practice',
        '  - rule: request-required-property-added',
        '    operation: POST /items/',
        '    reason: owner_id is sent by every client',
        '',
      ].join('\n'),
    );
    const run = await runCli(['diff', BASE, REVISION, '--config', config, '--format', 'concise']);
    // Nothing breaking is left, but a warning is, and the configuration fails on warnings.
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      '0 breaking changes, 1 warning (affecting 1 operation), 2 info changes (affecting 2 operations), 5 accepted',
    );
    // --fail-on on the command line wins over the configuration, as in check.
    const lenient = await runCli(['diff', BASE, REVISION, '--config', config, '--fail-on', 'breaking']);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain('Suggested version bump: minor\n');
  });

  it('diff --format and --output-format must agree, as in check', async () => {
    const run = await runCli(['diff', BASE, REVISION, '--format', 'json', '--output-format', 'sarif']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'holdfast: error: Conflicting report formats: --format json and --output-format sarif; expected one format (the two flags are the same option).\nRun "holdfast --help" for usage.\n',
    );
  });
});

describe('--help', () => {
  it('marks required options', async () => {
    const publish = await helpOf('publish');
    expect(publish.get('--service')).toBe('(required) the service the contract belongs to');
    expect(publish.get('--version')).toMatch(/^\(required\) /);
    const diff = await helpOf('diff');
    for (const [flag, text] of diff) expect(text, flag).not.toContain('(required)');
  });
});
