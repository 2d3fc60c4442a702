/**
 * One log input -> hourly usage cells + a summary. Lines are parsed (format detected on the first
 * non-empty lines, or forced), matched to an operation by the compiled router, and counted;
 * unparseable and unmatched lines are counted and summarized, never fatal.
 */
import { AppError, retryAdvice } from '../errors.js';
import { UsageAggregator, type UsageCell, type UsageMinuteCell } from './aggregate.js';
import {
  DETECTION_SAMPLE,
  type Detection,
  type DurationUnit,
  detectFormat,
  emptyRecord,
  type FormatCapabilities,
  type JsonFields,
  type LogFormatName,
  type LogFormatOption,
  type LogRecord,
  resolveFormatName,
} from './formats.js';
import { type LineBatch, readLineBatches } from './read-lines.js';
import type { Router } from './router.js';
import { UserAgentFamilies } from './user-agent.js';

/** Who a request counts for: the user-agent family (default), the address, or a logged header. */
export type ClientIdentity = 'user-agent' | 'address' | 'header';

/** The client name when the chosen identity is not in the line. */
export const UNKNOWN_CLIENT = '(unknown)';

export interface IngestOptions {
  /**
   * The contract's router, or the router of the contract live at a line's time (ms since the
   * epoch; `defaultTime` for lines without one), for a log that spans a deployment.
   */
  router: Router | ((time: number) => Router);
  /** `auto` (default) detects per input; others force a parser. */
  format?: LogFormatOption;
  /** Unit of the last token of combined lines (default `auto`). */
  durationUnit?: DurationUnit | 'auto';
  jsonFields?: JsonFields;
  client?: ClientIdentity;
  /**
   * When a line has no timestamp (uvicorn's default format has none), it counts in the hour of
   * this time (ms since the epoch): the caller passes the file's modification time or "now".
   */
  defaultTime: number;
  /** Distinct clients kept before the rest count as `(other)` (default 1000). */
  maxClients?: number;
  /** Distinct unmatched requests kept for the summary (default 1000; the rest are only counted). */
  maxUnmatchedKeys?: number;
  /** Name of the input, for messages. */
  source?: string;
}

export interface BadLine {
  lineNumber: number;
  /** The line, cut to 200 characters. */
  text: string;
  reason: string;
}

export interface IngestSummary {
  /** Undefined only for an input of blank lines (nothing to detect a format on). */
  format: LogFormatName | undefined;
  /** What this input's lines carry (from the detection sample). */
  capabilities: FormatCapabilities;
  /** Sentences saying what the format could not give and what was done instead. */
  missing: string[];
  lines: number;
  blank: number;
  parsed: number;
  matched: number;
  /** Matched lines without a timestamp, counted in the hour of `defaultTime`. */
  untimed: number;
  unparseable: { count: number; first: BadLine | undefined };
  unmatched: {
    count: number;
    /** No template has the path / a template has it but not with the method. */
    byReason: { path: number; method: number };
    /** Most frequent unmatched `METHOD path` (query stripped), most first, at most 10. */
    top: Array<{ request: string; count: number }>;
    /** Unmatched lines whose request was not kept among the distinct keys. */
    untracked: number;
  };
  clients: number;
  /** True when more than `maxClients` clients were seen (the rest are `(other)`). */
  clientsCapped: boolean;
}

const capabilityWords: Record<keyof FormatCapabilities, string> = {
  timestamp: 'timestamps',
  duration: 'durations',
  userAgent: 'user agents',
  address: 'client addresses',
  header: 'the client header',
};

/**
 * Streaming ingest of one input: push lines in order, then `finish()`. `drain()` hands over the
 * cells counted since the last drain (one storage transaction per batch, with its offset).
 *
 * @example
 * const ingest = new LogIngest({ router, defaultTime: Date.now() });
 * for (const [index, line] of lines.entries()) ingest.push(line, index + 1);
 * const summary = ingest.finish(); const rows = ingest.drain();
 */
export class LogIngest {
  private readonly options: IngestOptions;
  private readonly aggregator: UsageAggregator;
  private readonly families = new UserAgentFamilies();
  private readonly record: LogRecord = emptyRecord();
  private detection: Detection | undefined;
  private pending: Array<[string, number]> = [];
  private pendingNonEmpty = 0;
  private readonly unmatchedKeys = new Map<string, number>();
  private readonly summary: Omit<IngestSummary, 'format' | 'capabilities' | 'missing' | 'clients' | 'clientsCapped'>;

  constructor(options: IngestOptions) {
    this.options = options;
    if (options.client === 'header' && options.jsonFields?.header === undefined) {
      throw new AppError(
        'USAGE',
        `Could not identify clients by header: no header field is set; expected the JSON field that holds it (e.g. "headers.x-client-id"). ${retryAdvice(false, 'Name the field')}`,
      );
    }
    this.aggregator = new UsageAggregator(options.maxClients ?? 1000);
    this.summary = {
      lines: 0,
      blank: 0,
      parsed: 0,
      matched: 0,
      untimed: 0,
      unparseable: { count: 0, first: undefined },
      unmatched: { count: 0, byReason: { path: 0, method: 0 }, top: [], untracked: 0 },
    };
  }

  /** The format in use, once detected (after `DETECTION_SAMPLE` non-empty lines or `finish`). */
  get format(): Detection | undefined {
    return this.detection;
  }

  push(line: string, lineNumber: number): void {
    if (this.detection) {
      this.count(line, lineNumber);
      return;
    }
    this.pending.push([line, lineNumber]);
    if (line.trim() !== '') this.pendingNonEmpty++;
    if (this.pendingNonEmpty >= DETECTION_SAMPLE) this.detect();
  }

  /** Pushes a batch from `readLineBatches`. */
  pushBatch(batch: LineBatch): void {
    const { lines, firstLineNumber } = batch;
    if (this.detection) {
      for (let index = 0; index < lines.length; index++) this.count(lines[index], firstLineNumber + index);
      return;
    }
    for (let index = 0; index < lines.length; index++) this.push(lines[index], firstLineNumber + index);
  }

  private detect(): void {
    const sample = this.pending.map(([line]) => line);
    const forced = this.options.format && this.options.format !== 'auto' ? this.options.format : undefined;
    this.detection = detectFormat(sample, {
      forced: forced ? resolveFormatName(forced) : undefined,
      durationUnit: this.options.durationUnit,
      jsonFields: this.options.jsonFields,
      source: this.options.source,
    });
    const pending = this.pending;
    this.pending = [];
    for (const [line, lineNumber] of pending) this.count(line, lineNumber);
  }

  private count(line: string, lineNumber: number): void {
    const summary = this.summary;
    summary.lines++;
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) {
      summary.blank++;
      return;
    }
    const record = this.record;
    const failure = this.detection!.parser.parse(line, record);
    if (failure !== undefined) {
      summary.unparseable.count++;
      summary.unparseable.first ??= {
        lineNumber,
        text: line.length > 200 ? line.slice(0, 200) : line,
        reason: failure,
      };
      return;
    }
    summary.parsed++;
    const time = record.time ?? this.options.defaultTime;
    const router = typeof this.options.router === 'function' ? this.options.router(time) : this.options.router;
    let route = router.match(record.method, record.target);
    // HEAD falls back to GET (Starlette's routes serve it), but FastAPI's routes answer HEAD with
    // 405: such a line asked for an operation the app does not have, and is no GET (its 4xx would
    // count against the GET operation in deploy compare).
    if (typeof route !== 'string' && record.status === 405 && route.method !== record.method.toUpperCase()) {
      route = 'method';
    }
    if (typeof route === 'string') {
      summary.unmatched.count++;
      summary.unmatched.byReason[route]++;
      const query = record.target.indexOf('?');
      const key = `${record.method} ${query === -1 ? record.target : record.target.slice(0, query)}`;
      const seen = this.unmatchedKeys.get(key);
      if (seen !== undefined) this.unmatchedKeys.set(key, seen + 1);
      else if (this.unmatchedKeys.size < (this.options.maxUnmatchedKeys ?? 1000)) this.unmatchedKeys.set(key, 1);
      else summary.unmatched.untracked++;
      return;
    }
    summary.matched++;
    if (record.time === undefined) summary.untimed++;
    this.aggregator.add(
      time,
      route.key,
      this.clientOf(record),
      record.status,
      record.durationMs,
      record.time === undefined,
    );
  }

  private clientOf(record: LogRecord): string {
    const identity = this.options.client ?? 'user-agent';
    if (identity === 'user-agent') {
      return record.userAgent === undefined ? UNKNOWN_CLIENT : this.families.family(record.userAgent);
    }
    if (identity === 'address') {
      return record.address === undefined ? UNKNOWN_CLIENT : addressWithoutPort(record.address);
    }
    return record.header === undefined || record.header === '' ? UNKNOWN_CLIENT : record.header.slice(0, 200);
  }

  /** Hourly cells counted since the last drain. */
  drain(): UsageCell[] {
    return this.aggregator.drain();
  }

  /** Minute cells counted since the last drain (drain both together, once per batch). */
  drainMinutes(): UsageMinuteCell[] {
    return this.aggregator.drainMinutes();
  }

  /** Ends the input (detecting the format on a short one) and returns the summary so far. */
  finish(): IngestSummary {
    if (!this.detection) {
      if (this.pendingNonEmpty === 0) {
        // Nothing but blank lines: nothing to detect, nothing counted.
        const blank = this.pending.length;
        this.pending = [];
        return { ...this.emptySummary(), lines: blank, blank };
      }
      this.detect();
    }
    const detection = this.detection!;
    const top = [...this.unmatchedKeys.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([request, count]) => ({ request, count }));
    return {
      ...this.summary,
      unparseable: { ...this.summary.unparseable },
      unmatched: { ...this.summary.unmatched, byReason: { ...this.summary.unmatched.byReason }, top },
      format: detection.parser.name,
      capabilities: detection.capabilities,
      missing: this.missing(detection.capabilities),
      clients: this.aggregator.clientCount,
      clientsCapped: this.aggregator.clientsCapped,
    };
  }

  private emptySummary(): IngestSummary {
    const none: FormatCapabilities = {
      timestamp: false,
      duration: false,
      userAgent: false,
      address: false,
      header: false,
    };
    return {
      ...this.summary,
      format: undefined,
      capabilities: none,
      missing: [],
      clients: 0,
      clientsCapped: false,
    };
  }

  private missing(capabilities: FormatCapabilities): string[] {
    const missing: string[] = [];
    const format = this.detection!.parser.name;
    if (!capabilities.timestamp) {
      missing.push(
        `no ${capabilityWords.timestamp} in this ${format} log: its lines count in the hour of ${new Date(this.options.defaultTime).toISOString()}`,
      );
    }
    if (!capabilities.duration)
      missing.push(`no ${capabilityWords.duration} in this ${format} log: no latency recorded`);
    const identity = this.options.client ?? 'user-agent';
    const needed: keyof FormatCapabilities =
      identity === 'user-agent' ? 'userAgent' : identity === 'address' ? 'address' : 'header';
    if (!capabilities[needed]) {
      missing.push(
        `no ${capabilityWords[needed]} in this ${format} log: every request counts for client "${UNKNOWN_CLIENT}"`,
      );
    }
    return missing;
  }
}

/** `1.2.3.4:5678` -> `1.2.3.4`, `[::1]:5678` -> `::1`; other shapes (bare IPv6) as they are. */
export function addressWithoutPort(address: string): string {
  if (address.charCodeAt(0) === 91) {
    const close = address.indexOf(']');
    return close === -1 ? address : address.slice(1, close);
  }
  const colon = address.indexOf(':');
  if (colon === -1 || address.indexOf(':', colon + 1) !== -1) return address;
  return address.slice(0, colon);
}

export interface StreamIngestOptions extends IngestOptions {
  /** Skip this many bytes already ingested (plain files; the stream must start there). */
  startOffset?: number;
  /** Line number of the first line read (default 1; after a resume, one past the lines read). */
  startLine?: number;
  /** `leave`: do not count a last line without newline (a file still being written). */
  partialLastLine?: 'deliver' | 'leave';
  /** Hand over cells every this many lines (default 100,000), at a chunk boundary. */
  batchLines?: number;
  /** Receives the cells of each batch (hourly, and per minute) and the byte offset they end at; awaited. */
  onBatch?: (cells: UsageCell[], endOffset: number, minutes: UsageMinuteCell[]) => void | Promise<void>;
}

/**
 * Ingests a whole stream (a file from `openLogFile`, stdin, a gunzip stream). Without `onBatch`
 * the cells (hourly and per minute) are returned at the end; with it, they are handed over batch
 * by batch (and `cells`/`minutes` are the last, possibly empty, remainder already handed over too).
 */
export async function ingestStream(
  input: AsyncIterable<Buffer | string>,
  options: StreamIngestOptions,
): Promise<{ summary: IngestSummary; cells: UsageCell[]; minutes: UsageMinuteCell[]; endOffset: number }> {
  const ingest = new LogIngest(options);
  const batchLines = options.batchLines ?? 100_000;
  let sinceBatch = 0;
  const { endOffset } = await readLineBatches(
    input,
    async (batch) => {
      ingest.pushBatch(batch);
      sinceBatch += batch.lines.length;
      if (options.onBatch && sinceBatch >= batchLines && ingest.format) {
        sinceBatch = 0;
        await options.onBatch(ingest.drain(), batch.endOffset, ingest.drainMinutes());
      }
    },
    { startOffset: options.startOffset, startLine: options.startLine, partialLastLine: options.partialLastLine },
  );
  const summary = ingest.finish();
  const rest = ingest.drain();
  const minutes = ingest.drainMinutes();
  if (options.onBatch) await options.onBatch(rest, endOffset, minutes);
  return { summary, cells: rest, minutes, endOffset };
}
