import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { AppError, retryAdvice } from '../errors.js';
import { baseDirOf, type Location, locationKey, parseSpec } from './_location.js';
import { subjectOf } from './_messages.js';
import { DEFAULT_MAX_INPUT_BYTES, formatBytes } from './limits.js';
import { type PythonSourceOptions, parsePythonSpec, readPythonSource } from './python-source.js';
import type { Source } from './types.js';

/** How long one HTTP fetch (headers and body) may take. */
const FETCH_TIMEOUT_MS = 30_000;

export interface ReadSourceOptions extends PythonSourceOptions {
  /** Names the input in messages: `base`, `revision`, or `$ref` for referenced documents. */
  role: string;
  /** Folder that relative paths and `git:` sources are read from. */
  cwd: string;
  /**
   * Reads standard input for `-`, at most `maxBytes` (`readCapped` enforces it); defaults to
   * reading `process.stdin`.
   */
  readStdin?: (maxBytes: number) => Promise<string>;
  /** Replaces global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
  /** Largest input read, in bytes (default `DEFAULT_MAX_INPUT_BYTES`); enforced while reading. */
  maxBytes?: number;
}

/** Thrown by `readCapped` when a stream goes past its limit. */
export class InputTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than the ${formatBytes(maxBytes)} limit`);
    this.name = 'InputTooLargeError';
  }
}

/**
 * Collects a stream, stopping as soon as it holds more than `maxBytes` (an endless `/dev/zero`
 * or HTTP body ends there, not when memory runs out).
 */
export async function readCapped(
  chunks: AsyncIterable<Buffer | string | Uint8Array>,
  maxBytes: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const part =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += part.byteLength;
    if (total > maxBytes) throw new InputTooLargeError(maxBytes);
    parts.push(part);
  }
  return Buffer.concat(parts, total);
}

/** The error for an input past the size limit, naming the limit and how to raise it. */
export function tooLargeError(subject: string, displayName: string, maxBytes: number): AppError {
  return new AppError(
    'LOAD_TOO_LARGE',
    `Could not read ${subject} "${displayName}": larger than the ${formatBytes(maxBytes)} limit; expected a contract of at most ${formatBytes(maxBytes)}. ${retryAdvice(false, 'Raise the limit with --max-input-mb or HOLDFAST_MAX_INPUT_MB if the input is genuine')}`,
  );
}

/**
 * UTF-8 text of an input. UTF-16 and UTF-32 (found by their byte order mark, or by the zero bytes
 * an ASCII first character leaves) are refused with their name: decoded as UTF-8 they would only
 * give a confusing parse error.
 */
export function decodeInput(bytes: Buffer, subject: string, displayName: string): string {
  const encoding = otherEncoding(bytes);
  if (encoding !== undefined) {
    throw new AppError(
      'LOAD_UNREADABLE',
      `Could not read ${subject} "${displayName}": the text is encoded as ${encoding}; expected UTF-8. ${retryAdvice(false, `Convert it first, e.g. iconv -f ${encoding.split(' ')[0]} -t UTF-8`)}`,
    );
  }
  return stripBom(bytes.toString('utf8'));
}

function otherEncoding(bytes: Buffer): string | undefined {
  if (bytes.length < 2) return undefined;
  const [b0, b1] = [bytes[0], bytes[1]];
  const b2 = bytes.length > 2 ? bytes[2] : -1;
  const b3 = bytes.length > 3 ? bytes[3] : -1;
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return 'UTF-32BE';
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return 'UTF-32LE';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16BE';
  if (b0 === 0xff && b1 === 0xfe) return 'UTF-16LE';
  if (bytes.length < 4) return undefined;
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return 'UTF-32BE';
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return 'UTF-32LE';
  if (b0 === 0 && b1 !== 0 && b2 === 0) return 'UTF-16BE';
  if (b0 !== 0 && b1 === 0 && b3 === 0) return 'UTF-16LE';
  return undefined;
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
      return readFileLocation(location.path, displayName, options.role, options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
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
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  try {
    return await (options.readStdin ?? readProcessStdin)(maxBytes);
  } catch (error) {
    if (error instanceof InputTooLargeError) throw tooLargeError(subjectOf(options.role), displayName, error.maxBytes);
    if (error instanceof AppError) throw error;
    throw new AppError(
      'LOAD_UNREADABLE',
      `Could not read ${subjectOf(options.role)} "${displayName}": ${messageOf(error)}; expected YAML or JSON on standard input. ${retryAdvice(false, 'Fix the input')}`,
      { cause: error },
    );
  }
}

async function readProcessStdin(maxBytes: number): Promise<string> {
  return (await readCapped(process.stdin, maxBytes)).toString('utf8');
}

async function readFileLocation(path: string, displayName: string, role: string, maxBytes: number): Promise<Source> {
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isFile() && stat.size > maxBytes) throw new InputTooLargeError(maxBytes);
      // A regular file: one read into a Buffer, decoded once (faster than chunked UTF-8 decoding).
      // Anything else (a FIFO, /dev/zero) is streamed with the cap enforced.
      bytes = stat.isFile()
        ? await handle.readFile()
        : await readCapped(handle.createReadStream({ autoClose: false }), maxBytes);
      if (bytes.byteLength > maxBytes) throw new InputTooLargeError(maxBytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputTooLargeError) throw tooLargeError(subjectOf(role), displayName, maxBytes);
    throw fileReadError(error, displayName, role);
  }
  const text = decodeInput(bytes, subjectOf(role), displayName);
  return { uri: path, displayName, baseDir: baseDirOf({ kind: 'file', path }), text };
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
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const declared = Number(response.headers.get('content-length'));
  let bytes: Buffer;
  try {
    if (declared > maxBytes) throw new InputTooLargeError(maxBytes);
    bytes = response.body ? await readCapped(response.body, maxBytes) : Buffer.alloc(0);
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    if (error instanceof InputTooLargeError) throw tooLargeError(subject, displayName, maxBytes);
    throw networkError(error);
  }
  // After redirects, relative $refs resolve against where the document really is.
  const finalUrl = response.url || url;
  return { uri: finalUrl, displayName, baseDir: finalUrl, text: decodeInput(bytes, subject, displayName) };
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
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const stdout = await new Promise<Buffer>((resolvePromise, reject) => {
    execFile(
      'git',
      ['show', '--no-textconv', object],
      // `tree ...` listing header aside, a file past the limit makes git's output overflow.
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: maxBytes + object.length + 8, windowsHide: true },
      (error, out, err) => {
        if (!error) {
          resolvePromise(out);
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(tooLargeError(subject, displayName, maxBytes));
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
    text: decodeInput(stdout, subject, displayName),
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
