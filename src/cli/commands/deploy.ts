/**
 * `holdfast deploy --service S --version V --env E`: record a deployment; `holdfast deploy compare`:
 * did it change anything (traffic before against after)?
 */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
// Small and pure (no storage, no pipeline): fine on the start-up path.
import { parseWindowMinutes } from '../../usage/compare.js';
import { PROMETHEUS_HELP, type PrometheusFlags, prometheusOptions, prometheusSource } from '../_prometheus.js';
import { type Format, formatOption, print, STORE_HELP, serverUrl, withApi, withRegistry } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface DeployOptions {
  service?: string;
  version?: string;
  env?: string;
  owner?: string;
  by?: string;
  expect?: string;
  rollbackNote?: string;
  allowUnpublished?: boolean;
  force?: boolean;
  format: Format;
  server?: string;
}

const HELP_AFTER = `
The deployment live in that environment until now becomes "replaced". Record who owns the
deployment, what should be true once it runs, and how to roll it back: holdfast shows them with
every deployment, and rollback plans quote them. An expected result written as a measurable
statement ("p95 of GET /orders below 200 ms and error rate below 1%") is checked by
holdfast deploy compare (see its --help).

Refused (exit 1) unless you say otherwise:
  a version never published (the registry has no contract for it)    --allow-unpublished
  a version rolled back in that environment (the reason is shown)   --force
Repeating a deployment that is live records nothing and says so; a repeat without --expect or
--rollback-note keeps the ones recorded. A wrong record is reversed with holdfast undo.
${STORE_HELP}
Example:
  holdfast deploy --service shop --version 1.4.0 --env production --owner ana \\
    --expect "p95 of POST /orders below 300 ms and no 5xx" \\
    --rollback-note "safe to redeploy 1.3.2; tell the mobile team"
`;

export function registerDeploy(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const deployCommand = formatOption(
    program
      .command('deploy')
      .description('Record that a version of a service now runs in an environment.')
      // Required, but checked in the action: commander checks a command's mandatory options for
      // its subcommands too, and `deploy compare` has none of --version.
      .option('--service <name>', '(required) the service')
      .option('--version <label>', '(required) the version deployed')
      .option('--env <name>', '(required) the environment (created on first use)')
      .option('--owner <who>', 'who deployed it and answers for it')
      // `rollback record` and `undo` say who with --by; a hurried `deploy --by` means the owner.
      .addOption(new Option('--by <who>', 'the same as --owner').hideHelp())
      .option('--expect <text>', 'the expected result: what to check once it runs')
      .option('--rollback-note <text>', 'how to roll it back, and what to watch for')
      .option('--allow-unpublished', 'record a version that was never published (with a warning)')
      .option('--force', 'deploy a version that was rolled back in this environment'),
  )
    .addHelpText('after', HELP_AFTER)
    // `deploy` runs itself and has a subcommand, so commander reads a mistyped `deploy comapre` as
    // an argument of deploy ("too many arguments"); the action names the subcommand instead.
    .allowExcessArguments(true)
    .action(async (options: DeployOptions, command: Command) => {
      const [word] = command.args;
      if (word !== undefined) {
        const near = closeTo(word, 'compare') ? '\n(Did you mean compare?)' : '';
        throw new AppError(
          'USAGE',
          `unknown command 'deploy ${word}': deploy takes options only (--service, --version, --env), and its subcommand is compare${near}`,
        );
      }
      const required: Array<[string, string | undefined]> = [
        ['--service <name>', options.service],
        ['--version <label>', options.version],
        ['--env <name>', options.env],
      ];
      for (const [flag, value] of required) {
        if (value === undefined) throw new AppError('USAGE', `required option '${flag}' not specified`);
      }
      outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
        const result = await api.deploy({
          service: options.service!,
          version: options.version!,
          environment: options.env!,
          owner: options.owner ?? options.by,
          expectedResult: options.expect,
          rollbackNote: options.rollbackNote,
          allowUnpublished: options.allowUnpublished === true,
          force: options.force === true,
        });
        print(context, registry, options.format, result, registry.renderDeploy);
        return 0;
      });
    });
  registerDeployCompare(deployCommand, context, outcome);
}

/** A typo of `target`: at most two letters added, dropped, changed or swapped (Damerau-Levenshtein). */
function closeTo(word: string, target: string): boolean {
  const a = word.toLowerCase();
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: target.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= target.length; j++) {
      const cost = a[i - 1] === target[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === target[j - 2] && a[i - 2] === target[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![target.length]! <= 2;
}

interface CompareOptions extends PrometheusFlags {
  service: string;
  env: string;
  deployment?: string;
  window?: number;
  minRequests?: number;
  investigate5xxIncrease?: number;
  rollback5xxIncrease?: number;
  investigate4xxIncrease?: number;
  investigateP95Ratio?: number;
  rollbackP95Ratio?: number;
  minP95IncreaseMs?: number;
  investigateTrafficDrop?: number;
  failOn: 'investigate' | 'rollback';
  format: Format;
  server?: string;
}

const COMPARE_HELP = `
The window before the deployment against the window after it (default: the live deployment, one
hour each side, from the access logs ingested with holdfast usage ingest), per operation: request
rate, 5xx and 4xx rates, p95 latency. Verdicts, per operation and overall:
  healthy                 enough traffic on both sides, a complete after-window, nothing crossed
  investigate             5xx rate +1 point, 4xx rate +10 points, p95 x1.5 (and +50 ms), traffic -50%,
                          or the expected result recorded with the deployment is not met
  roll back recommended   5xx rate +5 points, or p95 x2 (and +50 ms); prints the rollback plan command
  not enough data         under --min-requests calls, or the after-window is still running
The deployment's expected result (deploy --expect) is checked when it is a measurable statement,
e.g. "p95 of GET /orders below 200 ms and error rate below 0.5%" (docs/usage.md has the grammar).
Thresholds come from these flags, else [tool.holdfast.deploy-compare] in pyproject.toml (or
deploy-compare: in holdfast.yaml), else the defaults above.

Exit status: 0 healthy; 1 roll back recommended or investigate (with --fail-on rollback: only roll
back recommended); 3 not enough data yet (run it again later); 2 could not run.
${PROMETHEUS_HELP}${STORE_HELP}
Example:
  holdfast deploy compare --service shop --env production --window 30m
  holdfast deploy compare --service shop --env production --deployment deploy-42 --format json
`;

function windowOption(value: string): number {
  const minutes = parseWindowMinutes(value);
  if (minutes === undefined || minutes < 1) {
    throw new AppError('USAGE', `Invalid --window "${value}": expected a duration such as 30m, 1h, 6h or 1d.`);
  }
  return minutes;
}

function percentOption(flag: string) {
  return (value: string): number => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
    const parsed = match === null ? Number.NaN : Number(match[1]);
    if (!(parsed >= 0 && parsed <= 100)) {
      throw new AppError('USAGE', `Invalid ${flag} "${value}": expected a percentage from 0% to 100%, such as 5%.`);
    }
    return parsed / 100;
  };
}

function ratioOption(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\s*\d+(?:\.\d+)?\s*$/.test(value) || !(parsed >= 1)) {
      throw new AppError('USAGE', `Invalid ${flag} "${value}": expected a ratio of at least 1, such as 1.5.`);
    }
    return parsed;
  };
}

function wholeOption(flag: string) {
  return (value: string): number => {
    if (!/^\s*\d+\s*$/.test(value)) {
      throw new AppError('USAGE', `Invalid ${flag} "${value}": expected a whole number, 0 or more.`);
    }
    return Number(value);
  };
}

function registerDeployCompare(deployCommand: Command, context: CliContext, outcome: CommandOutcome): void {
  const compare = formatOption(
    deployCommand
      .command('compare')
      .description('Did a deployment change anything? Traffic before it against traffic after it, with a verdict.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment')
      .option('--deployment <id>', 'the deployment to judge, deploy-N as history shows it (default: the live one)')
      .option('--window <duration>', 'minutes on each side: 30m, 1h, 6h, 1d (default 1h)', windowOption)
      .option('--min-requests <n>', 'calls a window needs for a verdict (default 20)', wholeOption('--min-requests'))
      .option(
        '--investigate-5xx-increase <percent>',
        '5xx rate increase that asks for a look (default 1%)',
        percentOption('--investigate-5xx-increase'),
      )
      .option(
        '--rollback-5xx-increase <percent>',
        '5xx rate increase that recommends rolling back (default 5%)',
        percentOption('--rollback-5xx-increase'),
      )
      .option(
        '--investigate-4xx-increase <percent>',
        '4xx rate increase that asks for a look (default 10%)',
        percentOption('--investigate-4xx-increase'),
      )
      .option(
        '--investigate-p95-ratio <ratio>',
        'p95 after / before that asks for a look (default 1.5)',
        ratioOption('--investigate-p95-ratio'),
      )
      .option(
        '--rollback-p95-ratio <ratio>',
        'p95 after / before that recommends rolling back (default 2)',
        ratioOption('--rollback-p95-ratio'),
      )
      .option(
        '--min-p95-increase-ms <ms>',
        'p95 increases smaller than this are never flagged (default 50)',
        wholeOption('--min-p95-increase-ms'),
      )
      .option(
        '--investigate-traffic-drop <percent>',
        'request-rate fall that asks for a look (default 50%)',
        percentOption('--investigate-traffic-drop'),
      )
      .addOption(
        new Option('--fail-on <verdict>', 'lowest verdict that exits 1: investigate, rollback')
          .default('investigate')
          .argParser((value: string) => {
            if (value !== 'investigate' && value !== 'rollback') {
              throw new AppError('USAGE', `Invalid --fail-on "${value}": expected one of investigate, rollback.`);
            }
            return value;
          }),
      ),
  );
  prometheusOptions(compare)
    .addHelpText('after', COMPARE_HELP)
    .action(async (options: CompareOptions) => {
      const source = await prometheusSource(context, options, { service: options.service, environment: options.env });
      const { loadConfig } = await import('../../config/index.js');
      const configured = (await loadConfig(context.cwd)).deployCompare ?? {};
      const pick = <K extends keyof typeof configured>(key: K, flag: number | undefined) => flag ?? configured[key];
      const thresholds = Object.fromEntries(
        Object.entries({
          minRequests: pick('minRequests', options.minRequests),
          investigate5xxIncrease: pick('investigate5xxIncrease', options.investigate5xxIncrease),
          rollback5xxIncrease: pick('rollback5xxIncrease', options.rollback5xxIncrease),
          investigate4xxIncrease: pick('investigate4xxIncrease', options.investigate4xxIncrease),
          investigateP95Ratio: pick('investigateP95Ratio', options.investigateP95Ratio),
          rollbackP95Ratio: pick('rollbackP95Ratio', options.rollbackP95Ratio),
          minP95IncreaseMs: pick('minP95IncreaseMs', options.minP95IncreaseMs),
          investigateTrafficDrop: pick('investigateTrafficDrop', options.investigateTrafficDrop),
        }).filter(([, value]) => value !== undefined),
      );
      const input = {
        service: options.service,
        environment: options.env,
        deployment: options.deployment,
        windowMinutes: options.window ?? configured.windowMinutes,
        thresholds,
      };
      if (serverUrl(context, options.server) !== undefined) {
        // The server judges from the usage ingested into it; it never fetches a URL a caller names.
        if (source !== undefined) {
          throw new AppError(
            'USAGE',
            'Invalid --prometheus with --server (or HOLDFAST_SERVER): expected one of them; the server compares from the access logs ingested into it, and --prometheus runs the comparison here against the local registry. Retrying will not help.',
          );
        }
        outcome.exitCode = await withApi(context, options.server, async ({ registry, api }) => {
          const result = await api.compareDeployment(input);
          print(context, registry, options.format, result, registry.renderDeployCompare);
          return compareExitCode(result.verdict, options.failOn);
        });
        return;
      }
      outcome.exitCode = await withRegistry(
        context,
        async ({ registry, store, options: registryOptions }) => {
          const result = await registry.compareDeployment(
            store,
            input,
            { ...registryOptions, now: testNow(context) },
            source,
          );
          print(context, registry, options.format, result, registry.renderDeployCompare);
          return compareExitCode(result.verdict, options.failOn);
        },
        { mustExist: true },
      );
    });
}

/** 0 healthy, 1 at or above --fail-on, 3 not enough data (try again later). */
function compareExitCode(verdict: string, failOn: 'investigate' | 'rollback'): number {
  if (verdict === 'rollback') return 1;
  if (verdict === 'investigate') return failOn === 'investigate' ? 1 : 0;
  if (verdict === 'not-enough-data') return 3;
  return 0;
}

/** Test hook: HOLDFAST_TEST_NOW=ISO pins the clock (a deployment's after-window in the past). */
function testNow(context: CliContext): (() => Date) | undefined {
  const pinned = context.env.HOLDFAST_TEST_NOW;
  if (pinned === undefined || pinned === '') return undefined;
  const time = Date.parse(pinned);
  return Number.isNaN(time) ? undefined : () => new Date(time);
}
