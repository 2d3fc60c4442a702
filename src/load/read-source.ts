import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { AppError, retryAdvice } from '../errors.js';
import { baseDirOf, type Location, locationKey, parseSpec } from './_location.js';
import { subjectOf } from './_messages.js';
import { type PythonSourceOptions, parsePythonSpec, readPythonSource } from './python-source.js';
import type { Source } from './types.js';

/** How long one HTTP fetch (headers and body) may take. */
const FETCH_TIMEOUT_MS = 30_000;
/** Largest file `git show` may print; a generous ceiling, far above real specs. */
const GIT_MAX_BUFFER = 512 * 1024 * 1024;

export interface ReadSourceOptions extends PythonSourceOptions {
  /** Names the input in messages: `base`, `revision`, or `$ref` for referenced documents. */
  role: string;
  /** Folder that relative paths and `git:` sources are read from. */
  cwd: string;
  /** Reads standard input for `-`; defaults to reading `process.stdin`. */
  readStdin?: () => Promise<string>;
  /** Replaces global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * Reads one spec argument into a {@link Source}: a file path (relative to `cwd`), `-` for stdin,
 * an `http(s)://` URL, or `git:REV:PATH` (PATH relative to the repository root, or `./PATH`
 * relative to `cwd`); or the OpenAPI document a Python app generates, `py:module:attribute` or
 * `git:REV:py:module:attribute` (python-source.ts). Every failure is an {@link AppError} with exit code 2.
 *
 * @example
 * const base = await readSource('git:main:openapi.yaml', { role: 'base', cwd: process.cwd() });
 * const revision = await readSource('openapi.yaml', { role: 'revision', cwd: process.cwd() });
 */
export async function readSource(spec: string, options: ReadSourceOptions): Promise<Source> {
  const python = parsePythonSpec(spec);
  if (python !== undefined) return readPythonSource(python, spec, options);
  const location = parseSpec(spec, options.cwd);
  const subject = subjectOf(options.role);
  if (location === 'git-syntax' || location === 'git-option') {
    const found = location === 'git-syntax' ? 'no revision or no path' : 'a revision starting with "-"';
    throw new AppError(
      'LOAD_GIT_FAILED',
      `Could not read ${subject} "${spec}": ${found}; expected git:REV:PATH, for example git:main:openapi.yaml. ${retryAdvice(false, 'Fix the spec')}`,
    );
  }
  if (location === 'bad-url') {
    throw new AppError(
      'LOAD_FETCH_FAILED',
      `Could not fetch ${subject} "${spec}": not a valid URL; expected an http(s) URL or a file path. ${retryAdvice(false, 'Fix the URL')}`,
    );
  }
  return readLocation(location, spec, options);
}

/** Reads a parsed location; `displayName` is how messages and reports name it. */
export async function readLocation(
  location: Location,
  displayName: string,
  options: ReadSourceOptions,
): Promise<Source> {
  switch (location.kind) {
    case 'stdin':
      return { uri: '-', displayName, text: stripBom(await readStandardInput(displayName, options)) };
    case 'file':
      return readFileLocation(location.path, displayName, options.role);
    case 'url':
      return fetchLocation(location.url, displayName, options);
    case 'git':
      return gitLocation(location, displayName, options);
  }
}

/** Drops a UTF-8 byte order mark, which neither JSON.parse nor positions should see. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readStandardInput(displayName: string, options: ReadSourceOptions): Promise<string> {
  try {
    return await (options.readStdin ?? readProcessStdin)();
  } catch (error) {
    throw new AppError(
      'LOAD_UNREADABLE',
      `Could not read ${subjectOf(options.role)} "${displayName}": ${messageOf(error)}; expected YAML or JSON on standard input. ${retryAdvice(false, 'Fix the input')}`,
      { cause: error },
    );
  }
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readFileLocation(path: string, displayName: string, role: string): Promise<Source> {
  let text: string;
  try {
    // One read into a Buffer, decoded once: faster than readFile's chunked UTF-8 decoding.
    text = (await readFile(path)).toString('utf8');
  } catch (error) {
    throw fileReadError(error, displayName, role);
  }
  return { uri: path, displayName, baseDir: baseDirOf({ kind: 'file', path }), text: stripBom(text) };
}

/** Describes a failed file read in the pinned wording (used for specs given on the command line). */
export function fileReadError(error: unknown, displayName: string, role: string): AppError {
  const subject = subjectOf(role);
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError(
      'LOAD_NOT_FOUND',
      `Could not read ${subject} "${displayName}": file not found; expected a path to an OpenAPI file (.json, .yaml or .yml). ${retryAdvice(false, 'Fix the path')}`,
      { cause: error },
    );
  }
  const retryable = code === 'EMFILE' || code === 'ENFILE' || code === 'EAGAIN' || code === 'EBUSY';
  return new AppError(
    'LOAD_UNREADABLE',
    `Could not read ${subject} "${displayName}": ${fileProblem(error)}; expected a readable file. ${retryAdvice(retryable, 'Fix the path or permissions')}`,
    { cause: error, retryable },
  );
}

/** A short reason for a failed read: `it is a directory`, `permission denied`, or the system's message. */
export function fileProblem(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
  return messageOf(error);
}

async function fetchLocation(url: string, displayName: string, options: ReadSourceOptions): Promise<Source> {
  const subject = subjectOf(options.role);
  const networkError = (error: unknown): AppError =>
    new AppError(
      'LOAD_FETCH_FAILED',
      `Could not fetch ${subject} "${displayName}": ${networkReason(error)}; expected a reachable URL. ${retryAdvice(true)}`,
      { cause: error, retryable: true },
    );
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImplementation(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/yaml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5' },
    });
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok) {
    // 408 and 429 are the 4xx answers that mean "not now" rather than "never".
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    await response.body?.cancel().catch(() => undefined);
    throw new AppError(
      'LOAD_FETCH_FAILED',
      `Could not fetch ${subject} "${displayName}": HTTP ${response.status}; expected 200. ${retryAdvice(retryable, 'Fix the URL')}`,
      { retryable },
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error);
  }
  // After redirects, relative $refs resolve against where the document really is.
  const finalUrl = response.url || url;
  return { uri: finalUrl, displayName, baseDir: finalUrl, text: stripBom(text) };
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no response within ${FETCH_TIMEOUT_MS / 1000} s`;
  }
  const message = messageOf(error);
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  const detail = cause instanceof Error ? cause.message || errorCode(cause) : undefined;
  return detail ? `${message} (${detail})` : message;
}

async function gitLocation(
  location: Extract<Location, { kind: 'git' }>,
  displayName: string,
  options: ReadSourceOptions,
): Promise<Source> {
  const subject = subjectOf(options.role);
  const object = `${location.rev}:${location.path}`;
  const stdout = await new Promise<Buffer>((resolvePromise, reject) => {
    execFile(
      'git',
      ['show', '--no-textconv', object],
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: GIT_MAX_BUFFER, windowsHide: true },
      (error, out, err) => {
        if (!error) {
          resolvePromise(out);
          return;
        }
        const spawnFailed = typeof (error as NodeJS.ErrnoException).code === 'string';
        if (spawnFailed) {
          reject(
            new AppError(
              'LOAD_GIT_FAILED',
              `Could not read ${subject} "${displayName}": git could not be run (${error.message}); expected git on the PATH and an existing folder ${options.cwd}. ${retryAdvice(false, 'Install git or fix the folder')}`,
              { cause: error },
            ),
          );
          return;
        }
        const firstLine = (err.toString('utf8').split('\n')[0] ?? '').trim().replace(/\.$/, '') || error.message;
        reject(
          new AppError(
            'LOAD_GIT_FAILED',
            `Could not read ${subject} "${displayName}": git says "${firstLine}"; expected an existing revision and path in this git repository. ${retryAdvice(false, 'Fix the revision or path')}`,
            { cause: error },
          ),
        );
      },
    );
  });
  // `git show` lists a tree instead of failing when the path is a folder.
  const treeHeader = `tree ${object}\n\n`;
  if (stdout.toString('utf8', 0, Buffer.byteLength(treeHeader)) === treeHeader) {
    throw new AppError(
      'LOAD_UNREADABLE',
      `Could not read ${subject} "${displayName}": it is a directory; expected a readable file. ${retryAdvice(false, 'Fix the path or permissions')}`,
    );
  }
  return {
    uri: locationKey(location),
    displayName,
    baseDir: baseDirOf(location),
    text: stripBom(stdout.toString('utf8')),
  };
}

function errorCode(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
