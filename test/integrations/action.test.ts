/**
 * action.yml: its inputs and steps reference real CLI flags; run with bash as the runner does,
 * from a copy of this repository as the action's path, the build step builds holdfast there (from
 * package-lock.json, packages from the npm cache when it has them) and the check step runs that
 * build: it writes the Markdown report and the annotations and records the exit status, and never
 * runs npx. The comment script updates its earlier comment (found by the report's marker) or
 * creates one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN_MARKER } from '../../src/report/markdown.js';
import { BREAKING_SPEC, checkCommands, checkFlags, copyCheckout, flagsOf, ROOT, repositoryWith } from './_helpers.js';

interface Step {
  name: string;
  id?: string;
  uses?: string;
  if?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = load(text) as Action;
const steps = action.runs.steps;
const checkStep = steps.find((step) => step.id === 'check') as Step;
const buildStep = steps.find((step) => step.name === "Build holdfast from the action's checkout") as Step;
const commentStep = steps.find((step) => step.uses?.startsWith('actions/github-script@')) as Step;
const cleanup: string[] = [];

/** A copy of this repository as GitHub downloads it for `uses: OWNER/holdfast@REF`: no node_modules, no dist. */
let actionPath: string;
/** A PATH whose `npx` fails loudly and records that it was called. */
let path: string;
let npxCalls: string;
let build: { run: ReturnType<typeof runStep>; seconds: number; setup: StepRun };
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  actionPath = await mkdtemp(join(tmpdir(), 'holdfast-action-'));
  await copyCheckout(actionPath);
  const bin = join(actionPath, '.test-bin');
  await mkdir(bin);
  npxCalls = join(bin, 'npx-calls.log');
  await writeFile(join(bin, 'npx'), `#!/bin/sh\necho "$*" >> "${npxCalls}"\nexit 127\n`);
  await chmod(join(bin, 'npx'), 0o755);
  path = `${bin}${delimiter}${process.env.PATH ?? ''}`;

  // The build step, as the runner runs it first; the npm cache has the packages when this
  // checkout was installed from it, so nothing is downloaded then.
  const runner = await mkdtemp(join(tmpdir(), 'holdfast-runner-'));
  const setup = { cwd: runner, runnerTemp: runner, output: join(runner, 'o'), summary: join(runner, 's') };
  const started = Date.now();
  const run = runStep(buildStep, { ...setup, env: { npm_config_prefer_offline: 'true' } });
  build = { run, seconds: (Date.now() - started) / 1000, setup };
}, 300_000);

afterAll(async () => {
  await rm(actionPath, { recursive: true, force: true });
  await rm(build.setup.cwd, { recursive: true, force: true });
});

afterEach(async () => {
  for (const path of cleanup.splice(0)) await rm(path, { recursive: true, force: true });
});

describe('action.yml', () => {
  it('is a composite action that sets up Node.js and runs holdfast check', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0].uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(checkStep.shell).toBe('bash');
    const commands = checkCommands(checkStep.run ?? '');
    expect(commands.some((command) => /--format markdown -o /.test(command))).toBe(true);
    expect(commands.some((command) => /--format github/.test(command))).toBe(true);
  });

  it('passes only options holdfast check has', async () => {
    const flags = await checkFlags();
    const used = [
      ...checkCommands(checkStep.run ?? '').flatMap(flagsOf),
      ...[...(checkStep.run ?? '').matchAll(/args\+=\((--[a-z-]+)/g)].map((match) => match[1]),
    ];
    expect(used.length).toBeGreaterThan(6);
    for (const flag of used) expect(flags, flag).toContain(flag);
  });

  it('declares every input it uses and uses every input it declares', () => {
    const referenced = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((match) => match[1]));
    expect(referenced).toEqual(new Set(Object.keys(action.inputs)));
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('');
      expect(input.required, name).toBe(false);
    }
  });

  it('runs the holdfast of its own checkout, never a package by name', () => {
    expect(text).not.toMatch(/npx|npm (install|i|exec|x)\b|holdfast@/);
    expect(buildStep.run).toContain('cd "$GITHUB_ACTION_PATH"');
    expect(buildStep.run).toContain('npm ci --ignore-scripts');
    expect(checkStep.run).toContain('holdfast=(node "$GITHUB_ACTION_PATH/bin/holdfast.js")');
  });

  it('build step: builds holdfast in the action path from package-lock.json, once', () => {
    expect(build.run.stderr).toBe('');
    expect(build.run.status).toBe(0);
    expect(build.run.stdout.trim().split('\n').at(-1)).toBe(VERSION);
    expect(build.seconds).toBeLessThan(240);
    // Used twice in one job: the second run finds the build (offline: it would fail to fetch).
    const runner = build.setup;
    const again = runStep(buildStep, { ...runner, env: { npm_config_offline: 'true' } });
    expect(again).toMatchObject({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('finds its earlier comment by the marker the Markdown report starts with', () => {
    expect(commentStep.with?.script).toContain(`'${MARKDOWN_MARKER}'`);
    expect(commentStep['continue-on-error']).toBe(true);
  });

  it('check step: writes the report, annotates, records exit code 1 for a breaking change', async () => {
    const repo = await repositoryWith(BREAKING_SPEC);
    const runner = await mkdtemp(join(tmpdir(), 'holdfast-runner-'));
    cleanup.push(repo, runner);
    const output = join(runner, 'output');
    const summary = join(runner, 'summary');
    await writeFile(output, '');
    await writeFile(summary, '');
    const run = runStep(checkStep, { cwd: repo, runnerTemp: runner, output, summary });
    // The annotation run keeps stdout for workflow commands and says its verdict on stderr.
    expect(run.stderr).toBe(
      'holdfast: blocked: 1 breaking change (affecting 1 operation), 0 warnings, 0 info changes; suggested version bump: major.\n',
    );
    expect(run.status).toBe(0);
    const report = join(runner, 'holdfast-report.md');
    expect(await readFile(output, 'utf8')).toBe(`exit-code=1\nreport=${report}\n`);
    const markdown = await readFile(report, 'utf8');
    expect(markdown.startsWith(`${MARKDOWN_MARKER}\n## holdfast: breaking changes`)).toBe(true);
    expect(await readFile(summary, 'utf8')).toBe(markdown);
    expect(run.stdout).toContain(
      'holdfast: blocked: 1 breaking change (affecting 1 operation), 0 warnings, 0 info changes; suggested version bump: major.',
    );
    expect(run.stdout).toContain('::error file=openapi.yaml,line=9,title=request-parameter-became-required::');
    expect(await readFile(npxCalls, 'utf8').catch(() => 'npx was not called')).toBe('npx was not called');
    // The last step turns the recorded status into the job's result.
    const fail = steps[steps.length - 1];
    expect(fail.if).toBe("steps.check.outputs.exit-code != '0'");
    const exit = spawnSync('bash', ['-c', fail.run ?? ''], { env: { HOLDFAST_EXIT_CODE: '1' } });
    expect(exit.status).toBe(1);
  });

  it('check step: passes the inputs through as options', async () => {
    const repo = await repositoryWith(BREAKING_SPEC);
    const runner = await mkdtemp(join(tmpdir(), 'holdfast-runner-'));
    cleanup.push(repo, runner);
    const output = join(runner, 'output');
    await writeFile(output, '');
    const run = runStep(checkStep, {
      cwd: repo,
      runnerTemp: runner,
      output,
      summary: join(runner, 'summary'),
      inputs: { spec: 'openapi.yaml', 'fail-on': 'never', base: 'main', annotations: 'false' },
    });
    // fail-on never: the breaking change is reported, nothing blocks; annotations off: only the verdict.
    expect(run).toMatchObject({
      status: 0,
      stdout: `holdfast: passed: 1 breaking change (affecting 1 operation), 0 warnings, 0 info changes; suggested version bump: major. Report written to ${join(runner, 'holdfast-report.md')}.\n`,
    });
    expect(await readFile(output, 'utf8')).toBe(`exit-code=0\nreport=${join(runner, 'holdfast-report.md')}\n`);
    expect(await readFile(join(runner, 'holdfast-report.md'), 'utf8')).toContain('request-parameter-became-required');
    // An input that names what does not exist reaches holdfast: it could not run.
    const missing = runStep(checkStep, {
      cwd: repo,
      runnerTemp: runner,
      output,
      summary: join(runner, 'summary'),
      inputs: { spec: 'missing.yaml' },
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing.yaml');
    // usage, service and ignore-unused reach check: here no registry holds the usage.
    const usage = runStep(checkStep, {
      cwd: repo,
      runnerTemp: runner,
      output,
      summary: join(runner, 'summary'),
      inputs: { spec: 'openapi.yaml', base: 'main', usage: 'production:14', service: 'shop', 'ignore-unused': 'true' },
    });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('holdfast: No registry at ');
  });

  it('comment script: updates the earlier comment, or creates one', async () => {
    const runner = await mkdtemp(join(tmpdir(), 'holdfast-runner-'));
    cleanup.push(runner);
    const report = join(runner, 'report.md');
    await writeFile(report, `${MARKDOWN_MARKER}\n## holdfast: breaking changes\n`);
    const calls: { method: string; args: Record<string, unknown> }[] = [];
    const github = (existing: { id: number; body: string }[]) => ({
      paginate: async () => existing,
      rest: {
        issues: {
          listComments: () => undefined,
          updateComment: async (args: Record<string, unknown>) => calls.push({ method: 'update', args }),
          createComment: async (args: Record<string, unknown>) => calls.push({ method: 'create', args }),
        },
      },
    });
    const context = { repo: { owner: 'acme', repo: 'shop' }, issue: { number: 7 } };
    const script = commentStep.with?.script ?? '';
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction('require', 'github', 'context', 'process', script);
    const fakeProcess = { env: { HOLDFAST_REPORT: report } };
    const require = createRequire(import.meta.url);

    await run(
      require,
      github([
        { id: 1, body: 'LGTM' },
        { id: 2, body: `${MARKDOWN_MARKER}\nold` },
      ]),
      context,
      fakeProcess,
    );
    await run(require, github([{ id: 1, body: 'LGTM' }]), context, fakeProcess);
    expect(calls).toEqual([
      {
        method: 'update',
        args: {
          owner: 'acme',
          repo: 'shop',
          comment_id: 2,
          body: `${MARKDOWN_MARKER}\n## holdfast: breaking changes\n`,
        },
      },
      {
        method: 'create',
        args: {
          owner: 'acme',
          repo: 'shop',
          issue_number: 7,
          body: `${MARKDOWN_MARKER}\n## holdfast: breaking changes\n`,
        },
      },
    ]);
  });
});

interface StepRun {
  cwd: string;
  runnerTemp: string;
  output: string;
  summary: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * Runs a `run:` step as the runner does: bash -e -o pipefail, `${{ }}` expressions filled in,
 * GITHUB_ACTION_PATH the copy of this repository. The check steps run after the build test.
 */
function runStep(step: Step, setup: StepRun) {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = setup.inputs?.[name] ?? input.default;
  const expand = (value: string) =>
    value
      .replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '')
      .replace(/\$\{\{\s*runner\.temp\s*\}\}/g, setup.runnerTemp);
  const env: Record<string, string> = {
    PATH: path,
    HOME: process.env.HOME ?? setup.runnerTemp,
    GITHUB_ACTION_PATH: actionPath,
    GITHUB_OUTPUT: setup.output,
    GITHUB_STEP_SUMMARY: setup.summary,
    ...setup.env,
  };
  for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(value);
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
    cwd: setup.cwd,
    env,
    encoding: 'utf8',
  });
}
