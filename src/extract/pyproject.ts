import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { AppError, retryAdvice } from '../errors.js';

/** What `[tool.holdfast]` in a project's pyproject.toml says about extraction. */
export interface PyprojectSettings {
  /** Absolute path of the pyproject.toml the settings came from. */
  path: string;
  /** `[tool.holdfast] python`, as written (relative paths are relative to the file's folder). */
  python?: string;
  /** `[tool.holdfast] app`, as written (`module:attribute`). */
  app?: string;
  /** The whole parsed file, for callers that edit it (init). */
  document: Record<string, unknown>;
}

/**
 * Reads `<dir>/pyproject.toml`: undefined when there is none, an {@link AppError} when it is not
 * valid TOML or `[tool.holdfast] python`/`app` is not a string.
 *
 * @example
 * const settings = await readPyproject(process.cwd());
 * settings?.python; // ".venv/bin/python"
 */
export async function readPyproject(dir: string): Promise<PyprojectSettings | undefined> {
  const path = join(dir, 'pyproject.toml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new AppError(
      'CONFIG_INVALID',
      `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}; expected a readable file. ${retryAdvice(false, 'Fix its permissions')}`,
      { cause: error },
    );
  }
  return parsePyproject(text, path);
}

/** Parses pyproject.toml text; `path` names it in messages. */
export function parsePyproject(text: string, path: string): PyprojectSettings {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : '';
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
    throw new AppError(
      'CONFIG_INVALID',
      `Could not read ${path}${where}: ${reason.replace(/\.$/, '')}; expected valid TOML. ${retryAdvice(false, 'Fix the file')}`,
      { cause: error },
    );
  }
  const table = holdfastTable(document);
  return {
    path,
    python: stringSetting(table, 'python', path, 'a path to a Python interpreter'),
    app: stringSetting(table, 'app', path, 'module:attribute, for example "main:app"'),
    document,
  };
}

/** `[tool.holdfast]` of a parsed pyproject.toml, or undefined when absent. */
export function holdfastTable(document: Record<string, unknown>): Record<string, unknown> | undefined {
  const tool = document.tool;
  if (!isTable(tool)) return undefined;
  const table = tool.holdfast;
  return isTable(table) ? table : undefined;
}

function stringSetting(
  table: Record<string, unknown> | undefined,
  key: string,
  path: string,
  expected: string,
): string | undefined {
  const value = table?.[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  throw new AppError(
    'CONFIG_INVALID',
    `Invalid [tool.holdfast] ${key} in ${path}: found ${JSON.stringify(value)}; expected ${expected}, as a string. ${retryAdvice(false, 'Fix the setting')}`,
  );
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isMissing(error: unknown): boolean {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
