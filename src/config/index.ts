/**
 * Project configuration: finds `holdfast.yaml` (or `holdfast.yml`) or a `pyproject.toml` with a
 * `[tool.holdfast]` table in the working directory or a folder above it (up to the root of the git
 * repository), and validates it at the boundary. The nearest folder with a configuration wins; in
 * one folder, `holdfast.yaml` wins over `pyproject.toml` (like ruff's `ruff.toml` over
 * `pyproject.toml`). Entry point: `loadConfig(cwd)`.
 *
 * @example
 * const config = await loadConfig(process.cwd());
 * if (config.app) ...
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';
import { type ConfigFormat, parseConfig } from './parse.js';
import type { HoldfastConfig } from './types.js';

export { type AcceptEntryText, insertAcceptEntries, renderAcceptEntries } from './accept-entry.js';
export { type ConfigFormat, type ParseConfigOptions, parseConfig } from './parse.js';
export { operationMatcher, parseOperationPattern, textMatcher } from './patterns.js';
export * from './types.js';

const CANDIDATES: readonly { name: string; format: ConfigFormat }[] = [
  { name: 'holdfast.yaml', format: 'yaml' },
  { name: 'holdfast.yml', format: 'yaml' },
  { name: 'pyproject.toml', format: 'toml' },
];

export interface LoadConfigOptions {
  /** Read this file instead of searching (`--config`); relative to `cwd`. */
  file?: string;
  /** Rule ids that exist; unknown ids in `rules` and `accept` are then errors. */
  knownRules?: ReadonlySet<string>;
}

/** The configuration when a project has none: every default. */
export function defaultConfig(cwd: string): HoldfastConfig {
  return {
    file: null,
    displayName: null,
    root: resolve(cwd),
    rules: {},
    include: [],
    exclude: [],
    skipStability: [],
    accept: [],
  };
}

/**
 * Finds and validates the project's configuration; defaults when there is none.
 *
 * @example
 * const { failOn = 'breaking', accept } = await loadConfig('/work/shop');
 */
export async function loadConfig(cwd: string, options: LoadConfigOptions = {}): Promise<HoldfastConfig> {
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    const format: ConfigFormat = /\.toml$/i.test(file) ? 'toml' : 'yaml';
    const text = await readConfigFile(file, displayNameOf(cwd, file), true);
    const config = parseConfig(text ?? '', {
      format,
      file,
      displayName: displayNameOf(cwd, file),
      root: dirname(file),
      knownRules: options.knownRules,
    });
    if (config === null) {
      throw new AppError(
        'CONFIG_INVALID',
        `Invalid configuration in ${displayNameOf(cwd, file)}: there is no [tool.holdfast] table; expected holdfast settings under [tool.holdfast]. ${retryAdvice(false, 'Add the table or pass another file')}`,
      );
    }
    return config;
  }
  for (const folder of await searchFolders(cwd)) {
    for (const candidate of CANDIDATES) {
      const file = join(folder, candidate.name);
      const displayName = displayNameOf(cwd, file);
      const text = await readConfigFile(file, displayName, false);
      if (text === undefined) continue;
      const config = parseConfig(text, {
        format: candidate.format,
        file,
        displayName,
        root: folder,
        knownRules: options.knownRules,
      });
      if (config !== null) return config;
    }
  }
  return defaultConfig(cwd);
}

/** `cwd` and the folders above it up to the git repository's root; just `cwd` outside a repository. */
export async function searchFolders(cwd: string): Promise<string[]> {
  const start = resolve(cwd);
  const folders: string[] = [];
  let folder = start;
  for (;;) {
    folders.push(folder);
    if (await exists(join(folder, '.git'))) return folders;
    const parent = dirname(folder);
    if (parent === folder) return [start];
    folder = parent;
  }
}

/** The root of the git repository holding `cwd` (the folder with `.git`), or undefined. */
export async function findGitRoot(cwd: string): Promise<string | undefined> {
  const folders = await searchFolders(cwd);
  const last = folders[folders.length - 1];
  return (await exists(join(last, '.git'))) ? last : undefined;
}

async function readConfigFile(file: string, displayName: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    const found = code === 'ENOENT' ? 'file not found' : (code ?? 'unreadable');
    throw new AppError(
      'CONFIG_UNREADABLE',
      `Could not read configuration ${displayName}: ${found}; expected a readable file. ${retryAdvice(false, 'Fix the path or the permissions')}`,
      { cause: error },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function displayNameOf(cwd: string, file: string): string {
  const name = relative(resolve(cwd), file);
  return name === '' ? file : name;
}
