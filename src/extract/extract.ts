import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, retryAdvice } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { type CodeMap, parseCodeMap } from './code-map.js';
import { type Interpreter, type InterpreterOrigin, resolveInterpreter } from './interpreter.js';

/** How long importing the app and building its document may take. */
export const EXTRACT_TIMEOUT_MS = 120_000;
/** Ceiling for the document on stdout and the app's chatter on stderr (huge, real documents are < 10 MB). */
const MAX_BUFFER = 256 * 1024 * 1024;
/** The exit status extract.py uses for failures it describes as JSON on stdout. */
const DESCRIBED_FAILURE = 3;
/**
 * src/extract/extract.py, or dist/extract/extract.py (copied by scripts/copy-assets.js). Spelled
 * from the parent folder so it also resolves from the bundled CLI in dist/bundle/.
 */
const SCRIPT = fileURLToPath(new URL('../extract/extract.py', import.meta.url));
/** `module:attribute`, the attribute possibly dotted and ending with `()` (uvicorn's notation). */
const TARGET_PATTERN =
  /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*:[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*(\(\))?$/u;
const CHOOSE_INTERPRETER =
  'Choose the interpreter that has your dependencies: --python PATH, [tool.holdfast] python, an active virtualenv, or .venv/';

export interface ExtractOptions {
  /** Project root: the Python program runs here; pyproject.toml and `.venv/` are looked for here. */
  cwd: string;
  /** `--python`: the interpreter to run (a path relative to cwd, or a command on PATH). */
  python?: string;
  /** Folder put first on `sys.path`, relative to cwd (uvicorn's `--app-dir`); default cwd. */
  appDir?: string;
  /**
   * Environment of the Python process, and where `VIRTUAL_ENV` and `PATH` are read. Defaults to
   * `process.env`: Python inherits it anyway, and an active virtualenv must not be missed by a
   * caller that forgot to pass it.
   */
  env?: Record<string, string | undefined>;
  /** Use this interpreter instead of resolving one (the caller resolved it elsewhere, e.g. for a worktree). */
  interpreter?: Interpreter;
  /** Default {@link EXTRACT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** How messages name the app, e.g. `git:main:py:main:app` (default: the target). */
  label?: string;
  /**
   * Also record, in the same run, where the app's code defines each part of the document
   * ({@link Extraction.codeMap}), citing only files under this folder (the repository root).
   */
  codeRoot?: string;
  /** The git revision the code is checked out at, recorded in the code map. */
  revision?: string;
}

/** An extracted document and how it was obtained. */
export interface Extraction {
  /** The document as sorted JSON with a trailing newline, byte-identical across runs for the same code. */
  text: string;
  document: Record<string, unknown>;
  /** The interpreter that ran (path as executed). */
  interpreter: string;
  interpreterOrigin: InterpreterOrigin;
  /** With `codeRoot`: where the code defines each part (files relative to `codeRoot`). */
  codeMap?: CodeMap;
}

/**
 * Imports a Python web app without serving it and returns its OpenAPI document. `target` is
 * uvicorn's `module:attribute`: an app (`main:app`), a factory call (`shop.api:create_app()`), or a
 * function returning the document (`pkg.mod:openapi`). FastAPI, django-ninja, Litestar, APIFlask,
 * flask-smorest, apispec and flask-openapi3 objects are recognized (see extract.py). Every failure is
 * an {@link AppError} with exit code 2 whose message says what to fix.
 *
 * @example
 * const { text, interpreter } = await extractOpenApi('shop.main:app', { cwd: '/srv/shop', python: '.venv/bin/python' });
 */
export async function extractOpenApi(target: string, options: ExtractOptions): Promise<Extraction> {
  checkTarget(target);
  const env = options.env ?? process.env;
  const interpreter =
    options.interpreter ??
    (await resolveInterpreter({ cwd: options.cwd, python: options.python, appDir: options.appDir, env }));
  const appDir = resolve(options.cwd, options.appDir ?? '.');
  const timeoutMs = options.timeoutMs ?? EXTRACT_TIMEOUT_MS;
  const codeRoot = options.codeRoot === undefined ? [] : [resolve(options.cwd, options.codeRoot)];
  const run = await runPython(interpreter.path, [SCRIPT, target, appDir, ...codeRoot], {
    cwd: options.cwd,
    // A fixed hash seed keeps anything built from set or dict iteration in the same order every run.
    env: { ...env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs,
  });
  const context: FailureContext = { target, name: options.label ?? target, interpreter, appDir, timeoutMs };
  if (run.kind === 'spawn-failed') throw spawnError(run.code, interpreter, run.error);
  if (run.kind === 'timeout') throw timeoutError(context);
  if (run.kind === 'signal') throw signalError(context, run.signal, run.stderr);
  if (run.status === DESCRIBED_FAILURE) {
    const failure = parseFailure(run.stdout);
    if (failure !== undefined) throw describedError(failure, context);
  }
  if (run.status !== 0) throw crashError(context, run.status, run.stderr);
  // With a code root, a NUL (never in JSON text) separates the document from the source map.
  const separator = codeRoot.length > 0 ? run.stdout.indexOf('\0') : -1;
  const text = separator < 0 ? run.stdout : run.stdout.slice(0, separator);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'EXTRACT_FAILED',
      `Could not read the document extracted from ${context.name}: Python printed something that is not JSON; expected the JSON document holdfast's extract.py prints. ${retryAdvice(false, 'Report this with HOLDFAST_DEBUG=1 output')}`,
      { cause: error },
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new AppError(
      'EXTRACT_NOT_OPENAPI',
      `Could not extract an OpenAPI document from ${context.name}: found ${Array.isArray(document) ? 'a list' : typeof document}; expected a JSON object. ${retryAdvice(false)}`,
    );
  }
  return {
    text,
    document: document as Record<string, unknown>,
    interpreter: interpreter.path,
    interpreterOrigin: interpreter.origin,
    ...(codeRoot.length > 0
      ? { codeMap: parseCodeMap(separator < 0 ? '' : run.stdout.slice(separator + 1), options.revision) }
      : {}),
  };
}

/** Throws the usage error for anything that is not `module:attribute` (optionally ending with `()`). */
export function checkTarget(target: string): void {
  if (TARGET_PATTERN.test(target)) return;
  const found = target.includes(':') ? 'not a Python module and attribute name' : 'no ":"';
  throw new AppError(
    'EXTRACT_TARGET_INVALID',
    `Invalid app "${target}": ${found}; expected module:attribute, for example main:app or shop.api:create_app(). ${retryAdvice(false, 'Fix the app name')}`,
  );
}

type PythonRun =
  | { kind: 'exited'; status: number; stdout: string; stderr: string }
  | { kind: 'spawn-failed'; code: string; error: Error }
  | { kind: 'timeout' }
  | { kind: 'signal'; signal: string; stderr: string };

function runPython(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<PythonRun> {
  return new Promise((resolvePromise) => {
    let timedOut = false;
    const child = execFile(
      command,
      ['-B', ...args],
      {
        cwd: options.cwd,
        env: options.env,
        encoding: 'utf8',
        maxBuffer: MAX_BUFFER,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        if (timedOut) {
          resolvePromise({ kind: 'timeout' });
          return;
        }
        if (error === null) {
          resolvePromise({ kind: 'exited', status: 0, stdout, stderr });
          return;
        }
        if (typeof error.code === 'string') {
          resolvePromise({ kind: 'spawn-failed', code: error.code, error });
          return;
        }
        if (typeof error.code === 'number') {
          resolvePromise({ kind: 'exited', status: error.code, stdout, stderr });
          return;
        }
        resolvePromise({ kind: 'signal', signal: error.signal ?? 'a signal', stderr });
      },
    );
    // Interrupted (Ctrl-C, SIGTERM from CI): the app must not outlive holdfast.
    const forget = onInterrupt(() => child.kill('SIGKILL'));
    child.on('close', forget);
    // Our own timer rather than execFile's: SIGKILL, because an app may ignore SIGTERM.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    // An app that reads standard input at import time gets end-of-file instead of hanging.
    child.stdin?.end();
  });
}

interface FailureContext {
  target: string;
  /** The target as messages name it. */
  name: string;
  interpreter: Interpreter;
  appDir: string;
  timeoutMs: number;
}

type PythonFailure = Record<string, unknown> & { error: string };

function parseFailure(stdout: string): PythonFailure | undefined {
  try {
    const value: unknown = JSON.parse(stdout);
    if (typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'string') {
      return value as PythonFailure;
    }
  } catch {
    // Not ours: reported as a crash with its stderr.
  }
  return undefined;
}

function spawnError(code: string, interpreter: Interpreter, cause: Error): AppError {
  const found =
    code === 'ENOENT'
      ? 'not found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'not executable (permission denied)'
        : `could not be started (${code})`;
  return new AppError(
    'EXTRACT_PYTHON_NOT_FOUND',
    `Could not run Python "${interpreter.path}": ${found}; expected a Python 3 interpreter. ${retryAdvice(false, 'Pass --python or set [tool.holdfast] python')}`,
    { cause },
  );
}

function timeoutError(context: FailureContext): AppError {
  return new AppError(
    'EXTRACT_TIMEOUT',
    `Could not extract the OpenAPI document of ${context.name}: Python did not finish within ${context.timeoutMs / 1000} s; expected importing the app and building its document to finish quickly. ${retryAdvice(false, 'Make sure importing the module does not start a server or wait for a database or the network')}`,
  );
}

function signalError(context: FailureContext, signal: string, stderr: string): AppError {
  return new AppError(
    'EXTRACT_PYTHON_FAILED',
    `Could not extract the OpenAPI document of ${context.name}: ${context.interpreter.path} was killed by ${signal}; expected it to exit normally. ${retryAdvice(true)}`,
    { retryable: true, cause: pythonOutput(stderr) },
  );
}

function crashError(context: FailureContext, status: number, stderr: string): AppError {
  const last = lastLine(stderr);
  const detail = last === '' ? '' : ` (${clip(last)})`;
  return new AppError(
    'EXTRACT_PYTHON_FAILED',
    `Could not extract the OpenAPI document of ${context.name}: ${context.interpreter.path} exited with status ${status}${detail}; expected the document on standard output. ${retryAdvice(false, 'Check that importing the app does not exit the process; run with HOLDFAST_DEBUG=1 to see its output')}`,
    { cause: pythonOutput(stderr) },
  );
}

function describedError(failure: PythonFailure, context: FailureContext): AppError {
  const { name: target, interpreter } = context;
  const cause = pythonOutput(stringList(failure.traceback).join('\n'));
  switch (failure.error) {
    case 'python-version':
      return new AppError(
        'EXTRACT_PYTHON_FAILED',
        `Could not run Python "${interpreter.path}": found Python ${text(failure.version)}; expected Python 3.7 or newer. ${retryAdvice(false, 'Pass --python or set [tool.holdfast] python')}`,
      );
    case 'target':
      return new AppError(
        'EXTRACT_TARGET_INVALID',
        `Invalid app "${context.target}": not a Python module and attribute name; expected module:attribute, for example main:app or shop.api:create_app(). ${retryAdvice(false, 'Fix the app name')}`,
      );
    case 'import':
      return importError(failure, context, cause);
    case 'attribute': {
      const candidates = stringList(failure.candidates);
      const found =
        candidates.length > 0
          ? `no attribute "${text(failure.attribute)}" (found ${candidates.join(', ')})`
          : `no attribute "${text(failure.attribute)}"`;
      return new AppError(
        'EXTRACT_ATTRIBUTE_MISSING',
        `Could not find the app ${target}: "${text(failure.owner)}" has ${found}; expected the name of the app, factory or function after the colon. ${retryAdvice(false, 'Fix the app name')}`,
      );
    }
    case 'schema': {
      const action =
        failure.stage === 'factory'
          ? `the factory ${target} raised`
          : failure.stage === 'call'
            ? `calling ${target} raised`
            : failure.stage === 'attribute'
              ? `reading ${target} raised`
              : `building the document of ${target} raised`;
      return new AppError(
        'EXTRACT_SCHEMA_FAILED',
        `Could not extract the OpenAPI document of ${target}: ${action} ${exceptionSummary(failure)}; expected the app to describe itself without errors. ${retryAdvice(false, 'Fix the error in the app')}`,
        { cause },
      );
    }
    case 'not-a-factory':
      return new AppError(
        'EXTRACT_UNSUPPORTED_OBJECT',
        `Could not call ${target}: found ${text(failure.found)}, an app rather than a factory; expected a function before "()". ${retryAdvice(false, `Drop the "()": ${context.target.slice(0, -2)}`)}`,
      );
    case 'not-callable':
      return new AppError(
        'EXTRACT_UNSUPPORTED_OBJECT',
        `Could not call ${target}: found ${text(failure.found)}, which cannot be called; expected a function before "()". ${retryAdvice(false, 'Fix the app name')}`,
      );
    case 'needs-arguments':
      return new AppError(
        'EXTRACT_UNSUPPORTED_OBJECT',
        `Could not extract an OpenAPI document from ${target}: found ${text(failure.found)}, which needs arguments; expected a FastAPI app, an app factory, or a function returning an OpenAPI dict, callable without arguments. ${retryAdvice(false, 'Point the app name at one of those')}`,
      );
    case 'unsupported': {
      const found = `${text(failure.found)}${failure.called === true ? ` (returned by ${target})` : ''}`;
      return new AppError(
        'EXTRACT_UNSUPPORTED_OBJECT',
        `Could not extract an OpenAPI document from ${target}: found ${found}; expected a FastAPI app, an app factory, or a function returning an OpenAPI dict. ${retryAdvice(false, 'Point the app name at one of those')}`,
      );
    }
    case 'not-openapi':
      return new AppError(
        'EXTRACT_NOT_OPENAPI',
        `Could not extract an OpenAPI document from ${target}: found ${text(failure.found)}; expected an OpenAPI document (a dict with an "openapi" or "swagger" version). ${retryAdvice(false, 'Point the app name at the app or at a function returning its document')}`,
      );
    case 'not-json':
      return new AppError(
        'EXTRACT_NOT_OPENAPI',
        `Could not extract an OpenAPI document from ${target}: found ${text(failure.found)} at ${text(failure.pointer)}; expected only JSON values (objects with string keys, lists, strings, finite numbers, booleans, null). ${retryAdvice(false, 'Make the app return a JSON-ready document')}`,
      );
    default:
      return new AppError(
        'EXTRACT_FAILED',
        `Could not extract the OpenAPI document of ${target}: extract.py reported "${failure.error}"; expected a document or a known failure. ${retryAdvice(false, 'Report this with HOLDFAST_DEBUG=1 output')}`,
        { cause },
      );
  }
}

function importError(failure: PythonFailure, context: FailureContext, cause: Error): AppError {
  const { name: target, interpreter, appDir } = context;
  const module = text(failure.module);
  const prefix = `Could not import "${module}" for ${target}: ${exceptionSummary(failure)}`;
  const missing = typeof failure.missing === 'string' ? failure.missing : undefined;
  if (missing !== undefined && failure.own_module === true) {
    return new AppError(
      'EXTRACT_IMPORT_FAILED',
      `${prefix}; expected "${missing}" in ${appDir}. ${retryAdvice(false, 'Run holdfast from the folder your app is imported from (the project root), or pass --app-dir DIR')}`,
      { cause },
    );
  }
  if (missing !== undefined) {
    return new AppError(
      'EXTRACT_IMPORT_FAILED',
      `${prefix}; expected the app's dependencies to be importable. "${module}" was imported with ${interpreter.path} (${interpreter.description}), which cannot import "${missing}". ${retryAdvice(false, CHOOSE_INTERPRETER)}`,
      { cause },
    );
  }
  return new AppError(
    'EXTRACT_IMPORT_FAILED',
    `${prefix}; expected the module to import without errors. ${retryAdvice(false, 'Fix the error (importing the app must not need a server, a database or the network)')}`,
    { cause },
  );
}

/** `ValueError: bad value (shop/models.py:12: raise ValueError("bad value"))`: the last lines of a traceback, on one line. */
function exceptionSummary(failure: PythonFailure): string {
  const type = text(failure.type);
  const message = clip(oneLine(text(failure.message)));
  const where = failure.where;
  let location = '';
  if (typeof where === 'object' && where !== null && 'file' in where && 'line' in where) {
    const code = 'code' in where && typeof where.code === 'string' && where.code !== '' ? `: ${clip(where.code)}` : '';
    location = ` (${String(where.file)}:${String(where.line)}${code})`;
  }
  return `${type}${message === '' ? '' : `: ${message}`}${location}`;
}

/** The Python side's output as an error cause, so HOLDFAST_DEBUG=1 prints it instead of a JS stack. */
function pythonOutput(output: string): Error {
  const error = new Error(output.trimEnd() || '(no output)');
  error.name = 'PythonOutput';
  error.stack = output.trimEnd() || '(no output)';
  return error;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function oneLine(value: string): string {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' | ');
}

function lastLine(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim();
}

function clip(value: string, limit = 300): string {
  return value.length <= limit ? value : `${value.slice(0, limit - 1)}…`;
}
