/**
 * The database drivers (better-sqlite3, pg) are optional dependencies: `diff`, `check` and
 * `extract` never load them, so holdfast installs and runs where the native SQLite module cannot
 * be built or downloaded. Only a registry command loads one, and when it is missing or its native
 * part cannot load, this says so instead of a module-resolution stack trace.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, retryAdvice } from '../errors.js';

export type DriverName = 'better-sqlite3' | 'pg';

/** holdfast's package folder: this module is src/store/, dist/store/ or dist/bundle/ (two levels down). */
const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Imports a store module (which imports `driver` statically) and, when given, runs `open` with it;
 * a failure to load the driver becomes a `STORE_DRIVER_MISSING` error, anything else passes through.
 *
 * @example
 * const store = await withDriver('pg', () => import('./postgres.js'), (module) => module.openPostgresStore(config));
 */
export async function withDriver<M, T>(
  driver: DriverName,
  load: () => Promise<M>,
  open: (module: M) => Promise<T>,
): Promise<T> {
  let module: M;
  try {
    module = await load();
  } catch (error) {
    throw driverError(driver, error) ?? error;
  }
  try {
    return await open(module);
  } catch (error) {
    throw driverError(driver, error) ?? error;
  }
}

/** A `STORE_DRIVER_MISSING` error when `error` (or one of its causes) says `driver` could not be loaded. */
export function driverError(driver: DriverName, error: unknown): AppError | undefined {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 5; current = current.cause) chain.push(current);
  for (const current of chain.reverse()) {
    const code = (current as NodeJS.ErrnoException).code;
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    if (notFound && current.message.includes(`'${driver}'`)) return missing(driver, undefined, error);
    // better-sqlite3 loads its compiled part (through `bindings`) when the first database opens.
    if (
      code === 'ERR_DLOPEN_FAILED' ||
      /Could not locate the bindings file|NODE_MODULE_VERSION|Cannot find module 'bindings'/.test(current.message)
    ) {
      const reason = (current.message.split('\n')[0] ?? '').replace(/\.\s*Tried:.*$/, '').trim();
      return missing(driver, reason, error);
    }
  }
  return undefined;
}

/** `broken`: why the installed module's native part could not load; undefined when not installed. */
function missing(driver: DriverName, broken: string | undefined, cause: unknown): AppError {
  const spec = `${driver}@${declaredVersion(driver)}`;
  const found =
    broken === undefined ? 'is not installed' : `is installed but its native part could not be loaded (${broken})`;
  const install =
    broken === undefined
      ? `cd ${PACKAGE_ROOT} && npm install --no-save --omit=dev ${spec}`
      : `cd ${PACKAGE_ROOT} && npm rebuild ${driver}`;
  const what =
    driver === 'better-sqlite3'
      ? 'the SQLite registry (.holdfast/registry.db or HOLDFAST_DB)'
      : 'the PostgreSQL registry (HOLDFAST_DATABASE_URL)';
  const fix =
    driver === 'better-sqlite3'
      ? `${broken === undefined ? 'Install' : 'Rebuild'} it in holdfast's folder (${install}; without a prebuilt binary for this platform it needs a C++ compiler and Python), or use PostgreSQL with HOLDFAST_DATABASE_URL`
      : `Install it in holdfast's folder (${install}), or unset HOLDFAST_DATABASE_URL to use the SQLite file`;
  return new AppError(
    'STORE_DRIVER_MISSING',
    `Could not open the registry: the ${driver} module, an optional dependency${driver === 'better-sqlite3' ? ' skipped when it cannot be built or downloaded' : ''}, ${found}; expected it for ${what}. diff, check and extract work without it. ${retryAdvice(false, fix)}`,
    { cause },
  );
}

const MAJOR: Record<DriverName, string> = { 'better-sqlite3': '12', pg: '8' };

/** The version package.json pins for `driver` (read only when reporting it missing). */
function declaredVersion(driver: DriverName): string {
  try {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      optionalDependencies?: Record<string, string>;
    };
    return manifest.optionalDependencies?.[driver] ?? MAJOR[driver];
  } catch {
    return MAJOR[driver];
  }
}
