import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

const USAGE_HINT = 'Run "holdfast --help" for usage.';
const version: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** A usage error: exit 2, nothing on stdout, one clear message and the hint on stderr, no stack. */
function expectUsageError(run: { status: number | null; stdout: string; stderr: string }, message: string): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`holdfast: error: ${message}\n${USAGE_HINT}\n`);
}

describe('holdfast (built CLI)', () => {
  it('prints help with --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: holdfast \[options\] \[command\]/);
    expect(run.stdout).toContain('diff [options] <BASE> <REVISION>');
  });

  it('prints the options of diff with diff --help', async () => {
    const run = await runCli(['diff', '--help']);
    expect(run.status).toBe(0);
    for (const flag of [
      '--format <format>',
      '--fail-on <level>',
      '--level <level>',
      '--allow-external-refs',
      '--no-color',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('Exit status:');
  });

  it('prints the package version with --version', async () => {
    const run = await runCli(['--version']);
    expect(run).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help on stderr and exits 2 without a command', async () => {
    const run = await runCli([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: holdfast/);
  });

  it('rejects an unknown command', async () => {
    expectUsageError(await runCli(['frobnicate']), "unknown command 'frobnicate'");
  });

  it('suggests the closest command', async () => {
    expectUsageError(await runCli(['dif', 'a.yaml', 'b.yaml']), "unknown command 'dif'\n(Did you mean diff?)");
  });

  it('names the subcommand of deploy when it is mistyped', async () => {
    // deploy runs itself and has a subcommand: commander alone says "too many arguments for 'deploy'".
    expectUsageError(
      await runCli(['deploy', 'comapre', '--service', 'shop', '--env', 'prod']),
      "unknown command 'deploy comapre': deploy takes options only (--service, --version, --env), and its subcommand is compare\n(Did you mean compare?)",
    );
    expectUsageError(
      await runCli(['deploy', 'prod', '--service', 'shop']),
      "unknown command 'deploy prod': deploy takes options only (--service, --version, --env), and its subcommand is compare",
    );
  });

  it('rejects diff without arguments', async () => {
    expectUsageError(await runCli(['diff']), "missing required argument 'BASE'");
  });

  it('rejects diff without a revision', async () => {
    expectUsageError(await runCli(['diff', 'base.yaml']), "missing required argument 'REVISION'");
  });

  it('rejects a third argument', async () => {
    expectUsageError(
      await runCli(['diff', 'a.yaml', 'b.yaml', 'c.yaml']),
      "too many arguments for 'diff'. Expected 2 arguments but got 3.",
    );
  });

  it('rejects an unknown option', async () => {
    expectUsageError(await runCli(['diff', 'a.yaml', 'b.yaml', '--frobnicate']), "unknown option '--frobnicate'");
  });

  it('names a mistyped option before the required one it stands for, with the option meant', async () => {
    for (const command of [
      ['usage', 'show', '--service', 'shop'],
      ['deploy', 'compare', '--service', 'shop'],
      ['rollback', 'plan', '--service', 'shop'],
    ]) {
      expectUsageError(
        await runCli([...command, '--environment', 'production']),
        "unknown option '--environment'\n(Did you mean --env?)",
      );
    }
    expectUsageError(await runCli(['usage', 'show', '--service', 'shop', '--colour']), "unknown option '--colour'");
    expectUsageError(
      await runCli(['usage', 'show', '--service', 'shop']),
      "required option '--env <name>' not specified",
    );
  });

  it('rejects a bad --format', async () => {
    expectUsageError(
      await runCli(['diff', 'a.yaml', 'b.yaml', '--format', 'xml']),
      'Invalid --format "xml": expected one of text, concise, json, markdown, html, sarif, junit, github, gitlab, full, md.',
    );
  });

  it('rejects a bad --fail-on', async () => {
    expectUsageError(
      await runCli(['diff', 'a.yaml', 'b.yaml', '--fail-on=info']),
      'Invalid --fail-on "info": expected one of breaking, warning, never.',
    );
  });

  it('rejects a bad --level', async () => {
    expectUsageError(
      await runCli(['diff', 'a.yaml', 'b.yaml', '--level', 'all']),
      'Invalid --level "all": expected one of breaking, warning, info.',
    );
  });

  it('rejects a missing option value', async () => {
    expectUsageError(
      await runCli(['diff', 'a.yaml', 'b.yaml', '--format']),
      "option '--format <format>' argument missing",
    );
  });

  it('rejects stdin for both contracts', async () => {
    expectUsageError(
      await runCli(['diff', '-', '-']),
      'Cannot read both BASE and REVISION from standard input: found "-" twice; expected a file, URL or git:REV:PATH for one of them.',
    );
  });
});
