import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { AppError, type ErrorCode, retryAdvice } from '../errors.js';
import {
  baseDirOf,
  displayNameOf,
  folderOf,
  isInsideFolder,
  type Location,
  locationKey,
  parseSpec,
  resolveAddress,
} from './_location.js';
import { subjectOf } from './_messages.js';
import { DEFAULT_MAX_INPUT_BYTES, formatBytes } from './limits.js';
import { parseSource } from './parse-source.js';
import { formatPointer, parsePointer, walkValue } from './pointer.js';
import { decodeInput, fileProblem, InputTooLargeError, readLocation } from './read-source.js';
import type { ParsedDocument } from './types.js';

export interface DocumentSetOptions {
  /** Allow `$ref`s to files outside the root document's folder and to remote URLs. */
  allowExternalRefs: boolean;
  /** Folder for relative references in a document read from stdin, and where git runs. */
  cwd: string;
  /** Replaces global `fetch` for remote references. */
  fetch?: typeof fetch;
  /** Names the root input in messages (`base`, `revision`). */
  role: string;
  /** Largest document read, in bytes (default `DEFAULT_MAX_INPUT_BYTES`). */
  maxBytes?: number;
}

/** Where a `$ref` points: the document, the normalized pointer inside it, and the value there. */
export interface RefTarget {
  doc: ParsedDocument;
  pointer: string;
  value: unknown;
}

/** How many remote or git documents `preload` reads at once. */
const PRELOAD_CONCURRENCY = 8;

/**
 * A root document plus every document its `$ref`s reach, each loaded once and cached by
 * location.
 *
 * `resolve` is synchronous. Local files are read on first use; documents behind URLs or in git
 * revisions must be loaded first with `preload()`, which follows every `$ref` string transitively.
 *
 * `resolve` returns the node a reference names and does not follow it further: when that node is
 * itself a `$ref`, the caller resolves again, so it alone decides how to handle chains and cycles.
 *
 * References may only reach documents under the root document's own folder (for a root read from
 * stdin: `cwd`); remote URLs are never fetched. `allowExternalRefs` lifts both limits.
 *
 * @example
 * const documents = new DocumentSet(root, { allowExternalRefs: false, cwd, role: 'base' });
 * await documents.preload();
 * const { doc, pointer, value } = documents.resolve('schemas/pet.yaml#/Pet', { doc: root, pointer: '/paths/~1pets/get' });
 */
export class DocumentSet {
  readonly root: ParsedDocument;
  private readonly options: DocumentSetOptions;
  /** The root's folder in location-key notation (absolute path, URL folder, `git:REV:DIR/`). */
  private readonly folder: string;
  private realFolder: string | undefined;
  private readonly documents = new Map<string, ParsedDocument>();
  /** Failures met by `preload`, thrown again by `resolve` when the reference is used. */
  private readonly failures = new Map<string, AppError>();
  /** Resolved `#/...` references, per document they are written in. */
  private readonly localTargets = new Map<ParsedDocument, Map<string, RefTarget>>();

  constructor(root: ParsedDocument, options: DocumentSetOptions) {
    this.root = root;
    this.options = options;
    this.folder = folderOf(root.source.baseDir ?? options.cwd);
    const location = parseSpec(root.source.uri, options.cwd);
    if (typeof location === 'object' && location.kind !== 'stdin') this.documents.set(locationKey(location), root);
  }

  /** Every document loaded so far, the root first. */
  get loaded(): ParsedDocument[] {
    return [...new Set(this.documents.values())];
  }

  /**
   * Resolves `ref` as written at `from` (a document and the pointer of the `$ref`'s object in it).
   *
   * @example
   * documents.resolve('#/components/schemas/Pet', { doc: root, pointer: '/paths/~1pets/get/responses/200' });
   */
  resolve(ref: string, from: { doc: ParsedDocument; pointer: string }): RefTarget {
    // A local reference means the same node wherever it is written: resolve it once per document.
    const local = ref.charCodeAt(0) === 35; /* # */
    if (local) {
      const known = this.localTargets.get(from.doc)?.get(ref);
      if (known) return known;
    }
    const target = this.resolveNow(ref, from);
    if (local) {
      let targets = this.localTargets.get(from.doc);
      if (!targets) {
        targets = new Map();
        this.localTargets.set(from.doc, targets);
      }
      targets.set(ref, target);
    }
    return target;
  }

  private resolveNow(ref: string, from: { doc: ParsedDocument; pointer: string }): RefTarget {
    const hash = ref.indexOf('#');
    const address = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const doc = address === '' ? from.doc : this.external(address, ref, from);
    const decoded = decodeFragment(fragment);
    const segments = parsePointer(decoded);
    if (segments === undefined) {
      throw this.refError(
        'REF_UNRESOLVED',
        ref,
        from,
        `"#${fragment}" is not a JSON pointer`,
        'a pointer like #/components/schemas/Name',
        'Fix the reference',
      );
    }
    const { found, value } = walkValue(doc.root, segments);
    if (found < segments.length) {
      throw this.refError(
        'REF_UNRESOLVED',
        ref,
        from,
        'no such target',
        'a pointer to an existing node',
        'Fix the reference',
      );
    }
    // A pointer without escapes is already in the form formatPointer would give.
    return { doc, pointer: decoded.includes('~') ? formatPointer(segments) : decoded, value };
  }

  /**
   * Loads every document reachable through `$ref` strings, so `resolve` never has to wait. Problems
   * (a missing file, HTTP 503) are kept and thrown by `resolve` when that reference is used, so a
   * `$ref` in an example that nothing resolves cannot fail the run.
   */
  async preload(): Promise<void> {
    const rootLocation = parseSpec(this.root.source.uri, this.options.cwd);
    const rootIsLocal =
      typeof rootLocation === 'object' && (rootLocation.kind === 'file' || rootLocation.kind === 'stdin');
    // From a local root without --allow-external-refs every reachable document is a local file, read on demand.
    if (rootIsLocal && !this.options.allowExternalRefs) return;
    const walked = new Set<ParsedDocument>();
    let pending: ParsedDocument[] = [this.root];
    while (pending.length > 0) {
      const targets = new Map<string, Location>();
      for (const doc of pending) {
        if (walked.has(doc)) continue;
        walked.add(doc);
        for (const ref of collectRefs(doc.root)) {
          const hash = ref.indexOf('#');
          const address = hash < 0 ? ref : ref.slice(0, hash);
          if (address === '') continue;
          let target: Location | { scheme: string };
          try {
            target = resolveAddress(address, doc.source.baseDir, this.options.cwd);
          } catch {
            continue; // a malformed URL: `resolve` reports it with the reference's context
          }
          if (!('kind' in target)) continue;
          const key = locationKey(target);
          if (this.documents.has(key) || this.failures.has(key) || !this.allows(target)) continue;
          targets.set(key, target);
        }
      }
      const loaded: ParsedDocument[] = [];
      await runPool([...targets], PRELOAD_CONCURRENCY, async ([key, target]) => {
        try {
          const source = await readLocation(target, displayNameOf(target, this.folder), {
            role: '$ref',
            cwd: this.options.cwd,
            fetch: this.options.fetch,
            maxBytes: this.options.maxBytes,
          });
          const doc = parseSource(source, '$ref');
          this.documents.set(key, doc);
          loaded.push(doc);
        } catch (error) {
          // Local files are read again by `resolve`, which words the error with the reference's context.
          if (error instanceof AppError && target.kind !== 'file') this.failures.set(key, error);
          else if (!(error instanceof AppError)) throw error;
        }
      });
      pending = loaded;
    }
  }

  private external(address: string, ref: string, from: { doc: ParsedDocument; pointer: string }): ParsedDocument {
    let target: Location | { scheme: string };
    try {
      target = resolveAddress(address, from.doc.source.baseDir, this.options.cwd);
    } catch {
      throw this.refError(
        'REF_UNRESOLVED',
        ref,
        from,
        'not a valid URL',
        'a relative path or an http(s) URL',
        'Fix the reference',
      );
    }
    if (!('kind' in target)) {
      throw this.refError(
        'REF_UNRESOLVED',
        ref,
        from,
        `unsupported scheme "${target.scheme}:"`,
        'a relative path or an http(s) URL',
        'Fix the reference',
      );
    }
    const key = locationKey(target);
    const cached = this.documents.get(key);
    if (cached) return cached;
    if (!this.allows(target)) {
      const at = describePointer(from.pointer);
      const name = from.doc.source.displayName;
      if (target.kind === 'url') {
        throw new AppError(
          'REF_REMOTE_BLOCKED',
          `$ref "${ref}" used at ${at} in ${name} is a remote URL; expected a local reference. ${retryAdvice(false, 'Pass --allow-external-refs to fetch it')}`,
        );
      }
      throw new AppError(
        'REF_OUTSIDE_ROOT',
        `$ref "${ref}" used at ${at} in ${name} points outside the spec's folder ${this.folder}; expected a file under that folder. ${retryAdvice(false, 'Pass --allow-external-refs to allow it')}`,
      );
    }
    const failure = this.failures.get(key);
    if (failure) throw failure;
    if (target.kind !== 'file') {
      throw this.refError(
        'INTERNAL',
        ref,
        from,
        `${locationKey(target)} was not loaded`,
        'DocumentSet.preload() to run before resolve()',
        'This is a bug in holdfast',
      );
    }
    const doc = this.readFile(target.path, ref, from);
    this.documents.set(key, doc);
    return doc;
  }

  private readFile(path: string, ref: string, from: { doc: ParsedDocument; pointer: string }): ParsedDocument {
    const location: Location = { kind: 'file', path };
    const displayName = displayNameOf(location, this.folder);
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
    let bytes: Buffer;
    try {
      bytes = readFileCappedSync(path, maxBytes);
    } catch (error) {
      if (error instanceof InputTooLargeError) {
        const found = `the file is larger than the ${formatBytes(maxBytes)} limit`;
        const fix = 'Raise the limit with --max-input-mb or HOLDFAST_MAX_INPUT_MB if the file is genuine';
        throw this.refError('LOAD_TOO_LARGE', ref, from, found, `a file of at most ${formatBytes(maxBytes)}`, fix);
      }
      const problem = fileProblem(error);
      const fix = problem === 'permission denied' ? 'Fix the reference or the permissions' : 'Fix the reference';
      throw this.refError('REF_UNRESOLVED', ref, from, problem, `an existing file at "${displayName}"`, fix, error);
    }
    const text = decodeInput(bytes, subjectOf('$ref'), displayName);
    return parseSource({ uri: path, displayName, baseDir: baseDirOf(location), text }, '$ref');
  }

  /** Whether policy lets references reach `target`. */
  private allows(target: Location): boolean {
    if (this.options.allowExternalRefs) return true;
    if (target.kind !== 'file') return isInsideFolder(target, this.folder);
    // Compare real paths, so a symbolic link inside the folder cannot lead out of it.
    this.realFolder ??= realPath(this.folder);
    return isInsideFolder({ kind: 'file', path: realPath(target.path) }, this.realFolder);
  }

  private refError(
    code: ErrorCode,
    ref: string,
    from: { doc: ParsedDocument; pointer: string },
    found: string,
    expected: string,
    fix: string,
    cause?: unknown,
  ): AppError {
    return new AppError(
      code,
      `Could not resolve $ref "${ref}" used at ${describePointer(from.pointer)} in ${from.doc.source.displayName}: ${found}; expected ${expected}. ${retryAdvice(false, fix)}`,
      { cause },
    );
  }
}

function describePointer(pointer: string): string {
  return pointer === '' ? 'the document root' : pointer;
}

/** A URI fragment is percent-encoded (`#/components/schemas/My%20Pet`); the pointer inside it is not. */
function decodeFragment(fragment: string): string {
  if (!fragment.includes('%')) return fragment;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Every string value of a `$ref` key in a parsed document (shared YAML aliases are visited once). */
function collectRefs(root: unknown): string[] {
  const refs: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') refs.push(child);
      else stack.push(child);
    }
  }
  return refs;
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A whole file, at most `maxBytes` (a FIFO or device is read in chunks until the cap). */
function readFileCappedSync(path: string, maxBytes: number): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const stat = fstatSync(descriptor);
    if (stat.isFile() && stat.size > maxBytes) throw new InputTooLargeError(maxBytes);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(stat.isFile() ? Math.max(stat.size - total, 0) + 1 : 1 << 16);
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw new InputTooLargeError(maxBytes);
      parts.push(chunk.subarray(0, read));
    }
    return Buffer.concat(parts, total);
  } finally {
    closeSync(descriptor);
  }
}
