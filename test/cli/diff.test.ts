/**
 * `holdfast diff` in-process, with the pipeline replaced by fixture results: exit codes, formats,
 * colour, stdin and error handling. (Scenarios through the real pipeline: examples.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AppError } from '../../src/errors.js';
import type { CompareOptions } from '../../src/pipeline.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { emptyResult, fixtureResult } from '../report/fixture.js';

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
  calls: { base: string; revision: string; options: CompareOptions }[];
}

interface Setup {
  result?: ComparisonResult;
  error?: unknown;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stdin?: string;
}

async function run(args: string[], setup: Setup = {}): Promise<Captured> {
  const captured: Captured = { status: -1, stdout: '', stderr: '', calls: [] };
  captured.status = await main(args, {
    cwd: '/work/project',
    env: setup.env ?? {},
    stdout: {
      isTTY: setup.isTTY ?? false,
      write: (text: string) => {
        captured.stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        captured.stderr += text;
      },
    },
    readStdin: async () => setup.stdin ?? '',
    compareSpecs: async (base, revision, options) => {
      captured.calls.push({ base, revision, options });
      if (setup.error !== undefined) throw setup.error;
      return setup.result ?? fixtureResult;
    },
  });
  return captured;
}

const warningsOnly: ComparisonResult = {
  ...fixtureResult,
  findings: fixtureResult.findings.filter((finding) => finding.level !== 'breaking'),
  summary: { breaking: 0, warning: 4, info: 3 },
};

const infoOnly: ComparisonResult = {
  ...fixtureResult,
  findings: fixtureResult.findings.filter((finding) => finding.level === 'info'),
  summary: { breaking: 0, warning: 0, info: 3 },
};

describe('holdfast diff', () => {
  it('passes the inputs and options to the pipeline', async () => {
    const run1 = await run(['diff', 'base.yaml', 'git:main:api.json', '--allow-external-refs']);
    expect(run1.calls).toHaveLength(1);
    const [call] = run1.calls;
    expect(call.base).toBe('base.yaml');
    expect(call.revision).toBe('git:main:api.json');
    expect(call.options.cwd).toBe('/work/project');
    expect(call.options.allowExternalRefs).toBe(true);
    expect(await call.options.readStdin?.(1024)).toBe('');

    const run2 = await run(['diff', '-', 'revision.yaml'], { stdin: 'openapi: 3.1.0' });
    expect(run2.calls[0].options.allowExternalRefs).toBe(false);
    expect(await run2.calls[0].options.readStdin?.(1024)).toBe('openapi: 3.1.0');
  });

  it.each([
    { name: 'breaking, default --fail-on', result: fixtureResult, args: [], status: 1 },
    { name: 'warnings only, default --fail-on', result: warningsOnly, args: [], status: 0 },
    { name: 'warnings only, --fail-on warning', result: warningsOnly, args: ['--fail-on', 'warning'], status: 1 },
    { name: 'info only, --fail-on warning', result: infoOnly, args: ['--fail-on', 'warning'], status: 0 },
    { name: 'breaking, --fail-on never', result: fixtureResult, args: ['--fail-on', 'never'], status: 0 },
    {
      name: 'breaking hidden by --level, still fails',
      result: fixtureResult,
      args: ['--level', 'breaking'],
      status: 1,
    },
    { name: 'no changes', result: emptyResult, args: [], status: 0 },
  ])('exits $status: $name', async ({ result, args, status }) => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml', ...args], { result });
    expect(captured.status).toBe(status);
    expect(captured.stderr).toBe('');
  });

  it('prints the text report by default, plain when stdout is not a terminal', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml']);
    expect(captured.stdout).toContain('Component #/components/schemas/Item');
    expect(captured.stdout).not.toContain('\u001b[');
  });

  it.each([
    { name: 'a terminal', env: {}, args: [], coloured: true },
    { name: 'a terminal with NO_COLOR', env: { NO_COLOR: '1' }, args: [], coloured: false },
    { name: 'a terminal with --no-color', env: {}, args: ['--no-color'], coloured: false },
    { name: 'a terminal with TERM=dumb', env: { TERM: 'dumb' }, args: [], coloured: false },
  ])('colours the text report on $name: $coloured', async ({ env, args, coloured }) => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml', ...args], { env, isTTY: true });
    expect(captured.stdout.includes('\u001b[')).toBe(coloured);
  });

  it('colours a pipe only with FORCE_COLOR', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml'], { env: { FORCE_COLOR: '1' }, isTTY: false });
    expect(captured.stdout).toContain('\u001b[');
  });

  it('never colours json or markdown', async () => {
    for (const format of ['json', 'markdown']) {
      const captured = await run(['diff', 'a.yaml', 'b.yaml', '--format', format], { isTTY: true });
      expect(captured.stdout).not.toContain('\u001b[');
    }
  });

  it('prints json with --format json, filtered by --level', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml', '--format', 'json', '--level', 'warning']);
    const report = JSON.parse(captured.stdout);
    expect(report.findings).toHaveLength(9);
    expect(report.summary).toEqual({ breaking: 5, warning: 4, info: 3 });
  });

  it('prints markdown with --format markdown', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml', '--format=markdown']);
    expect(captured.stdout).toMatch(/^<!-- holdfast-report -->\n## holdfast: breaking changes\n/);
  });

  it('prints an AppError as one line and exits with its code', async () => {
    const error = new AppError(
      'LOAD_NOT_FOUND',
      'Could not read base spec "a.yaml": file not found; expected a readable file. Fix the path; retrying will not help.',
    );
    const captured = await run(['diff', 'a.yaml', 'b.yaml'], { error });
    expect(captured).toMatchObject({
      status: 2,
      stdout: '',
      stderr: `holdfast: ${error.message}\n`,
    });
  });

  it('adds the stack of an AppError and its cause with HOLDFAST_DEBUG=1', async () => {
    const error = new AppError('PARSE_FAILED', 'Could not parse', { cause: new SyntaxError('bad indentation') });
    const captured = await run(['diff', 'a.yaml', 'b.yaml'], { error, env: { HOLDFAST_DEBUG: '1' } });
    expect(captured.status).toBe(2);
    expect(captured.stderr).toMatch(/^holdfast: Could not parse\nAppError: Could not parse\n\s+at /);
    expect(captured.stderr).toContain('Caused by:\nSyntaxError: bad indentation');
  });

  it('reports an unexpected error as an internal error without a stack, and exits 2', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml'], { error: new TypeError('x is undefined') });
    expect(captured.status).toBe(2);
    expect(captured.stdout).toBe('');
    expect(captured.stderr).toBe(
      'holdfast: internal error: x is undefined\n' +
        'This is a bug in holdfast, not in your contracts. Please report it with the command you ran and the output of HOLDFAST_DEBUG=1.\n',
    );
  });

  it('prints the stack of an unexpected error with HOLDFAST_DEBUG=1', async () => {
    const captured = await run(['diff', 'a.yaml', 'b.yaml'], {
      error: new TypeError('x is undefined'),
      env: { HOLDFAST_DEBUG: '1' },
    });
    expect(captured.status).toBe(2);
    expect(captured.stderr).toMatch(/^holdfast: internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });

  it('reports a usage error found by a command with the usage hint', async () => {
    const captured = await run(['diff', '-', '-']);
    expect(captured.calls).toHaveLength(0);
    expect(captured.status).toBe(2);
    expect(captured.stderr).toMatch(/^holdfast: error: Cannot read both BASE and REVISION/);
  });
});
