/**
 * Streaming line reading with byte offsets: a file, stdin or a gzip stream is read chunk by chunk,
 * each chunk cut at its last newline, so memory is one chunk (plus one line at most
 * `MAX_LINE_BYTES` long) whatever the input size, and the byte offset after every complete line is
 * known exactly (what a resumable ingest stores).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Longer lines are cut to this many bytes (they will not parse, and are counted as such). */
export const MAX_LINE_BYTES = 1 << 20;
const CHUNK_BYTES = 1 << 20;

export interface LineBatch {
  /** Complete lines of this chunk, without `\n` (and without a `\r` before it). */
  lines: string[];
  /** 1-based number of `lines[0]` in the input. */
  firstLineNumber: number;
  /** Bytes of the (decompressed) input consumed through the end of the last line of the batch. */
  endOffset: number;
  /** True for the last batch when the input did not end with a newline. */
  partial: boolean;
}

/**
 * Reads `input` (bytes or text chunks) and calls `onBatch` once per chunk of complete lines,
 * awaiting it (backpressure). A last line without a newline is delivered with `partial: true`
 * unless `partialLastLine` is `'leave'` (a file still being written: read it next time).
 */
export async function readLineBatches(
  input: AsyncIterable<Buffer | string>,
  onBatch: (batch: LineBatch) => void | Promise<void>,
  options: { startOffset?: number; startLine?: number; partialLastLine?: 'deliver' | 'leave' } = {},
): Promise<{ endOffset: number; lines: number }> {
  let remainder: Buffer = Buffer.alloc(0);
  let offset = options.startOffset ?? 0;
  let lineNumber = options.startLine ?? 1;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const data = remainder.length === 0 ? bytes : Buffer.concat([remainder, bytes]);
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline === -1) {
      remainder = data;
      if (remainder.length > MAX_LINE_BYTES) {
        // One enormous line: deliver its start (it will count as unparseable) and skip the rest.
        const lines = [remainder.subarray(0, MAX_LINE_BYTES).toString('utf8')];
        offset += remainder.length;
        await onBatch({ lines, firstLineNumber: lineNumber, endOffset: offset, partial: false });
        lineNumber += 1;
        remainder = Buffer.alloc(0);
      }
      continue;
    }
    const lines = data.toString('utf8', 0, lastNewline).split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index];
      if (line.charCodeAt(line.length - 1) === 13) lines[index] = line.slice(0, -1);
    }
    // `data` starts at `offset` (the end of the last complete line so far).
    offset += lastNewline + 1;
    remainder = data.subarray(lastNewline + 1);
    await onBatch({ lines, firstLineNumber: lineNumber, endOffset: offset, partial: false });
    lineNumber += lines.length;
  }
  if (remainder.length > 0 && options.partialLastLine !== 'leave') {
    let line = remainder.toString('utf8');
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    offset += remainder.length;
    await onBatch({ lines: [line], firstLineNumber: lineNumber, endOffset: offset, partial: true });
    lineNumber += 1;
  }
  return { endOffset: offset, lines: lineNumber - (options.startLine ?? 1) };
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * A readable stream of a log file's text, decompressed when it is gzip (told by its first bytes,
 * not its name). `startOffset` skips already-read bytes of a plain file; a gzip file cannot be
 * resumed in the middle (rotated `.gz` files do not grow), so it is rejected there.
 */
export async function openLogFile(path: string, options: { startOffset?: number } = {}): Promise<Readable> {
  const head = await readHead(path, 2);
  const start = options.startOffset ?? 0;
  if (isGzip(head)) {
    if (start !== 0) throw new RangeError('a gzip log cannot be read from an offset');
    return createReadStream(path, { highWaterMark: CHUNK_BYTES }).pipe(createGunzip());
  }
  return createReadStream(path, { start, highWaterMark: CHUNK_BYTES });
}

/** How many leading bytes of content identify a log file. */
export const FINGERPRINT_BYTES = 1024;

/**
 * A content fingerprint of a log file: SHA-256 of its first `FINGERPRINT_BYTES` bytes of
 * (decompressed) content, with how many bytes were hashed. It survives renames and rotation to
 * `.gz` (same content, same fingerprint); a file shorter than `FINGERPRINT_BYTES` gets a
 * provisional fingerprint (`bytes` < 1024) that a storage layer must recompute once it grows.
 */
export async function fingerprintLogFile(path: string): Promise<{ hash: string; bytes: number }> {
  let content = await readHead(path, FINGERPRINT_BYTES);
  if (isGzip(content)) {
    // Decompress only until the first FINGERPRINT_BYTES bytes are there.
    const parts: Buffer[] = [];
    let length = 0;
    const stream = createReadStream(path).pipe(createGunzip());
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= FINGERPRINT_BYTES) break;
    }
    stream.destroy();
    content = Buffer.concat(parts).subarray(0, FINGERPRINT_BYTES);
  }
  return { hash: createHash('sha256').update(content).digest('hex'), bytes: content.length };
}
