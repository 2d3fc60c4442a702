import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { readPyproject } from './pyproject.js';

/** Where the interpreter came from, in the order they are tried. */
export type InterpreterOrigin = '--python' | '[tool.holdfast] python' | '$VIRTUAL_ENV' | '.venv' | 'venv' | 'PATH';

/** The Python interpreter extraction runs, and why that one. */
export interface Interpreter {
  /** What is executed: an absolute path, or the bare name when nothing on PATH matched. */
  path: string;
  origin: InterpreterOrigin;
  /** For messages: `--python`, `[tool.holdfast] python in /p/pyproject.toml`, `python3 on PATH`. */
  description: string;
}

export interface InterpreterOptions {
  /** Project root: where pyproject.toml and `.venv/` are looked for. */
  cwd: string;
  /** `--python`: a path (relative to cwd) or a command name looked up on PATH. */
  python?: string;
  /** The app folder (relative to cwd); its `.venv/`/`venv/` are tried after the project's. */
  appDir?: string;
  /** Reads `VIRTUAL_ENV` and `PATH`. */
  env: Record<string, string | undefined>;
}

const WINDOWS = process.platform === 'win32';
const VENV_PYTHON = WINDOWS ? join('Scripts', 'python.exe') : join('bin', 'python');
const DEFAULT_COMMAND = WINDOWS ? 'python' : 'python3';

/**
 * Picks the Python interpreter the way a Python developer expects: `--python`, then
 * `[tool.holdfast] python` in pyproject.toml, then an active `$VIRTUAL_ENV`, then `.venv/` or
 * `venv/` in the project (cwd, then the app folder), then `python3` on PATH. The explicit choices
 * (the first two) are used even when they do not exist, so the error names them; the detected
 * ones are skipped when their interpreter is missing. Symlinks are kept as they are: a venv's
 * `bin/python` is a symlink, and resolving it would leave the venv.
 *
 * @example
 * const interpreter = await resolveInterpreter({ cwd: process.cwd(), env: process.env });
 * interpreter.path; // "/home/ada/shop/.venv/bin/python"
 */
export async function resolveInterpreter(options: InterpreterOptions): Promise<Interpreter> {
  const { cwd, env } = options;
  if (options.python !== undefined && options.python !== '') {
    return { path: await commandPath(options.python, cwd, env), origin: '--python', description: '--python' };
  }
  const pyproject = await readPyproject(cwd);
  if (pyproject?.python !== undefined) {
    return {
      path: await commandPath(pyproject.python, dirname(pyproject.path), env),
      origin: '[tool.holdfast] python',
      description: `[tool.holdfast] python in ${pyproject.path}`,
    };
  }
  const virtualEnv = env.VIRTUAL_ENV;
  if (virtualEnv !== undefined && virtualEnv !== '') {
    const path = join(resolve(cwd, virtualEnv), VENV_PYTHON);
    if (await isExecutable(path)) return { path, origin: '$VIRTUAL_ENV', description: '$VIRTUAL_ENV' };
  }
  const folders = [cwd];
  if (options.appDir !== undefined) {
    const appDir = resolve(cwd, options.appDir);
    if (appDir !== cwd) folders.push(appDir);
  }
  for (const folder of folders) {
    for (const name of ['.venv', 'venv'] as const) {
      const path = join(folder, name, VENV_PYTHON);
      if (await isExecutable(path)) return { path, origin: name, description: `${name}/ in ${folder}` };
    }
  }
  return {
    path: (await findOnPath(DEFAULT_COMMAND, env)) ?? DEFAULT_COMMAND,
    origin: 'PATH',
    description: `${DEFAULT_COMMAND} on PATH`,
  };
}

/** A path (relative to `base`) as an absolute path; a bare command name looked up on PATH. */
async function commandPath(command: string, base: string, env: Record<string, string | undefined>): Promise<string> {
  if (isAbsolute(command)) return command;
  if (command.includes('/') || (WINDOWS && command.includes('\\'))) return resolve(base, command);
  return (await findOnPath(command, env)) ?? command;
}

/** The first executable file named `command` in the folders of `env.PATH`. */
export async function findOnPath(
  command: string,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  const path = env.PATH ?? env.Path ?? '';
  const names = WINDOWS && !/\.exe$/i.test(command) ? [`${command}.exe`, command] : [command];
  for (const folder of path.split(delimiter)) {
    if (folder === '' || !isAbsolute(folder)) continue;
    for (const name of names) {
      const candidate = join(folder, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, WINDOWS ? constants.F_OK : constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
