/**
 * `holdfast check`: compare the service now with its base and apply the project's policy. The
 * base defaults to the merge base of HEAD with the default branch; the contract is the app
 * (`py:APP`, extracted) or a committed spec file, from the flags or the configuration
 * (`[tool.holdfast]` in pyproject.toml, or holdfast.yaml). Exit 0 (nothing blocks), 1 (a finding
 * at or above fail-on that is not accepted), 2 (could not run).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Command, Option } from 'commander';
import { FAIL_ON_LEVELS, type FailOn } from '../../config/types.js';
import { AppError, retryAdvice } from '../../errors.js';
import type { PolicyOutcome } from '../../policy/index.js';
import { REPORT_FORMATS, type ReportFormat, resolveReportFormat } from '../../report/formats.js';
import { type ComparisonResult, LEVELS, type Level } from '../../rules/types.js';
import { maxInputBytes } from '../_limits.js';
import type { CliContext, CommandOutcome } from '../context.js';
import { existsAt, gitRoot, isRevision, mergeBase } from './_git.js';
import { colorWanted, oneOf } from './diff.js';

interface CheckOptions {
  base?: string;
  app?: string;
  spec?: string;
  format?: string;
  outputFormat?: string;
  failOn?: FailOn;
  level: Level;
  outputFile?: string;
  config?: string;
  allowExternalRefs?: boolean;
  color: boolean;
  python?: string;
  appDir?: string;
}

const FORMAT_NAMES = [...REPORT_FORMATS, 'full', 'concise'];

const HELP_AFTER = `
The contract:
  --app APP          extract it from a Python app (module:attribute, e.g. main:app): compares
                     git:BASE:py:APP with py:APP
  --spec FILE        a committed OpenAPI file: compares git:BASE:FILE with FILE
  neither            app or spec from [tool.holdfast] in pyproject.toml, or holdfast.yaml
                     ("holdfast init" writes it); else the FastAPI app found in the project

The base (--base, else "base" in the configuration, else the merge base of HEAD with the
default branch: origin/HEAD, main or master):
  --base origin/main a git revision
  --base old.json    a contract file

Exit status:
  0  nothing at or above --fail-on remains (accepted findings never block)
  1  a finding at or above --fail-on remains
  2  holdfast could not run (bad input, configuration or usage)

Examples:
  holdfast check --app shop.main:app
  holdfast check --spec openapi.json --base origin/main --format sarif -o holdfast.sarif
  holdfast check --output-format github      # ruff's flag name works too
`;

/** Registers `check` on `program`; the action records its exit status in `outcome`. */
export function registerCheck(program: Command, context: CliContext, outcome: CommandOutcome): void {
  program
    .command('check')
    .description("Check the service's contract against its base and the project's policy (for CI and pre-commit).")
    .option(
      '--base <REF|FILE>',
      'git revision or contract file to compare with (default: merge base with the default branch)',
    )
    .addOption(new Option('--app <APP>', 'Python app to extract the contract from, module:attribute').conflicts('spec'))
    .option('--spec <FILE>', 'OpenAPI file of the service (instead of --app)')
    .addOption(
      new Option(
        '--format <format>',
        `report format: ${REPORT_FORMATS.join(', ')}; full and concise mean text (default text)`,
      ),
    )
    .addOption(new Option('--output-format <format>', 'same as --format (the name ruff uses)'))
    .addOption(
      new Option(
        '--fail-on <level>',
        `exit 1 when an unaccepted finding at or above this level remains: ${FAIL_ON_LEVELS.join(', ')} (default: configuration, else breaking)`,
      ).argParser(oneOf('--fail-on', FAIL_ON_LEVELS)),
    )
    .addOption(
      new Option('--level <level>', `lowest level to list: ${LEVELS.join(', ')} (the summary still counts all)`)
        .default('info')
        .argParser(oneOf('--level', LEVELS)),
    )
    .option('-o, --output-file <FILE>', 'write the report to FILE instead of standard output')
    .option('--config <FILE>', 'configuration file (default: holdfast.yaml or pyproject.toml, searched upwards)')
    .option('--allow-external-refs', "let $ref reach files outside the document's folder and remote URLs")
    .option(
      '--python <path>',
      'Python interpreter for --app (default: configuration, else as "holdfast extract" picks it)',
    )
    .option(
      '--app-dir <dir>',
      'folder put first on sys.path for --app (default: configuration, else the current folder)',
    )
    .option('--no-color', 'plain text output even on a terminal (NO_COLOR=1 does the same)')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: CheckOptions) => {
      outcome.exitCode = await runCheck(options, context, program.version() ?? '0.0.0');
    });
}

async function runCheck(options: CheckOptions, context: CliContext, version: string): Promise<number> {
  const format = chooseFormat(options);
  // Imported here, not at the top: `holdfast --help` must not pay for the policy and pipeline.
  const [{ loadProjectPolicy, applyPolicy }, { renderReport }] = await Promise.all([
    import('../../policy/index.js'),
    import('../../report/index.js'),
  ]);
  const { config, policy } = await loadProjectPolicy(context.cwd, { file: options.config });
  if (options.failOn !== undefined) policy.failOn = options.failOn;

  const root = await gitRoot(context.cwd);
  const contract = chooseContract(options, config, context.cwd) ?? (await detectApp(config, context));
  // A base file in the configuration is relative to the configuration's folder, like spec.
  const fromConfig = options.base === undefined && config.base !== undefined;
  const base = await chooseBase(options.base ?? config.base, fromConfig ? config.root : undefined, context, root);
  const result = await compare(contract, base, {
    context,
    root,
    allowExternalRefs: options.allowExternalRefs === true || config.allowExternalRefs === true,
    python: options.python ?? configuredPython(config),
    appDir: options.appDir ?? configuredAppDir(config, context.cwd) ?? detectedAppDir(contract),
  });

  const outcome: PolicyOutcome = applyPolicy(result, policy);
  const color = format === 'text' && options.outputFile === undefined && options.color && colorWanted(context);
  const report = renderReport(format, outcome.result, {
    minLevel: options.level,
    color,
    failOn: policy.failOn,
    toolVersion: version,
    docsUrl: docsUrl(context),
    pathPrefix: root === undefined ? undefined : toPosix(relative(root, resolve(context.cwd))),
  });

  const line = summaryLine(outcome);
  if (options.outputFile !== undefined) {
    const target = resolve(context.cwd, options.outputFile);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, report);
    context.stdout.write(`${line} Report written to ${options.outputFile}.\n`);
  } else {
    context.stdout.write(report);
    // Machine formats stay parseable on stdout; the one-line verdict goes to stderr for the log.
    if (format !== 'text' && format !== 'markdown' && format !== 'html') context.stderr.write(`${line}\n`);
  }
  return outcome.blocked ? 1 : 0;
}

function chooseFormat(options: CheckOptions): ReportFormat {
  const given = [
    { flag: '--format', name: options.format },
    { flag: '--output-format', name: options.outputFormat },
  ].filter((entry): entry is { flag: string; name: string } => entry.name !== undefined);
  const names = given.map((entry) => entry.name);
  const formats = given.map(({ flag, name }) => {
    const format = resolveReportFormat(name);
    if (format === undefined) {
      throw new AppError('USAGE', `Invalid ${flag} "${name}": expected one of ${FORMAT_NAMES.join(', ')}.`);
    }
    return format;
  });
  if (formats.length === 2 && formats[0] !== formats[1]) {
    throw new AppError(
      'USAGE',
      `Conflicting report formats: --format ${names[0]} and --output-format ${names[1]}; expected one format (the two flags are the same option).`,
    );
  }
  return formats[0] ?? 'text';
}

type Contract = { kind: 'app'; app: string; appDir?: string } | { kind: 'spec'; path: string };

function detectedAppDir(contract: Contract): string | undefined {
  return contract.kind === 'app' ? contract.appDir : undefined;
}

interface ConfigLike {
  app?: string;
  spec?: string;
  root: string;
  displayName: string | null;
}

/** --app, --spec, then the configuration's spec (no Python needed), then its app; else undefined. */
function chooseContract(options: CheckOptions, config: ConfigLike, cwd: string): Contract | undefined {
  if (options.app !== undefined) return { kind: 'app', app: options.app };
  if (options.spec !== undefined) return { kind: 'spec', path: resolve(cwd, options.spec) };
  if (config.spec !== undefined) return { kind: 'spec', path: resolve(config.root, config.spec) };
  if (config.app !== undefined) return { kind: 'app', app: config.app };
  return undefined;
}

/**
 * Zero configuration: the FastAPI app `holdfast init` would pick (a module-level `FastAPI(...)` or
 * an app factory), said on stderr so the choice is visible; else an error saying how to configure.
 */
async function detectApp(config: ConfigLike, context: CliContext): Promise<Contract> {
  const { findApps } = await import('../../init/find-app.js');
  const [best, ...others] = await findApps(context.cwd);
  if (best !== undefined) {
    const also = others.length > 0 ? ` (also found: ${others.map((other) => other.target).join(', ')})` : '';
    context.stderr.write(
      `holdfast: no app or spec configured; checking ${best.target} from ${best.file}:${best.line}${also}. Run "holdfast init" to record it in pyproject.toml.\n`,
    );
    return { kind: 'app', app: best.target, appDir: best.appDir };
  }
  const where =
    config.displayName === null ? 'no configuration found' : `neither app nor spec in ${config.displayName}`;
  throw new AppError(
    'CHECK_NO_CONTRACT',
    `Nothing to check: no --app or --spec, ${where}, and no FastAPI app found in ${context.cwd}; expected the contract to compare. Pass --app module:attribute (e.g. --app main:app) or --spec openapi.json, or run "holdfast init" to write [tool.holdfast] app into pyproject.toml; retrying will not help.`,
  );
}

type Base = { kind: 'file'; path: string } | { kind: 'revision'; revision: string; label: string };

async function chooseBase(
  requested: string | undefined,
  configRoot: string | undefined,
  context: CliContext,
  root: string | undefined,
): Promise<Base> {
  const fromConfig = configRoot !== undefined;
  if (requested !== undefined) {
    const path = resolve(configRoot ?? context.cwd, requested);
    if (existsSync(path) && statSync(path).isFile()) return { kind: 'file', path };
    if (root !== undefined && (await isRevision(context.cwd, requested))) {
      return { kind: 'revision', revision: requested, label: requested };
    }
    const source = fromConfig ? 'base in the configuration' : '--base';
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not find the base "${requested}" (${source}): no such file${root === undefined ? ', and not in a git repository' : ' and no such git revision'}; expected a contract file or a git revision such as origin/main. ${retryAdvice(false, 'Fix the base')}`,
    );
  }
  if (root === undefined) {
    throw new AppError(
      'CHECK_NO_BASE',
      `Could not find the base to compare with: ${context.cwd} is not in a git repository; expected a git repository (the base defaults to the merge base with the default branch) or --base FILE. ${retryAdvice(false, 'Pass --base FILE')}`,
    );
  }
  const { revision, branch } = await mergeBase(context.cwd);
  return { kind: 'revision', revision, label: `${revision} (merge base with ${branch})` };
}

interface CompareSetup {
  context: CliContext;
  root: string | undefined;
  allowExternalRefs: boolean;
  python: string | undefined;
  appDir: string | undefined;
}

async function compare(contract: Contract, base: Base, setup: CompareSetup): Promise<ComparisonResult> {
  const { context, root } = setup;
  const options = {
    cwd: context.cwd,
    allowExternalRefs: setup.allowExternalRefs,
    readStdin: context.readStdin,
    python: setup.python,
    appDir: setup.appDir,
    env: context.env,
    maxInputBytes: maxInputBytes(context.env),
  };
  const compareSpecs: NonNullable<CliContext['compareSpecs']> =
    context.compareSpecs ?? (await import('../../pipeline.js')).compareSpecs;
  if (contract.kind === 'app') {
    const revision = `py:${contract.app}`;
    const baseSpec = base.kind === 'file' ? base.path : `git:${base.revision}:py:${contract.app}`;
    return compareSpecs(displayPath(baseSpec, context.cwd), revision, options);
  }
  if (!existsSync(contract.path)) {
    throw new AppError(
      'LOAD_NOT_FOUND',
      `Could not read revision spec "${displayPath(contract.path, context.cwd)}": file not found; expected the service's OpenAPI file (--spec or spec in the configuration). ${retryAdvice(false, 'Fix the path')}`,
    );
  }
  const revision = displayPath(contract.path, context.cwd);
  if (base.kind === 'file') return compareSpecs(displayPath(base.path, context.cwd), revision, options);
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
    const pipeline = await import('../../pipeline.js');
    const empty = { uri: baseSpec, displayName: baseSpec, text: emptyContract() };
    const [baseContract, revisionContract] = await Promise.all([
      pipeline.contractFromSource(empty, 'base', options),
      pipeline.loadContract(revision, 'revision', options),
    ]);
    return pipeline.compareContracts(baseContract, revisionContract, options);
  }
  return compareSpecs(baseSpec, revision, options);
}

/** `python` from the configuration: a path is relative to the configuration's folder, a bare name is looked up on PATH. */
function configuredPython(config: { python?: string; root: string }): string | undefined {
  if (config.python === undefined) return undefined;
  return /[\\/]/.test(config.python) ? resolve(config.root, config.python) : config.python;
}

/** `app-dir` from the configuration, relative to the working directory (a `git:` checkout reuses it). */
function configuredAppDir(config: { appDir?: string; root: string }, cwd: string): string | undefined {
  if (config.appDir === undefined) return undefined;
  return toPosix(relative(resolve(cwd), resolve(config.root, config.appDir))) || '.';
}

function emptyContract(): string {
  return JSON.stringify({ openapi: '3.1.0', info: { title: 'none', version: '0' }, paths: {} });
}

function summaryLine(outcome: PolicyOutcome): string {
  const { summary } = outcome.result;
  const parts = [`${summary.breaking} breaking`, `${summary.warning} warning`, `${summary.info} info`];
  if (outcome.accepted.length > 0) parts.push(`${outcome.accepted.length} accepted`);
  const verdict = outcome.blocked ? 'blocked' : 'passed';
  return `holdfast: ${verdict} (${parts.join(', ')}); suggested version bump: ${outcome.semver}.`;
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
