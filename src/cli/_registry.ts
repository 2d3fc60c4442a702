/**
 * What the registry commands share: opening the store the environment names, the project's
 * policy, `--format`, and printing a result. Private to src/cli. The store, the registry and the
 * policy are imported on demand so `holdfast --help` stays fast.
 */
import { execFile } from 'node:child_process';
import { type Command, Option } from 'commander';
import { AppError } from '../errors.js';
import type { CliContext } from './context.js';

type Registry = typeof import('../registry/index.js');
type StoreModule = typeof import('../store/index.js');
type Store = Awaited<ReturnType<StoreModule['openStore']>>;
type RegistryOptions = import('../registry/index.js').RegistryOptions;

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface RegistryRun {
  registry: Registry;
  store: Store;
  options: RegistryOptions;
}

/** Adds `--format text|json` (default text) and `--server URL` (a holdfast server instead of a database). */
export function formatOption(command: Command): Command {
  return serverOption(command).addOption(
    new Option('--format <format>', `output format: ${FORMATS.join(', ')}`).default('text').argParser((value) => {
      const match = FORMATS.find((format) => format === value);
      if (match === undefined) {
        throw new AppError('USAGE', `Invalid --format "${value}": expected one of ${FORMATS.join(', ')}.`);
      }
      return match;
    }),
  );
}

/** Adds `--server URL`: run the command against `holdfast serve` (default HOLDFAST_SERVER). */
export function serverOption(command: Command): Command {
  return command.option(
    '--server <url>',
    'a holdfast server (holdfast serve) to talk to instead of the database (default: HOLDFAST_SERVER; token: HOLDFAST_TOKEN)',
  );
}

/** Parses a whole number of at least 1 (`--limit`). */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new AppError('USAGE', `Invalid number "${value}": expected a whole number of at least 1.`);
  }
  return parsed;
}

export const STORE_HELP = `
Registry server (instead of a database): --server URL or HOLDFAST_SERVER=url, with
  HOLDFAST_TOKEN=token (holdfast token create); output and exit status are the same.
Registry database:
  .holdfast/registry.db at the git root (or the current folder), created by the first command
  that writes (publish, deploy, environment create); commands that only read never create it.
  HOLDFAST_DB=path            another SQLite file
  HOLDFAST_DATABASE_URL=url   PostgreSQL (postgres://user:password@host:port/db[?schema=name])
  HOLDFAST_BUSY_TIMEOUT_MS=n  how long to wait for another command's lock (default 5000)
`;

/**
 * Opens the store, runs `work`, and closes the store whatever happens.
 *
 * Environment: `HOLDFAST_DATABASE_URL` / `HOLDFAST_DB` (which database), `HOLDFAST_BUSY_TIMEOUT_MS`,
 * and `HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS`: a test hook that pauses every write transaction just
 * before it commits (tests kill the process there to check nothing half-written remains).
 */
export async function withRegistry<T>(
  context: CliContext,
  work: (run: RegistryRun) => Promise<T>,
  settings: { mustExist?: boolean } = {},
): Promise<T> {
  const [storeModule, registry] = await Promise.all([import('../store/index.js'), import('../registry/index.js')]);
  const config = storeModule.resolveStoreConfig({ env: context.env, cwd: context.cwd });
  const pauseMs = Number(context.env.HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS ?? '');
  const busyTimeoutMs = Number(context.env.HOLDFAST_BUSY_TIMEOUT_MS ?? '');
  const store = await storeModule.openStore(config, {
    // Read-only commands never create a database or a folder: a missing registry is an error.
    mustExist: settings.mustExist === true,
    origin: storeOrigin(context.env),
    busyTimeoutMs: Number.isFinite(busyTimeoutMs) && busyTimeoutMs > 0 ? busyTimeoutMs : undefined,
    beforeCommit:
      Number.isFinite(pauseMs) && pauseMs > 0
        ? async () => {
            context.stderr.write(`holdfast: test hook: pausing ${pauseMs} ms before commit\n`);
            await new Promise((resolve) => setTimeout(resolve, pauseMs));
          }
        : undefined,
  });
  try {
    return await work({ registry, store, options: { cwd: context.cwd, policy: await projectPolicy(context) } });
  } finally {
    await store.close();
  }
}

type Operations = import('../server/client.js').RegistryOperations;

export interface ApiRun {
  /** The registry module, for its renderers. */
  registry: Registry;
  /** The operations: on the local database, or on the server `--server` / HOLDFAST_SERVER names. */
  api: Operations;
  /** True when `api` is a server. */
  remote: boolean;
}

/** The server a command talks to: `--server`, else HOLDFAST_SERVER, else none (the local database). */
export function serverUrl(context: CliContext, flag: string | undefined): string | undefined {
  const value = flag ?? context.env.HOLDFAST_SERVER;
  return value?.trim() ? value.trim() : undefined;
}

/**
 * Runs `work` with the registry operations: over HTTP when a server is named (`--server` or
 * HOLDFAST_SERVER, with HOLDFAST_TOKEN), else on the local database (see withRegistry). Results
 * are the same objects either way, so the command renders and exits the same.
 */
export async function withApi<T>(
  context: CliContext,
  server: string | undefined,
  work: (run: ApiRun) => Promise<T>,
  settings: { mustExist?: boolean } = {},
): Promise<T> {
  const url = serverUrl(context, server);
  if (url !== undefined) {
    const [{ RegistryClient }, registry] = await Promise.all([
      import('../server/client.js'),
      import('../registry/index.js'),
    ]);
    return work({
      registry,
      api: new RegistryClient({ server: url, token: context.env.HOLDFAST_TOKEN }),
      remote: true,
    });
  }
  if (context.env.HOLDFAST_TOKEN?.trim()) {
    // A token means a server was meant: without one the command would quietly read and write a
    // registry database here (in CI, a throwaway one), and report success.
    throw new AppError(
      'USAGE',
      'HOLDFAST_TOKEN is set but no server is named: neither --server nor HOLDFAST_SERVER; expected HOLDFAST_SERVER=URL of the holdfast serve the token belongs to. Set HOLDFAST_SERVER (or pass --server URL), or unset HOLDFAST_TOKEN to use the registry database here; retrying will not help.',
    );
  }
  return withRegistry(
    context,
    ({ registry, store, options }) => work({ registry, api: localOperations(registry, store, options), remote: false }),
    settings,
  );
}

function localOperations(registry: Registry, store: Store, options: RegistryOptions): Operations {
  return {
    publish: (input) => registry.publish(store, input, options),
    deploy: (input) => registry.deploy(store, input, options),
    canIDeploy: (input) => registry.canIDeploy(store, input, options),
    compareDeployment: (input) => registry.compareDeployment(store, input, options),
    rollbackPlan: (input) => registry.rollbackPlan(store, input, options),
    rollbackRecord: (input) => registry.rollbackRecord(store, input, options),
    undo: (input) => registry.undo(store, input, options),
    history: (input) => registry.history(store, input, options),
    listServices: () => registry.listServices(store),
    listEnvironments: () => registry.listEnvironments(store),
    listVersions: (input) => registry.listVersions(store, input),
    showVersion: (input) => registry.showVersion(store, input),
    diffVersions: (input) => registry.diffVersions(store, input, options),
    createEnvironment: (input) => registry.createEnvironment(store, input, options),
    setService: (input) => registry.setService(store, input, options),
    ingestUsage: (input) => registry.ingestUsage(store, input, options),
    showUsage: (input) => registry.showUsage(store, input, options),
    usageByOperation: (input) => registry.usageByOperation(store, input, options),
    createToken: (input) => registry.createToken(store, input, options),
    listTokens: () => registry.listTokens(store),
    revokeToken: (input) => registry.revokeToken(store, input, options),
  };
}

/** Where the registry location came from, for "no registry" messages. */
function storeOrigin(env: Record<string, string | undefined>): string {
  if (env.HOLDFAST_DATABASE_URL?.trim()) return 'set by HOLDFAST_DATABASE_URL';
  if (env.HOLDFAST_DB?.trim()) return 'set by HOLDFAST_DB';
  return 'the default .holdfast/registry.db at the project root; neither HOLDFAST_DB nor HOLDFAST_DATABASE_URL is set';
}

/** The one place the registry commands get their policy (the project's configuration, else defaults). */
async function projectPolicy(context: CliContext) {
  const { loadPolicy } = await import('../policy/index.js');
  return loadPolicy(context.cwd);
}

/** Prints `result` as JSON or with its text renderer. */
export function print<T>(
  context: CliContext,
  registry: Registry,
  format: Format,
  result: T,
  text: (result: T) => string,
) {
  context.stdout.write(
    format === 'json' ? registry.registryJson(result as Parameters<Registry['registryJson']>[0]) : text(result),
  );
}

/**
 * Git branch and commit of the working copy (or of REV for `git:REV:PATH`); nulls outside git.
 * `dirty`: whether the contract file has uncommitted changes (false for `git:REV:PATH`, null when
 * not a file in a git working tree).
 */
export async function gitProvenance(
  contract: string,
  context: CliContext,
): Promise<{ branch: string | null; commit: string | null; dirty: boolean | null }> {
  const git = (args: string[]) =>
    new Promise<string | null>((resolve) => {
      execFile('git', args, { cwd: context.cwd, windowsHide: true }, (error, stdout) =>
        resolve(error ? null : stdout.trim() || null),
      );
    });
  const revision = /^git:([^:]+):/.exec(contract)?.[1];
  if (revision !== undefined) {
    const [commit, branch] = await Promise.all([
      git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]),
      git(['rev-parse', '--abbrev-ref', '--verify', '--quiet', revision]),
    ]);
    return {
      commit,
      branch: branch === null || branch === 'HEAD' || branch === commit ? null : branch,
      dirty: commit === null ? null : false,
    };
  }
  const isFile = contract !== '-' && !/^[a-z][a-z0-9+.-]*:/i.test(contract);
  const [commit, branch, status] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(['rev-parse', '--abbrev-ref', 'HEAD']),
    // Untracked or modified, staged or not: anything `git status` lists for the file.
    isFile ? statusOf(contract, context.cwd) : Promise.resolve(null),
  ]);
  // CI checkouts are often detached: their variables still name the branch.
  const ciBranch = context.env.GITHUB_HEAD_REF || context.env.GITHUB_REF_NAME || context.env.CI_COMMIT_REF_NAME;
  return {
    commit,
    branch: ciBranch || (branch === null || branch === 'HEAD' ? null : branch),
    dirty: commit === null || status === null ? null : status !== '',
  };
}

/** `git status --porcelain` of one file ('' when clean), or null when git cannot tell. */
function statusOf(file: string, cwd: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['status', '--porcelain', '--', file], { cwd, windowsHide: true }, (error, stdout) =>
      resolve(error ? null : stdout.trim()),
    );
  });
}
