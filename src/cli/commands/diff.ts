/** `holdfast diff BASE REVISION`: compare two contracts, print a report, exit by --fail-on. */
import type { Command } from 'commander';
import type { FailOn } from '../../config/types.js';
import { AppError } from '../../errors.js';
import type { Summary } from '../../rules/types.js';
import { maxInputBytes, parseWorker } from '../_limits.js';
import { addReportFlags, chooseFormat, deliverReport, oneOf, outputPath, type ReportFlags } from '../_report-flags.js';
import { addUsageFlags, rankByUsage, type UsageFlags, usageService, usageSpecOf } from '../_usage.js';
import type { CliContext, CommandOutcome } from '../context.js';

export { oneOf };

interface DiffOptions extends ReportFlags, UsageFlags {
  service?: string;
  server?: string;
  allowExternalRefs?: boolean;
  color: boolean;
  python?: string;
  appDir?: string;
  maxInputMb?: string;
}

const HELP_AFTER = `
Inputs (BASE and REVISION):
  path/to/openapi.yaml   a .yaml, .yml or .json file (OpenAPI 3.0, 3.1 or Swagger 2.0)
  -                      standard input (for one of the two)
  https://host/spec.json a URL
  git:REV:PATH           PATH as it was at git revision REV of the current repository
  py:MODULE:APP          the document the Python app generates (see "holdfast extract --help")
  git:REV:py:MODULE:APP  the same, from a temporary checkout of git revision REV

Usage (--usage ENV[:DAYS], from access logs ingested with "holdfast usage ingest"):
  each finding on an operation shows its calls, distinct clients and top clients in ENV over the
  last DAYS days (default 30); breaking findings come most called first. --service names the
  service in the registry (default: service in the configuration). --ignore-unused downgrades
  breaking findings on operations with no call in the window to warnings, and says so on each.
  With --server URL (or HOLDFAST_SERVER, token in HOLDFAST_TOKEN) the counts come from that
  holdfast server instead of the local registry; the report is the same.

Exit status:
  0  nothing at or above --fail-on was found
  1  something at or above --fail-on was found
  2  holdfast could not run (bad input or usage)

Examples:
  holdfast diff git:main:openapi.json openapi.json
  holdfast diff v1.json v2.json --service shop --usage production:7 --ignore-unused
  curl -s https://api.example.com/openapi.json | holdfast diff - openapi.json --format markdown
`;

/** Registers `diff` on `program`; the action records its exit status in `outcome`. */
export function registerDiff(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const command = program
    .command('diff')
    .description('Compare two OpenAPI contracts and report the changes that can break clients of BASE.')
    .argument('<BASE>', 'the contract clients were built against')
    .argument('<REVISION>', 'the contract you intend to ship');
  addReportFlags(command, {
    config:
      "apply this configuration's policy (rules, include/exclude, accept-list, fail-on); default: none, every finding counts",
    failOnDefault: 'the --config file, else breaking',
  })
    .option('--allow-external-refs', "let $ref reach files outside the document's folder and remote URLs")
    .option('--no-color', 'plain text output even on a terminal (NO_COLOR=1 does the same)')
    .option('--python <path>', 'Python interpreter for py: inputs (default: as "holdfast extract" picks it)')
    .option('--app-dir <dir>', 'folder put first on sys.path for py: inputs (default: the current folder)')
    .option('--max-input-mb <MB>', 'largest input read, in megabytes (default 64; HOLDFAST_MAX_INPUT_MB does the same)')
    .option('--service <name>', 'the service in the registry, for --usage (default: service in the configuration)')
    .option(
      '--server <url>',
      'with --usage: read the counts from a holdfast server (holdfast serve) instead of the local registry (default: HOLDFAST_SERVER; token: HOLDFAST_TOKEN)',
    );
  addUsageFlags(command)
    .addHelpText('after', HELP_AFTER)
    .action(async (base: string, revision: string, options: DiffOptions) => {
      outcome.exitCode = await runDiff(base, revision, options, context);
    });
}

async function runDiff(base: string, revision: string, options: DiffOptions, context: CliContext): Promise<number> {
  if (base === '-' && revision === '-') {
    throw new AppError(
      'USAGE',
      'Cannot read both BASE and REVISION from standard input: found "-" twice; expected a file, URL or git:REV:PATH for one of them.',
    );
  }
  // Imported here, not at the top: `holdfast --help` must not pay for loading the pipeline.
  const [compareSpecs, { renderReport }] = await Promise.all([
    context.compareSpecs ?? import('../../pipeline.js').then((pipeline) => pipeline.compareSpecs),
    import('../../report/index.js'),
  ]);
  const format = chooseFormat(options);
  const output = outputPath(options);
  const usageSpec = usageSpecOf(options);
  // A policy only when asked for: `diff` compares two documents, `check` is the project's gate.
  const policyModule = options.config === undefined ? undefined : await import('../../policy/index.js');
  const project = await policyModule?.loadProjectPolicy(context.cwd, { file: options.config });
  // Before comparing (which may extract apps): a missing service is a usage error at once.
  const serviceForUsage =
    usageSpec === undefined
      ? undefined
      : usageService(
          options.service,
          options.service === undefined
            ? (project?.config ?? (await (await import('../../config/index.js')).loadConfig(context.cwd))).service
            : undefined,
          usageSpec,
        );
  const compared = await compareSpecs(base, revision, {
    cwd: context.cwd,
    allowExternalRefs: options.allowExternalRefs === true || project?.config.allowExternalRefs === true,
    readStdin: context.readStdin,
    python: options.python,
    appDir: options.appDir,
    env: context.env,
    maxInputBytes: maxInputBytes(context.env, options.maxInputMb),
    parseWorker: parseWorker(context.env),
  });
  let result = compared;
  let blocked: boolean;
  if (project === undefined || policyModule === undefined) {
    blocked = failed(compared.summary, options.failOn ?? 'breaking');
  } else {
    if (options.failOn !== undefined) project.policy.failOn = options.failOn;
    const applied = policyModule.applyPolicy(compared, project.policy);
    result = applied.result;
    blocked = applied.blocked;
  }
  const failOn = project?.policy.failOn ?? options.failOn ?? 'breaking';
  if (usageSpec !== undefined && usageSpec.environment !== null && serviceForUsage !== undefined) {
    const ranked = await rankByUsage(context, result, {
      service: serviceForUsage,
      spec: { ...usageSpec, environment: usageSpec.environment },
      ignoreUnused: options.ignoreUnused === true,
      server: options.server,
      failOn,
    });
    result = ranked.result;
    blocked = ranked.blocked;
  }
  const color = format === 'text' && output === undefined && options.color && colorWanted(context);
  const report = renderReport(format, result, { minLevel: options.level, color, failOn });
  await deliverReport(report, format, output, null, context);
  return blocked ? 1 : 0;
}

/** Whether `summary` holds a finding at or above `failOn`. The summary counts every finding, whatever --level shows. */
export function failed(summary: Summary, failOn: FailOn): boolean {
  switch (failOn) {
    case 'breaking':
      return summary.breaking > 0;
    case 'warning':
      return summary.breaking + summary.warning > 0;
    case 'never':
      return false;
  }
}

// https://no-color.org: any non-empty NO_COLOR disables colour; FORCE_COLOR (not "0") forces it.
export function colorWanted(context: CliContext): boolean {
  const { env } = context;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return context.stdout.isTTY === true;
}
