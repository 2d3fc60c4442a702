/**
 * Parses several sources at once, the second large YAML text in a worker thread when asked or
 * when the machine has cores to spare: js-yaml needs 100-200 ms for a 2.8 MB document, a worker
 * starts in about 30 ms, and the parsed value comes back by structured clone in about 10 ms. JSON
 * (JSON.parse takes a few milliseconds) and small YAML stay on the main thread. On this project's
 * 2-core machine the worker does not pay (docs/performance.md), so it is off there by default.
 *
 * The results are exactly those of `parseSource` called in order: the worker runs the same
 * `parseSourceValue`; structured clone keeps key order, `-0`, own `__proto__` keys and the
 * identity of aliased nodes (so `shared` still names the objects in `root`); and when the worker
 * fails for any reason the main thread parses that source again, so an invalid document gets the
 * very same error.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { documentOf, isYamlText, parseSource, withoutByteOrderMark } from './parse-source.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import type { ParsedDocument, Source } from './types.js';

/** Below this many characters a YAML parse takes under ~30 ms: not worth a worker's start-up. */
export const PARALLEL_MIN_CHARS = 256 * 1024;

export interface ParallelParseOptions {
  /**
   * Use a worker thread at all. Default: with four or more cores and a load average below the
   * cores minus one. On two cores the worker costs more than it saves (docs/performance.md: about
   * 0.3 s more CPU time and 20 MB more peak memory for OpenAI's pair, since V8's garbage collector
   * already keeps the second core half busy and the worker parses with cold code).
   */
  workers?: boolean;
  /** Smallest YAML text (in characters) worth a worker; default {@link PARALLEL_MIN_CHARS}. */
  minChars?: number;
  /** The worker script (default: parse-worker.js beside this module, in dist/ and the bundle). */
  workerUrl?: URL;
}

export interface ParseInput {
  source: Source;
  role: string;
}

/**
 * Parses every input; a failure is that input's `rejected` result (with the error `parseSource`
 * throws), so callers choose which error to report.
 *
 * @example
 * const [base, revision] = await parseSourcesSettled([{ source: a, role: 'base' }, { source: b, role: 'revision' }]);
 */
export async function parseSourcesSettled(
  inputs: readonly ParseInput[],
  options: ParallelParseOptions = {},
): Promise<PromiseSettledResult<ParsedDocument>[]> {
  const offloaded = pickOffloaded(inputs, options);
  // Started first, so the worker boots and parses while this thread parses the others.
  const pending = offloaded < 0 ? undefined : parseInWorker(inputs[offloaded], workerUrlOf(options));
  const results: PromiseSettledResult<ParsedDocument>[] = [];
  for (let index = 0; index < inputs.length; index++) {
    if (index === offloaded) {
      results.push({ status: 'rejected', reason: undefined });
      continue;
    }
    results.push(settle(inputs[index]));
  }
  if (pending) {
    const input = inputs[offloaded];
    const reply = await pending;
    results[offloaded] = reply?.ok
      ? {
          status: 'fulfilled',
          value: documentOf({
            source: withoutByteOrderMark(input.source),
            root: reply.root,
            format: reply.format,
            shared: reply.shared,
          }),
        }
      : settle(input);
  }
  return results;
}

function settle(input: ParseInput): PromiseSettledResult<ParsedDocument> {
  try {
    return { status: 'fulfilled', value: parseSource(input.source, input.role) };
  } catch (error) {
    return { status: 'rejected', reason: error };
  }
}

/** The input to parse in a worker (the second large YAML text), or -1 for none. */
function pickOffloaded(inputs: readonly ParseInput[], options: ParallelParseOptions): number {
  if (options.workers === false || (options.workers === undefined && !hasFreeCore())) return -1;
  const minChars = options.minChars ?? PARALLEL_MIN_CHARS;
  const large = inputs.flatMap((input, index) =>
    input.source.text.length >= minChars && isYamlText(input.source) ? [index] : [],
  );
  if (large.length < 2) return -1;
  return existsSync(fileURLToPath(workerUrlOf(options))) ? large[1] : -1;
}

function hasFreeCore(): boolean {
  const cores = availableParallelism();
  return cores >= 4 && loadavg()[0] < cores - 1;
}

function workerUrlOf(options: ParallelParseOptions): URL {
  // In dist/load/ and in dist/bundle/ alike, the worker script sits beside this module's file.
  return options.workerUrl ?? new URL('./parse-worker.js', import.meta.url);
}

/** The worker's reply, or undefined when it could not start, crashed or exited without one. */
function parseInWorker(input: ParseInput, url: URL): Promise<ParseReply | undefined> {
  const request: ParseRequest = {
    uri: input.source.uri,
    displayName: input.source.displayName,
    text: input.source.text,
    role: input.role,
  };
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: request });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (reply: ParseReply) => resolve(reply));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
