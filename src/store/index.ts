/**
 * Store: where the registry keeps services, contracts, versions, deployments and rollbacks
 * (DESIGN.md §6). A SQLite file by default (`.holdfast/registry.db` at the project root, or
 * `HOLDFAST_DB`), PostgreSQL when `HOLDFAST_DATABASE_URL` is set; both through the same Kysely
 * queries and numbered migrations, applied automatically when the store opens.
 *
 * Entry points: `resolveStoreConfig({ env, cwd })` (pure: the caller passes the environment),
 * `openStore(config, options)` -> {@link Store}.
 *
 * @module
 * @example
 * const store = await openStore(resolveStoreConfig({ env: process.env, cwd: process.cwd() }));
 * try { ... } finally { await store.close(); }
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';
import { withDriver } from './_driver.js';
import { missingRegistry } from './_missing.js';
import { redactUrl } from './_url.js';
import type { Store, StoreOptions } from './store.js';

export type { PostgresStoreConfig } from './postgres.js';
export * from './store.js';

export type StoreConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

/** The registry file inside a project, relative to its root. */
export const DEFAULT_DB_PATH = join('.holdfast', 'registry.db');

export interface ResolveStoreOptions {
  /** The environment to read `HOLDFAST_DATABASE_URL` and `HOLDFAST_DB` from. */
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * Which database to use: `HOLDFAST_DATABASE_URL` (`postgres://...`, with an optional
 * `?schema=NAME`), else `HOLDFAST_DB` (a SQLite file, relative to `cwd`), else
 * `.holdfast/registry.db` at the git root containing `cwd` (or in `cwd` outside git).
 *
 * @example
 * resolveStoreConfig({ env: { HOLDFAST_DB: 'tmp/r.db' }, cwd: '/repo' }); // { kind: 'sqlite', path: '/repo/tmp/r.db' }
 */
export function resolveStoreConfig(options: ResolveStoreOptions): StoreConfig {
  const url = options.env.HOLDFAST_DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new AppError(
        'STORE_CONFIG',
        `Invalid HOLDFAST_DATABASE_URL "${redactUrl(url)}": not a PostgreSQL URL; expected postgres://user:password@host:port/database. ${retryAdvice(false, 'Fix the variable, or unset it to use the SQLite file')}`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppError(
        'STORE_CONFIG',
        `Invalid HOLDFAST_DATABASE_URL: not a parseable URL; expected postgres://user:password@host:port/database. ${retryAdvice(false, 'Fix the variable')}`,
      );
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return schema === undefined
      ? { kind: 'postgres', url: parsed.toString() }
      : { kind: 'postgres', url: parsed.toString(), schema };
  }
  const file = options.env.HOLDFAST_DB?.trim();
  if (file) return { kind: 'sqlite', path: resolve(options.cwd, file) };
  return { kind: 'sqlite', path: join(projectRoot(options.cwd), DEFAULT_DB_PATH) };
}

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a file in worktrees), else `cwd`. */
export function projectRoot(cwd: string): string {
  let folder = resolve(cwd);
  for (;;) {
    if (existsSync(join(folder, '.git'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return resolve(cwd);
    folder = parent;
  }
}

/**
 * Opens the store `config` names, creating the SQLite file or the PostgreSQL schema on first use,
 * and applies pending migrations.
 *
 * @example
 * const store = await openStore({ kind: 'sqlite', path: '/tmp/registry.db' }, { busyTimeoutMs: 2000 });
 */
export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  if (options.mustExist === true && config.kind === 'sqlite' && !existsSync(config.path)) {
    throw missingRegistry(config.path, options.origin, 'the file does not exist');
  }
  // Each driver is loaded only when used: a SQLite user never pays for loading pg, and back. Both
  // are optional dependencies; withDriver says so when the one needed is missing.
  if (config.kind === 'sqlite') {
    return withDriver(
      'better-sqlite3',
      () => import('./sqlite.js'),
      (sqlite) => sqlite.openSqliteStore(config.path, options),
    );
  }
  return withDriver(
    'pg',
    () => import('./postgres.js'),
    (postgres) => postgres.openPostgresStore(config, options),
  );
}
