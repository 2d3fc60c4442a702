/**
 * Worker-thread entry: parses one source with `parseSourceValue` and posts the value back
 * (structured clone keeps YAML aliases as shared objects and `shared` pointing at them). Any
 * failure posts `{ ok: false }`: the main thread parses again itself, so errors are the very same
 * AppError, message and all. Started by parse-parallel.ts; bundled as dist/bundle/parse-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSourceValue } from './parse-source.js';

export interface ParseRequest {
  uri: string;
  displayName: string;
  text: string;
  role: string;
}

export type ParseReply =
  | { ok: true; root: unknown; format: 'json' | 'yaml'; shared: ReadonlySet<object> }
  | { ok: false };

function reply(message: ParseReply): void {
  parentPort?.postMessage(message);
}

const request = workerData as ParseRequest;
let value: ReturnType<typeof parseSourceValue> | undefined;
try {
  value = parseSourceValue({ uri: request.uri, displayName: request.displayName, text: request.text }, request.role);
} catch {
  value = undefined;
}
if (value) {
  try {
    reply({ ok: true, root: value.root, format: value.format, shared: value.shared });
  } catch {
    // Not cloneable (it cannot happen for js-yaml's values, but the main thread must not wait).
    reply({ ok: false });
  }
} else {
  reply({ ok: false });
}
