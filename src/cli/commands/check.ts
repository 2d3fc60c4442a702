/**
 * `holdfast check`: compare the service now with its base and apply the project's policy. The
 * base defaults to the merge base of HEAD with the default branch; the contract is the app
 * (`py:APP`, extracted) or a committed spec file, from the flags or the configuration
 * (`[tool.holdfast]` in pyproject.toml, or holdfast.yaml). Exit 0 (nothing blocks), 1 (a finding
 * at or above fail-on that is not accepted), 2 (could not run). `--show-settings` prints what it
 * would use and why; `--add-accept`/`--print-accept` turn a finding into an accept-list entry.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Command, Option } from 'commander';
import type { AcceptEntryText, HoldfastConfig } from '../../config/index.js';
import { AppError, retryAdvice } from '../../errors.js';
import type { PolicyOutcome } from '../../policy/index.js';
import type { ComparisonResult, Finding } from '../../rules/types.js';
import { maxInputBytes, parseWorker } from '../_limits.js';
import { addReportFlags, chooseFormat, deliverReport, outputPath, type ReportFlags } from '../_report-flags.js';
import { addUsageFlags, rankByUsage, type UsageFlags, usageService, usageSpecOf } from '../_usage.js';
import type { CliContext, CommandOutcome } from '../context.js';
import { existsAt, gitRoot, isRevision, mergeBase } from './_git.js';
import { colorWanted } from './diff.js';

interface CheckOptions extends ReportFlags, UsageFlags {
  service?: string;
  server?: string;
  maxInputMb?: string;
  base?: string;
  app?: string;
  spec?: string;
  allowExternalRefs?: boolean;
  color: boolean;
  python?: string;
  appDir?: string;
  showSettings?: boolean;
  addAccept?: string;
  printAccept?: string;
  reason?: string;
  expires?: string;
}

const HELP_AFTER = `
The contract:
  --app APP          extract it from a Python app (module:attribute, e.g. main:app): compares
                     git:BASE:py:APP with py:APP
  --spec FILE        a committed OpenAPI file: compares git:BASE:FILE with FILE
  neither            app or spec from [tool.holdfast] in pyproject.toml, or holdfast.yaml
                     ("holdfast init" writes it); else the FastAPI app found in the project
  The app is imported from the folder that holds the configuration (or --app-dir), so check runs
  the same from any folder of the repository.

The base (--base, else "base" in the configuration, else the merge base of HEAD with the
default branch: origin/HEAD, main or master):
  --base origin/main              a git revision (the same app or spec at that revision)
  --base old.json                 a contract file
  --base origin/main:openapi.json a contract file at a git revision (also git:REV:PATH, py:APP)
  When the app or spec does not exist at the base revision (the pull request that adds the
  service or moves the app), check says so and compares with an empty contract: everything is new.

Usage (--usage ENV[:DAYS], from access logs ingested with "holdfast usage ingest"):
  each finding on an operation shows its calls, distinct clients and top clients in ENV over the
  last DAYS days (default 30); breaking findings come most called first. The service is --service,
  else service in the configuration. --ignore-unused downgrades breaking findings on operations
  with no call in the window to warnings (each says so; the exit status follows). With --server
  URL (or HOLDFAST_SERVER, token in HOLDFAST_TOKEN) the counts come from that holdfast server
  instead of the local registry; the report is the same.

The accept-list:
  --print-accept RULE-ID                 print ready-to-paste entries for the findings of a rule
  --add-accept RULE-ID --reason "why"    write them into the configuration (like ruff --add-noqa)

Exit status:
  0  nothing at or above --fail-on remains (accepted findings never block)
  1  a finding at or above --fail-on remains
  2  holdfast could not run (bad input, configuration or usage)

Examples:
  holdfast check --app shop.main:app
  holdfast check --spec openapi.json --base origin/main --format sarif -o holdfast.sarif
  holdfast check --output-format github      # ruff's flag name works too
  holdfast check --show-settings
  holdfast check --usage production --ignore-unused
  holdfast check --add-accept response-property-removed --reason "no client reads it (checked logs)"
`;

/** Registers `check` on `program`; the action records its exit status in `outcome`. */
export function registerCheck(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const command = program
    .command('check')
    .description("Check the service's contract against its base and the project's policy (for CI and pre-commit).")
    .option(
      '--base <REF|FILE|REF:PATH>',
      'git revision, contract file, or contract file at a revision to compare with (default: merge base with the default branch)',
    )
    .addOption(new Option('--app <APP>', 'Python app to extract the contract from, module:attribute').conflicts('spec'))
    .option('--spec <FILE>', 'OpenAPI file of the service (instead of --app)');
  addReportFlags(command, {
    config: 'configuration file (default: holdfast.yaml or pyproject.toml, searched upwards)',
    failOnDefault: 'configuration, else breaking',
  })
    .option('--allow-external-refs', "let $ref reach files outside the document's folder and remote URLs")
    .option('--max-input-mb <MB>', 'largest input read, in megabytes (default 64; HOLDFAST_MAX_INPUT_MB does the same)')
    .option(
      '--python <path>',
      'Python interpreter for --app (default: configuration, else as "holdfast extract" picks it)',
    )
    .option(
      '--app-dir <dir>',
      "folder put first on sys.path for --app (default: app-dir in the configuration, else the configuration's folder, else the current folder)",
    )
    .option('--no-color', 'plain text output even on a terminal (NO_COLOR=1 does the same)')
    .option('--show-settings', 'print the resolved settings and where each comes from, then exit')
    .addOption(
      new Option(
        '--add-accept <RULE-ID>',
        "add accept-list entries for this rule's findings to the configuration",
      ).conflicts(['printAccept', 'showSettings']),
    )
    .addOption(
      new Option(
        '--print-accept <RULE-ID>',
        "print ready-to-paste accept-list entries for this rule's findings",
      ).conflicts('showSettings'),
    )
    .option('--reason <TEXT>', 'why the change is acceptable (required with --add-accept)')
    .option('--expires <YYYY-MM-DD>', 'last day the accept-list entries apply (with --add-accept, --print-accept)')
    .option('--service <name>', 'the service in the registry, for --usage (default: service in the configuration)')
    .option(
      '--server <url>',
      'with --usage: read the counts from a holdfast server (holdfast serve) instead of the local registry (default: HOLDFAST_SERVER; token: HOLDFAST_TOKEN)',
    );
  addUsageFlags(command)
    .addHelpText('after', HELP_AFTER)
    .action(async (options: CheckOptions) => {
      outcome.exitCode = await runCheck(options, context, program.version() ?? '0.0.0');
    });
}

async function runCheck(options: CheckOptions, context: CliContext, version: string): Promise<number> {
  const format = chooseFormat(options);
  const output = outputPath(options);
  const usageSpec = usageSpecOf(options);
  if (options.addAccept !== undefined && (options.reason === undefined || options.reason.trim() === '')) {
    throw new AppError(
      'USAGE',
      `Missing --reason for --add-accept ${options.addAccept}: an accept-list entry must say why the change is acceptable; expected --reason "...".`,
    );
  }
  // Imported here, not at the top: `holdfast --help` must not pay for the policy and pipeline.
  const [{ loadProjectPolicy, applyPolicy }, { renderReport, changeCounts, describeCounts }] = await Promise.all([
    import('../../policy/index.js'),
    import('../../report/index.js'),
  ]);
  const { config, policy } = await loadProjectPolicy(context.cwd, { file: options.config });
  if (options.failOn !== undefined) policy.failOn = options.failOn;

  // Before comparing (which may extract the app): a missing service is a usage error at once.
  const serviceForUsage =
    usageSpec === undefined || options.showSettings === true
      ? undefined
      : usageService(options.service, config.service, usageSpec);
  const root = await gitRoot(context.cwd);
  const settings = await resolveSettings(options, config, context, root);
  if (options.showSettings === true) {
    context.stdout.write(await renderSettings(settings, options, config, context));
    return 0;
  }
  const result = await compare(settings, context, root, maxInputBytes(context.env, options.maxInputMb));
  let outcome: PolicyOutcome = applyPolicy(result, policy);

  const acceptId = options.addAccept ?? options.printAccept;
  if (acceptId !== undefined) return accept(acceptId, outcome, options, config, context);
  if (usageSpec !== undefined && usageSpec.environment !== null && serviceForUsage !== undefined) {
    const ranked = await rankByUsage(context, outcome.result, {
      service: serviceForUsage,
      spec: { ...usageSpec, environment: usageSpec.environment },
      ignoreUnused: options.ignoreUnused === true,
      server: options.server,
      failOn: policy.failOn,
    });
    outcome = { ...outcome, result: ranked.result, blocked: ranked.blocked };
  }

  const color = format === 'text' && output === undefined && options.color && colorWanted(context);
  const report = renderReport(format, outcome.result, {
    minLevel: options.level,
    color,
    failOn: policy.failOn,
    toolVersion: version,
    docsUrl: docsUrl(context),
    pathPrefix: root === undefined ? undefined : toPosix(relative(root, resolve(context.cwd))),
  });
  const counts = describeCounts(changeCounts(outcome.result.findings));
  await deliverReport(report, format, output, summaryLine(outcome, counts), context);
  return outcome.blocked ? 1 : 0;
}

/** A resolved setting and where it came from, for --show-settings. */
interface Setting<T> {
  value: T;
  source: string;
}

type Contract = { kind: 'app'; app: string } | { kind: 'spec'; path: string };

type Base =
  | { kind: 'file'; path: string }
  | { kind: 'revision'; revision: string; label: string }
  /** Any input `holdfast diff` takes: `git:REV:PATH`, `py:APP`, a URL. */
  | { kind: 'input'; spec: string };

interface Settings {
  contract: Setting<Contract>;
  base: Setting<Base>;
  /** Why the base could not be resolved (only for --show-settings, which shows it instead). */
  baseError?: string;
  appDir: Setting<string | undefined>;
  python: Setting<string | undefined>;
  allowExternalRefs: Setting<boolean>;
}

async function resolveSettings(
  options: CheckOptions,
  config: HoldfastConfig,
  context: CliContext,
  root: string | undefined,
): Promise<Settings> {
  const configName = config.displayName ?? 'the configuration';
  let detectedAppDir: string | undefined;
  let contract = chooseContract(options, config, context.cwd);
  if (contract === undefined) {
    const detected = await detectApp(config, context);
    detectedAppDir = detected.appDir;
    contract = { value: { kind: 'app', app: detected.app }, source: detected.source };
  }
  // A base file in the configuration is relative to the configuration's folder, like spec.
  const source = options.base !== undefined ? '--base' : config.base !== undefined ? `base in ${configName}` : '';
  let base: Setting<Base>;
  let baseError: string | undefined;
  try {
    base =
      options.base !== undefined
        ? { value: await chooseBase(options.base, undefined, context, root), source }
        : config.base !== undefined
          ? { value: await chooseBase(config.base, config.root, context, root), source }
          : await defaultBase(context, root);
  } catch (error) {
    // --show-settings is how one finds out why: show the others and what went wrong here.
    if (options.showSettings !== true || !(error instanceof AppError)) throw error;
    base = { value: { kind: 'input', spec: '' }, source: source || 'default' };
    baseError = error.message;
  }
  return {
    contract,
    base,
    baseError,
    appDir: chooseAppDir(options, config, context.cwd, detectedAppDir),
    python:
      options.python !== undefined
        ? { value: options.python, source: '--python' }
        : config.python !== undefined
          ? { value: configuredPython(config), source: `python in ${configName}` }
          : { value: undefined, source: 'default' },
    allowExternalRefs:
      options.allowExternalRefs === true
        ? { value: true, source: '--allow-external-refs' }
        : config.allowExternalRefs !== undefined
          ? { value: config.allowExternalRefs, source: `allow-external-refs in ${configName}` }
          : { value: false, source: 'default' },
  };
}

/** --app, --spec, then the configuration's spec (no Python needed), then its app; else undefined. */
function chooseContract(options: CheckOptions, config: HoldfastConfig, cwd: string): Setting<Contract> | undefined {
  if (options.app !== undefined) return { value: { kind: 'app', app: options.app }, source: '--app' };
  if (options.spec !== undefined)
    return { value: { kind: 'spec', path: resolve(cwd, options.spec) }, source: '--spec' };
  const name = config.displayName ?? 'the configuration';
  if (config.spec !== undefined) {
    return { value: { kind: 'spec', path: resolve(config.root, config.spec) }, source: `spec in ${name}` };
  }
  if (config.app !== undefined) return { value: { kind: 'app', app: config.app }, source: `app in ${name}` };
  return undefined;
}

/**
 * The folder the app is imported from, relative to the working directory (a `git:` checkout of
 * the base reuses it): --app-dir, app-dir in the configuration (relative to its folder), the
 * folder of a detected app, else the configuration's folder, so `check` imports the same app from
 * any folder of the repository.
 */
function chooseAppDir(
  options: CheckOptions,
  config: HoldfastConfig,
  cwd: string,
  detected: string | undefined,
): Setting<string | undefined> {
  if (options.appDir !== undefined) return { value: options.appDir, source: '--app-dir' };
  const name = config.displayName ?? 'the configuration';
  if (config.appDir !== undefined) {
    return { value: fromCwd(cwd, resolve(config.root, config.appDir)), source: `app-dir in ${name}` };
  }
  if (detected !== undefined) return { value: detected, source: 'where the app was found' };
  if (config.file !== null) return { value: fromCwd(cwd, config.root), source: `the folder of ${name}` };
  return { value: undefined, source: 'default: the current folder' };
}

function fromCwd(cwd: string, folder: string): string {
  return toPosix(relative(resolve(cwd), folder)) || '.';
}

/**
 * Zero configuration: the FastAPI app `holdfast init` would pick (a module-level `FastAPI(...)` or
 * an app factory), said on stderr so the choice is visible; else an error saying how to configure.
 */
async function detectApp(
  config: HoldfastConfig,
  context: CliContext,
): Promise<{ app: string; appDir?: string; source: string }> {
  const { findApps } = await import('../../init/find-app.js');
  const [best, ...others] = await findApps(context.cwd);
  if (best !== undefined) {
    const also = others.length > 0 ? ` (also found: ${others.map((other) => other.target).join(', ')})` : '';
    context.stderr.write(
      `holdfast: no app or spec configured; checking ${best.target} from ${best.file}:${best.line}${also}. Run "holdfast init" to record it in pyproject.toml.\n`,
    );
    return { app: best.target, appDir: best.appDir, source: `found in ${best.file}:${best.line}` };
  }
  const where =
    config.displayName === null ? 'no configuration found' : `neither app nor spec in ${config.displayName}`;
  throw new AppError(
    'CHECK_NO_CONTRACT',
    `Nothing to check: no --app or --spec, ${where}, and no FastAPI app found in ${context.cwd}; expected the contract to compare. Pass --app module:attribute (e.g. --app main:app) or --spec openapi.json, or run "holdfast init" to write [tool.holdfast] app into pyproject.toml; retrying will not help.`,
  );
}

async function defaultBase(context: CliContext, root: string | undefined): Promise<Setting<Base>> {
  if (root === undefined) {
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not find the base to compare with: ${context.cwd} is not in a git repository; expected a git repository (the base defaults to the merge base with the default branch) or --base FILE. ${retryAdvice(false, 'Pass --base FILE')}`,
    );
  }
  const { revision, branch } = await mergeBase(context.cwd);
  return {
    value: { kind: 'revision', revision, label: `${revision} (merge base with ${branch})` },
    source: `default: the merge base of HEAD with ${branch}`,
  };
}

/** A file, an input holdfast reads (`git:`, `py:`, a URL), a revision, or `REV:PATH`. */
async function chooseBase(
  requested: string,
  configRoot: string | undefined,
  context: CliContext,
  root: string | undefined,
): Promise<Base> {
  const path = resolve(configRoot ?? context.cwd, requested);
  if (existsSync(path) && statSync(path).isFile()) return { kind: 'file', path };
  if (/^(?:git|py):|^https?:\/\//.test(requested)) return { kind: 'input', spec: requested };
  if (root !== undefined && (await isRevision(context.cwd, requested))) {
    return { kind: 'revision', revision: requested, label: requested };
  }
  // REV:PATH, as git writes it: the file at that revision (PATH relative to the repository root).
  const colon = requested.lastIndexOf(':');
  if (root !== undefined && colon > 0 && (await isRevision(context.cwd, requested.slice(0, colon)))) {
    return { kind: 'input', spec: `git:${requested}` };
  }
  const source = configRoot !== undefined ? 'base in the configuration' : '--base';
  throw new AppError(
    'CHECK_NO_BASE',
    `Could not find the base "${requested}" (${source}): no such file${root === undefined ? ', and not in a git repository' : ', git revision or REV:PATH'}; expected a contract file, a git revision such as origin/main, or REV:PATH. ${retryAdvice(false, 'Fix the base')}`,
  );
}

async function compare(
  settings: Settings,
  context: CliContext,
  root: string | undefined,
  maxBytes: number | undefined,
): Promise<ComparisonResult> {
  const contract = settings.contract.value;
  const base = settings.base.value;
  const options = {
    cwd: context.cwd,
    allowExternalRefs: settings.allowExternalRefs.value,
    readStdin: context.readStdin,
    python: settings.python.value,
    appDir: settings.appDir.value,
    env: context.env,
    maxInputBytes: maxBytes,
    parseWorker: parseWorker(context.env),
  };
  const compareSpecs: NonNullable<CliContext['compareSpecs']> =
    context.compareSpecs ?? (await import('../../pipeline.js')).compareSpecs;

  if (contract.kind === 'app') {
    const revision = `py:${contract.app}`;
    if (base.kind !== 'revision') return compareSpecs(baseInput(base, context.cwd), revision, options);
    const baseSpec = `git:${base.revision}:py:${contract.app}`;
    if (root !== undefined && context.compareSpecs === undefined) {
      const module = await moduleAt(contract.app, settings.appDir.value, base.revision, context.cwd, root);
      if (!module.exists) {
        // The pull request that adds the service, or moves the app: nothing to break at the base.
        context.stderr.write(
          `holdfast: the app module ${module.name} (${module.paths.join(' or ')}) does not exist at ${base.label}; comparing with an empty base, so every operation is new. Pass --base REV:PATH or --base FILE to compare with another contract.\n`,
        );
        return compareWithEmpty(baseSpec, revision, options);
      }
    }
    return compareSpecs(baseSpec, revision, options);
  }
  if (!existsSync(contract.path)) {
    throw new AppError(
      'LOAD_NOT_FOUND',
      `Could not read revision spec "${displayPath(contract.path, context.cwd)}": file not found; expected the service's OpenAPI file (--spec or spec in the configuration). ${retryAdvice(false, 'Fix the path')}`,
    );
  }
  const revision = displayPath(contract.path, context.cwd);
  if (base.kind !== 'revision') return compareSpecs(baseInput(base, context.cwd), revision, options);
  const inRepository = root === undefined ? undefined : toPosix(relative(root, contract.path));
  if (inRepository === undefined || inRepository.startsWith('..') || isAbsolute(inRepository)) {
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not read the base of "${revision}": the file is outside the git repository; expected a file inside it, or --base FILE. ${retryAdvice(false, 'Pass --base FILE')}`,
    );
  }
  const baseSpec = `git:${base.revision}:${inRepository}`;
  if (context.compareSpecs === undefined && !(await existsAt(context.cwd, base.revision, inRepository))) {
    // A branch that adds the spec: everything in it is new, compared with an empty contract.
    context.stderr.write(`holdfast: ${inRepository} does not exist at ${base.label}; every operation is new.\n`);
    return compareWithEmpty(baseSpec, revision, options);
  }
  return compareSpecs(baseSpec, revision, options);
}

/** A base given as a file or an input, as `holdfast diff` would take it. */
function baseInput(base: Exclude<Base, { kind: 'revision' }>, cwd: string): string {
  return base.kind === 'file' ? displayPath(base.path, cwd) : base.spec;
}

async function compareWithEmpty(
  baseSpec: string,
  revision: string,
  options: import('../../pipeline.js').CompareOptions,
): Promise<ComparisonResult> {
  const pipeline = await import('../../pipeline.js');
  const empty = { uri: baseSpec, displayName: baseSpec, text: emptyContract() };
  const [baseContract, revisionContract] = await pipeline.bothSides(
    pipeline.contractFromSource(empty, 'base', options),
    pipeline.loadContract(revision, 'revision', options),
  );
  return pipeline.compareContracts(baseContract, revisionContract, options);
}

/**
 * Whether the app's module exists at `revision`: `shop.main` is `shop/main.py` or
 * `shop/main/__init__.py` under the app folder (paths relative to the repository root).
 */
async function moduleAt(
  app: string,
  appDir: string | undefined,
  revision: string,
  cwd: string,
  root: string,
): Promise<{ exists: boolean; name: string; paths: string[] }> {
  const name = app.split(':')[0];
  const folder = toPosix(relative(root, resolve(cwd, appDir ?? '.')));
  const modulePath = name.split('.').join('/');
  const paths = [`${modulePath}.py`, `${modulePath}/__init__.py`].map((path) =>
    folder === '' ? path : `${folder}/${path}`,
  );
  for (const path of paths) {
    if (await existsAt(cwd, revision, path)) return { exists: true, name, paths };
  }
  return { exists: false, name, paths };
}

/** `python` from the configuration: a path is relative to the configuration's folder, a bare name is looked up on PATH. */
function configuredPython(config: { python?: string; root: string }): string | undefined {
  if (config.python === undefined) return undefined;
  return /[\\/]/.test(config.python) ? resolve(config.root, config.python) : config.python;
}

function emptyContract(): string {
  return JSON.stringify({ openapi: '3.1.0', info: { title: 'none', version: '0' }, paths: {} });
}

function summaryLine(outcome: PolicyOutcome, counts: string): string {
  const accepted = outcome.accepted.length > 0 ? `, ${outcome.accepted.length} accepted` : '';
  const downgraded = outcome.result.usage?.downgraded ?? 0;
  const unused = downgraded > 0 ? `, ${downgraded} downgraded by --ignore-unused` : '';
  const verdict = outcome.blocked ? 'blocked' : 'passed';
  return `holdfast: ${verdict}: ${counts}${accepted}${unused}; suggested version bump: ${outcome.semver}.`;
}

/** --show-settings: each resolved setting, `name = value  # where it comes from`. */
async function renderSettings(
  settings: Settings,
  options: CheckOptions,
  config: HoldfastConfig,
  context: CliContext,
): Promise<string> {
  const rows: [string, string, string][] = [];
  const contract = settings.contract.value;
  rows.push([
    contract.kind === 'app' ? 'app' : 'spec',
    contract.kind === 'app' ? contract.app : displayPath(contract.path, context.cwd),
    settings.contract.source,
  ]);
  if (contract.kind === 'app') {
    rows.push(['app-dir', settings.appDir.value ?? '.', settings.appDir.source]);
    const { resolveInterpreter } = await import('../../extract/interpreter.js');
    const row = await resolveInterpreter({
      cwd: context.cwd,
      python: settings.python.value,
      appDir: settings.appDir.value,
      env: context.env,
    }).then(
      (chosen): [string, string] => [
        chosen.path,
        settings.python.value === undefined ? `default: ${chosen.description}` : settings.python.source,
      ],
      (error: unknown): [string, string] => [
        `(not found: ${error instanceof Error ? error.message : String(error)})`,
        settings.python.source,
      ],
    );
    rows.push(['python', ...row]);
  }
  const base = settings.base.value;
  rows.push([
    'base',
    settings.baseError !== undefined
      ? `(not resolved: ${settings.baseError})`
      : base.kind === 'file'
        ? displayPath(base.path, context.cwd)
        : base.kind === 'input'
          ? base.spec
          : base.revision,
    settings.base.source,
  ]);
  const name = config.displayName ?? 'the configuration';
  const fromConfig = (flag: string | undefined, key: string, value: unknown): string =>
    flag !== undefined ? flag : value !== undefined ? `${key} in ${name}` : 'default';
  rows.push([
    'fail-on',
    options.failOn ?? config.failOn ?? 'breaking',
    fromConfig(options.failOn === undefined ? undefined : '--fail-on', 'fail-on', config.failOn),
  ]);
  rows.push(['level', options.level, options.level === 'info' ? 'default' : '--level']);
  rows.push([
    'format',
    chooseFormat(options),
    options.format !== undefined || options.outputFormat !== undefined ? '--format' : 'default',
  ]);
  rows.push([
    'output',
    outputPath(options) ?? 'standard output',
    outputPath(options) === undefined ? 'default' : '--output',
  ]);
  rows.push(['allow-external-refs', String(settings.allowExternalRefs.value), settings.allowExternalRefs.source]);
  // Only for projects that rank by usage: the others see the settings they always saw.
  if (options.service !== undefined || config.service !== undefined) {
    rows.push([
      'service',
      options.service ?? config.service ?? '',
      options.service !== undefined ? '--service' : `service in ${config.displayName ?? 'the configuration'}`,
    ]);
  }
  const usage = usageSpecOf(options);
  if (usage !== undefined) {
    const window = `${usage.environment ?? ''}, last ${usage.days} days${options.ignoreUnused === true ? ', ignore unused' : ''}`;
    rows.push(['usage', window, options.ignoreUnused === true ? '--usage --ignore-unused' : '--usage']);
  }
  const listed = (key: string, values: readonly string[], empty = '[]'): void => {
    rows.push([
      key,
      values.length === 0 ? empty : values.join(', '),
      values.length === 0 ? 'default' : `${key} in ${name}`,
    ]);
  };
  listed(
    'rules',
    Object.entries(config.rules).map(([rule, level]) => `${rule} = ${level}`),
    '{}',
  );
  listed('include', config.include);
  listed('exclude', config.exclude);
  listed('skip-stability', config.skipStability);
  if (config.deprecation !== undefined) {
    rows.push(['deprecation.min-days', String(config.deprecation.minDays), `deprecation in ${name}`]);
  }
  rows.push([
    'accept',
    config.accept.length === 1 ? '1 entry' : `${config.accept.length} entries`,
    config.accept.length === 0 ? 'default' : `accept in ${name}`,
  ]);
  const where =
    config.file === null
      ? 'Configuration: none found (searched from the current folder up to the repository root); defaults apply.'
      : `Configuration: ${config.displayName} (${config.file})`;
  // Aligned comments, except that one long value (a path, an error) does not push all of them right.
  const width = Math.max(0, ...rows.map(([key, value]) => `${key} = ${value}`.length).filter((length) => length <= 60));
  const lines = rows.map(([key, value, source]) => `${`${key} = ${value}`.padEnd(width)}  # ${source}`);
  return `${where}\n${lines.join('\n')}\n`;
}

/** --add-accept / --print-accept: the findings of one rule as accept-list entries. */
async function accept(
  ruleId: string,
  outcome: PolicyOutcome,
  options: CheckOptions,
  config: HoldfastConfig,
  context: CliContext,
): Promise<number> {
  const open = outcome.result.findings.filter((finding) => finding.accepted === undefined);
  const matching = open.filter((finding) => finding.id === ruleId);
  if (matching.length === 0) {
    const ids = [...new Set(open.map((finding) => finding.id))].sort();
    const found = ids.length === 0 ? 'this check has no unaccepted findings' : `this check found ${ids.join(', ')}`;
    throw new AppError(
      'CHECK_NO_FINDING',
      `Could not make an accept-list entry for "${ruleId}": no unaccepted finding of that rule (${found}); expected the rule id of a finding in the report. ${retryAdvice(false, 'Check the id')}`,
    );
  }
  const entries = acceptEntries(matching, options.reason ?? 'TODO: say why this change is acceptable', options.expires);
  const [{ insertAcceptEntries, parseConfig, renderAcceptEntries }, { knownRuleIds }] = await Promise.all([
    import('../../config/index.js'),
    import('../../policy/index.js'),
  ]);
  const target = acceptTarget(config, context.cwd);
  if (options.printAccept !== undefined) {
    context.stdout.write(renderAcceptEntries(target.format, entries));
    return 0;
  }
  const before = existsSync(target.file) ? await readFile(target.file, 'utf8') : '';
  const text = insertAcceptEntries(before, target.format, entries, target.displayName);
  // Parse what would be written: the edit must add exactly these entries and break nothing else.
  const parsed = parseConfig(text, {
    format: target.format,
    file: target.file,
    displayName: target.displayName,
    root: dirname(target.file),
    knownRules: await knownRuleIds(),
  });
  if (parsed === null || parsed.accept.length !== config.accept.length + entries.length) {
    throw new AppError(
      'CONFIG_INVALID',
      `Could not add to the accept-list in ${target.displayName}: the edited file does not read back with ${entries.length} more entries; expected a file holdfast can edit. Add this by hand; retrying will not help:\n${renderAcceptEntries(target.format, entries).trimEnd()}`,
    );
  }
  await writeFile(target.file, text);
  const count = entries.length === 1 ? '1 accept-list entry' : `${entries.length} accept-list entries`;
  const covered = matching.length === 1 ? '1 finding' : `${matching.length} findings`;
  context.stdout.write(
    `holdfast: added ${count} for ${ruleId} (${covered}) to ${target.displayName}${target.created ? ' (created)' : ''}.\n`,
  );
  return 0;
}

/**
 * One entry per change: a change in a shared component by component and pointer (it covers every
 * operation that reaches it), any other finding by operation (and pointer when the operation has
 * several findings of the rule).
 */
function acceptEntries(findings: readonly Finding[], reason: string, expires: string | undefined): AcceptEntryText[] {
  const perOperation = new Map<string, number>();
  for (const finding of findings) {
    if (finding.component !== null) continue;
    const key = operationOf(finding);
    perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
  }
  const entries = new Map<string, AcceptEntryText>();
  for (const finding of findings) {
    const entry: AcceptEntryText = { rule: finding.id, reason };
    if (finding.component !== null) {
      entry.component = finding.component.replace(/^#\/components\/schemas\//, '');
      entry.pointer = finding.location.pointer;
    } else {
      const operation = operationOf(finding);
      if (operation !== '') entry.operation = operation;
      if (operation === '' || (perOperation.get(operation) ?? 0) > 1) entry.pointer = finding.location.pointer;
    }
    if (expires !== undefined) entry.expires = expires;
    entries.set(JSON.stringify(entry), entry);
  }
  return [...entries.values()];
}

function operationOf(finding: Finding): string {
  return finding.operation === null ? '' : `${finding.operation.method.toUpperCase()} ${finding.operation.path}`;
}

/**
 * Where entries go: the configuration in use; without one, pyproject.toml in the current folder
 * when there is one (a `[tool.holdfast]` table is started), else a new holdfast.yaml.
 */
function acceptTarget(
  config: HoldfastConfig,
  cwd: string,
): { file: string; displayName: string; format: 'toml' | 'yaml'; created: boolean } {
  if (config.file !== null) {
    return {
      file: config.file,
      displayName: config.displayName ?? config.file,
      format: /\.toml$/i.test(config.file) ? 'toml' : 'yaml',
      created: false,
    };
  }
  const pyproject = join(resolve(cwd), 'pyproject.toml');
  if (existsSync(pyproject)) return { file: pyproject, displayName: 'pyproject.toml', format: 'toml', created: false };
  return { file: join(resolve(cwd), 'holdfast.yaml'), displayName: 'holdfast.yaml', format: 'yaml', created: true };
}

/** A path as the user would write it from `cwd`: relative (`openapi.yaml`, `../../openapi.yaml`). */
function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const relativePath = relative(resolve(cwd), path);
  return relativePath === '' || isAbsolute(relativePath) ? path : toPosix(relativePath);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Where rule documentation lives, for SARIF `helpUri` and HTML links: `HOLDFAST_DOCS_URL` when
 * set (a published copy), else the docs/ folder installed with holdfast, as a file URL.
 */
function docsUrl(context: CliContext): string | undefined {
  const configured = context.env.HOLDFAST_DOCS_URL;
  if (configured !== undefined && configured !== '') return configured.endsWith('/') ? configured : `${configured}/`;
  // Same search from src/cli/commands (tests) and dist/bundle (installed).
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    if (existsSync(join(folder, 'docs', 'rules.md'))) return pathToFileURL(join(folder, 'docs', '/')).href;
    folder = dirname(folder);
  }
  return undefined;
}
