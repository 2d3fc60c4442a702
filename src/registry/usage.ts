/**
 * `usage ingest` and `usage show` (issue 12): access logs -> hourly usage in the registry, and
 * what clients call, per operation of the live contract.
 *
 * Ingest is idempotent: each file is tracked by content fingerprint (`usage_files`) with the byte
 * offset and line count read so far; every batch of lines is one write transaction that adds its
 * counts and moves the offset together, so a crash between batches leaves whole batches only and a
 * re-run continues from the last committed offset. A file ingested twice counts once; a file that
 * grew is read from where it stopped; a plain file rotated to `.gz` is skipped up to its offset.
 * Standard input has no identity: it is counted every time.
 */
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { AppError, retryAdvice } from '../errors.js';
import { documentsQuery, liveDeploymentQuery } from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import {
  type ClientIdentity,
  FINGERPRINT_BYTES,
  fingerprintLogFile,
  type HistogramData,
  type IngestSummary,
  type JsonFields,
  LatencyHistogram,
  type LogFormatOption,
  LogIngest,
  openLogFile,
  Router,
  readLineBatches,
  routesFromOpenApi,
  type UsageCell,
  type UsageMinuteCell,
} from '../usage/index.js';
import {
  type EnvironmentRow,
  requireEnvironment,
  requirePublishedVersion,
  requireService,
  type ServiceRow,
} from './_lookup.js';
import { entryAt, liveTimeline, type TimelineEntry } from './_timeline.js';
import { formatTime } from './render.js';
import type { RegistryOptions } from './types.js';

export const DEFAULT_USAGE_DAYS = 30;
/** A century: any longer window reaches before timestamps the registry can hold. */
export const MAX_USAGE_DAYS = 36_500;
const DEFAULT_BATCH_LINES = 100_000;
/** Rows per INSERT (8 parameters each, well under SQLite's and PostgreSQL's limits). */
const INSERT_ROWS = 500;
const TOP_CLIENTS = 3;

export interface UsageIngestInput {
  service: string;
  environment: string;
  /** Paths of files or folders (every file inside, oldest first), or `-` for `stdin`. */
  files: string[];
  /** Match paths against this published version instead of the one live in the environment. */
  version?: string;
  format?: LogFormatOption;
  client?: ClientIdentity;
  jsonFields?: JsonFields;
  /** Standard input, for `-`. */
  stdin?: AsyncIterable<Buffer | string>;
  /** Lines per transaction (default 100,000). */
  batchLines?: number;
  /**
   * Called inside each batch's transaction after its writes, with the batch number (1-based,
   * across files). Tests throw from it to simulate a crash before that batch commits.
   */
  duringBatch?: (batch: number) => void;
}

export interface UsageFileResult {
  path: string;
  /** `ingested` (new), `resumed` (grown since last time), `unchanged` (nothing new: counted once already), `stdin`. */
  status: 'ingested' | 'resumed' | 'unchanged' | 'stdin';
  format: string | null;
  /** What the format cannot give (no timestamps, durations, client identity). */
  missing: string[];
  /** Lines read by this run (after the stored offset). */
  lines: number;
  matched: number;
  unparseable: number;
  firstUnparseable: { lineNumber: number; text: string; reason: string } | null;
  unmatched: number;
  topUnmatched: Array<{ request: string; count: number }>;
}

export interface UsageIngestResult {
  service: string;
  environment: string;
  /** `--version`, or the version live in the environment now. */
  version: string;
  /**
   * Versions whose contract matched lines, in the order first used: without `--version`, each
   * line is matched against the contract live at its time (a log spanning a deployment uses two).
   */
  versions: string[];
  files: UsageFileResult[];
  totals: { lines: number; matched: number; unparseable: number; unmatched: number; batches: number };
}

export interface UsageShowInput {
  service: string;
  environment: string;
  days?: number;
}

export interface UsageOperationView {
  operation: string;
  calls: number;
  clients: number;
  topClients: Array<{ client: string; calls: number }>;
  statusClasses: Record<string, number>;
  /** Milliseconds; null when no ingested line of the operation had a duration. */
  latency: { p50: number; p95: number; p99: number } | null;
}

export interface UsageShowResult {
  service: string;
  environment: string;
  days: number;
  /** ISO-8601 start of the window (an hour boundary). */
  since: string;
  /** The live version the unused operations come from; null when nothing is live. */
  liveVersion: string | null;
  totalCalls: number;
  operations: UsageOperationView[];
  /** Operations of the live contract with no call in the window (candidates for deprecation). */
  unused: string[];
  clients: Array<{ client: string; calls: number; operations: Array<{ operation: string; calls: number }> }>;
  /** Where the counts come from when not the registry's logs: "Prometheus at http://…". */
  source?: string;
  /** The window in words when it is not whole days ("1 hour"). */
  window?: string;
  /** False when the source has no client identity (Prometheus): clients and per-operation client counts are unknown. */
  clientsKnown?: boolean;
  /** What the source could not give, in words. */
  notes?: string[];
}

interface Target {
  service: ServiceRow;
  environment: EnvironmentRow;
  /** `--version`, or the version live now. */
  version: string;
  /** The router of `--version`, or the router of the contract live at a line's time. */
  router: Router | ((time: number) => Router);
  /** Versions whose contract matched at least one line, in the order first used. */
  used: Set<string>;
}

function contractRouter(content: string, what: string): Router {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    throw new AppError(
      'REGISTRY_NOT_SELF_CONTAINED',
      `Could not read the contract of ${what}: it is stored as YAML text, not JSON; expected a contract published as JSON. ${retryAdvice(false, 'Publish the contract again, or pass --version with a JSON-stored version')}`,
    );
  }
  return new Router(routesFromOpenApi(document));
}

/**
 * A router per deployed version, picked by a line's time: the contract live in the environment
 * then (the first deployment's for lines before it). A deployment of a version never published
 * has no contract: its lines match the closest earlier published one (else the closest later).
 * Routers are built on first use; consecutive lines of one deployment reuse the last one found.
 */
function timeRouter(
  timeline: TimelineEntry[],
  documents: Map<string, string>,
  serviceName: string,
  used: Set<string>,
): (time: number) => Router {
  const published = timeline.map((entry) => entry.deployment.document_hash !== null);
  const effective = timeline.map((_, index) => {
    for (let at = index; at >= 0; at--) if (published[at]) return timeline[at].deployment;
    for (let at = index + 1; at < timeline.length; at++) if (published[at]) return timeline[at].deployment;
    return timeline[index].deployment;
  });
  const routers = new Map<string, Router>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let current: Router | undefined;
  return (time: number): Router => {
    if (current !== undefined && time >= start && time < end) return current;
    const index = entryAt(timeline, time);
    start = index === 0 ? Number.NEGATIVE_INFINITY : timeline[index].from;
    end = index + 1 < timeline.length ? timeline[index + 1].from : Number.POSITIVE_INFINITY;
    const deployment = effective[index];
    const hash = deployment.document_hash ?? '';
    let router = routers.get(hash);
    if (router === undefined) {
      router = contractRouter(documents.get(hash) ?? '{}', `${serviceName} ${deployment.version}`);
      routers.set(hash, router);
    }
    used.add(deployment.version);
    current = router;
    return router;
  };
}

async function readTarget(
  trx: StoreTransaction,
  input: { service: string; environment: string; version?: string },
  location: string,
): Promise<Target> {
  const service = await requireService(trx, input.service, location);
  const environment = await requireEnvironment(trx, input.environment, location);
  const used = new Set<string>();
  if (input.version !== undefined) {
    const version = await requirePublishedVersion(trx, service, input.version, 'match log paths');
    const document = await documentsQuery(trx, [version.document_hash]).executeTakeFirst();
    const router = contractRouter(document?.content ?? '{}', `${service.name} ${version.label}`);
    used.add(version.label);
    return { service, environment, version: version.label, router, used };
  }
  const live = await liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst();
  if (live === undefined || live.document_hash === null) {
    const found =
      live === undefined
        ? `nothing of ${service.name} is live there`
        : `the live version "${live.version}" was never published`;
    throw new AppError(
      live === undefined ? 'REGISTRY_NOTHING_LIVE' : 'REGISTRY_NOT_PUBLISHED',
      `Could not match log paths for ${service.name} in ${environment.name}: ${found}; expected a live, published contract to match paths against. ${retryAdvice(false, 'Record the deployment with holdfast deploy, or pass --version')}`,
    );
  }
  const timeline = await liveTimeline(trx, service.id, environment.id);
  const hashes = [...new Set(timeline.map((entry) => entry.deployment.document_hash).filter((hash) => hash !== null))];
  const documents = new Map(
    (await documentsQuery(trx, hashes).execute()).map((row) => [row.hash, row.content] as const),
  );
  return {
    service,
    environment,
    version: live.version,
    router: timeRouter(timeline, documents, service.name, used),
    used,
  };
}

/** Files of a folder, oldest first (rotated logs: `access.log.2.gz`, `access.log.1`, `access.log`). */
async function expandInputs(files: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const file of files) {
    if (file === '-') {
      paths.push(file);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      throw new AppError(
        'LOAD_NOT_FOUND',
        `Could not read log "${file}": no such file or folder; expected an access log, a folder of them, or - for standard input. Fix the path; retrying will not help.`,
      );
    }
    if (!info.isDirectory()) {
      paths.push(file);
      continue;
    }
    const entries = await readdir(file, { withFileTypes: true });
    const inside = await Promise.all(
      entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map(async (entry) => {
          const path = join(file, entry.name);
          return { path, mtime: (await stat(path)).mtimeMs };
        }),
    );
    inside.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
    paths.push(...inside.map((entry) => entry.path));
  }
  return paths;
}

async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** SHA-256 of the first `length` bytes of a plain file (to recognise a file that was shorter than 1 KiB). */
async function prefixHash(path: string, length: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

/** A stream without its first `skip` bytes (a plain file rotated to `.gz` after it was partly read). */
async function* skipBytes(input: AsyncIterable<Buffer>, skip: number): AsyncIterable<Buffer> {
  let left = skip;
  for await (const chunk of input) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

interface FileRow {
  fingerprint: string;
  bytes_read: number;
  lines_read: number;
  unparseable: number;
  unmatched: number;
}

async function findFile(
  store: Store,
  target: Target,
  path: string,
  fingerprint: { hash: string; bytes: number },
  gzip: boolean,
): Promise<FileRow | undefined> {
  const rows = await store.transaction('read', (trx) =>
    trx
      .selectFrom('usage_files')
      .select(['fingerprint', 'fingerprint_bytes', 'bytes_read', 'lines_read', 'unparseable', 'unmatched'])
      .where('service_id', '=', target.service.id)
      .where('environment_id', '=', target.environment.id)
      .where((eb) => eb.or([eb('fingerprint', '=', fingerprint.hash), eb('fingerprint_bytes', '<', FINGERPRINT_BYTES)]))
      .execute(),
  );
  const toRow = (row: (typeof rows)[number]): FileRow => ({
    fingerprint: row.fingerprint,
    bytes_read: Number(row.bytes_read),
    lines_read: Number(row.lines_read),
    unparseable: Number(row.unparseable),
    unmatched: Number(row.unmatched),
  });
  const exact = rows.find((row) => row.fingerprint === fingerprint.hash);
  if (exact !== undefined) return toRow(exact);
  // A file first ingested while shorter than 1 KiB has a provisional fingerprint of what it had.
  if (gzip) return undefined;
  for (const row of rows) {
    if (
      row.fingerprint_bytes < fingerprint.bytes &&
      (await prefixHash(path, row.fingerprint_bytes)) === row.fingerprint
    ) {
      return toRow(row);
    }
  }
  return undefined;
}

/**
 * Refuses a batch when the stored offset is not where this run left it: another run is ingesting
 * the same file at the same time, and committing would count its lines twice.
 */
async function checkOffset(
  trx: StoreTransaction,
  target: Target,
  path: string,
  fingerprint: string,
  expected: number | null,
): Promise<void> {
  const row = await trx
    .selectFrom('usage_files')
    .select('bytes_read')
    .where('service_id', '=', target.service.id)
    .where('environment_id', '=', target.environment.id)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  const found = row === undefined ? null : Number(row.bytes_read);
  if (found === expected) return;
  throw new AppError(
    'STORE_BUSY',
    `Could not ingest "${path}": another run recorded it meanwhile (read up to byte ${found ?? 0}, this run expected ${expected ?? 'none yet'}); expected one run per file at a time. Nothing of this batch was counted. ${retryAdvice(true)} The next run continues from the stored offset.`,
    { retryable: true },
  );
}

function isoTime(time: number): string {
  return new Date(time).toISOString();
}

/** Adds a batch's cells: counts by SQL upsert, latency histograms merged with the stored ones. */
async function writeCells(trx: StoreTransaction, target: Target, cells: UsageCell[]): Promise<void> {
  if (cells.length === 0) return;
  const key = (hour: string, operation: string, client: string, statusClass: string): string =>
    JSON.stringify([hour, operation, client, statusClass]);
  const stored = new Map<string, string>();
  const timed = cells.filter((cell) => cell.latency !== undefined);
  const hours = [...new Set(timed.map((cell) => isoTime(cell.hour)))];
  for (let start = 0; start < hours.length; start += INSERT_ROWS) {
    const rows = await trx
      .selectFrom('usage_hourly')
      .select(['hour', 'operation', 'client', 'status_class', 'latency'])
      .where('service_id', '=', target.service.id)
      .where('environment_id', '=', target.environment.id)
      .where('hour', 'in', hours.slice(start, start + INSERT_ROWS))
      .where('latency', 'is not', null)
      .execute();
    for (const row of rows) {
      if (row.latency !== null) stored.set(key(row.hour, row.operation, row.client, row.status_class), row.latency);
    }
  }
  const values = cells.map((cell) => {
    const hour = isoTime(cell.hour);
    let latency: string | null = null;
    if (cell.latency !== undefined) {
      const before = stored.get(key(hour, cell.operation, cell.client, cell.statusClass));
      const merged =
        before === undefined
          ? cell.latency
          : LatencyHistogram.fromJSON(JSON.parse(before) as HistogramData).merge(cell.latency);
      latency = JSON.stringify(merged.toJSON());
    }
    return {
      service_id: target.service.id,
      environment_id: target.environment.id,
      hour,
      operation: cell.operation,
      client: cell.client,
      status_class: cell.statusClass,
      request_count: cell.count,
      latency,
    };
  });
  for (let start = 0; start < values.length; start += INSERT_ROWS) {
    await trx
      .insertInto('usage_hourly')
      .values(values.slice(start, start + INSERT_ROWS))
      .onConflict((conflict) =>
        conflict.columns(['service_id', 'environment_id', 'hour', 'operation', 'client', 'status_class']).doUpdateSet({
          request_count: sql`usage_hourly.request_count + excluded.request_count`,
          // Null when the new lines had no duration: keep what was stored.
          latency: sql`coalesce(excluded.latency, usage_hourly.latency)`,
        }),
      )
      .execute();
  }
}

/**
 * Days of minute cells kept per service and environment: deploy compare reads windows of up to a
 * day around a deployment; older deployments are compared from the hourly cells (kept for good),
 * with a caveat. Without a bound a busy service would add hundreds of thousands of rows a day.
 */
export const MINUTE_CELL_DAYS = 35;

/**
 * Adds a batch's minute cells (deploy compare's resolution), the same way as the hourly ones: counts
 * by SQL upsert, latency histograms merged with the stored ones in code. Cells before `keepFrom`
 * (ISO) are neither written nor kept: the batch's transaction also deletes those stored.
 */
async function writeMinuteCells(
  trx: StoreTransaction,
  target: Target,
  allCells: UsageMinuteCell[],
  keepFrom: string,
): Promise<void> {
  await trx
    .deleteFrom('usage_minutes')
    .where('service_id', '=', target.service.id)
    .where('environment_id', '=', target.environment.id)
    .where('minute', '<', keepFrom)
    .execute();
  const cells = allCells.filter((cell) => isoTime(cell.minute) >= keepFrom);
  if (cells.length === 0) return;
  const key = (minute: string, operation: string, statusClass: string): string =>
    JSON.stringify([minute, operation, statusClass]);
  const stored = new Map<string, string>();
  const minutes = [...new Set(cells.filter((cell) => cell.latency !== undefined).map((cell) => isoTime(cell.minute)))];
  for (let start = 0; start < minutes.length; start += INSERT_ROWS) {
    const rows = await trx
      .selectFrom('usage_minutes')
      .select(['minute', 'operation', 'status_class', 'latency'])
      .where('service_id', '=', target.service.id)
      .where('environment_id', '=', target.environment.id)
      .where('minute', 'in', minutes.slice(start, start + INSERT_ROWS))
      .where('latency', 'is not', null)
      .execute();
    for (const row of rows) {
      if (row.latency !== null) stored.set(key(row.minute, row.operation, row.status_class), row.latency);
    }
  }
  const values = cells.map((cell) => {
    const minute = isoTime(cell.minute);
    let latency: string | null = null;
    if (cell.latency !== undefined) {
      const before = stored.get(key(minute, cell.operation, cell.statusClass));
      const merged =
        before === undefined
          ? cell.latency
          : LatencyHistogram.fromJSON(JSON.parse(before) as HistogramData).merge(cell.latency);
      latency = JSON.stringify(merged.toJSON());
    }
    return {
      service_id: target.service.id,
      environment_id: target.environment.id,
      minute,
      operation: cell.operation,
      status_class: cell.statusClass,
      request_count: cell.count,
      untimed_count: cell.untimed,
      latency,
    };
  });
  for (let start = 0; start < values.length; start += INSERT_ROWS) {
    await trx
      .insertInto('usage_minutes')
      .values(values.slice(start, start + INSERT_ROWS))
      .onConflict((conflict) =>
        conflict.columns(['service_id', 'environment_id', 'minute', 'operation', 'status_class']).doUpdateSet({
          request_count: sql`usage_minutes.request_count + excluded.request_count`,
          untimed_count: sql`usage_minutes.untimed_count + excluded.untimed_count`,
          latency: sql`coalesce(excluded.latency, usage_minutes.latency)`,
        }),
      )
      .execute();
  }
}

/**
 * Ingests access logs into the registry's hourly usage of `service` in `environment`, matching
 * paths against the contract live there (or `version`).
 *
 * @example
 * const result = await ingestUsage(store, { service: 'shop', environment: 'production', files: ['/var/log/nginx'] }, { cwd });
 */
export async function ingestUsage(
  store: Store,
  input: UsageIngestInput,
  options: RegistryOptions,
): Promise<UsageIngestResult> {
  const now = options.now ?? (() => new Date());
  const keepMinutesFrom = new Date(now().getTime() - MINUTE_CELL_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const target = await store.transaction('read', (trx) => readTarget(trx, input, store.location));
  const paths = await expandInputs(input.files);
  const batchLines = input.batchLines ?? DEFAULT_BATCH_LINES;
  const totals = { lines: 0, matched: 0, unparseable: 0, unmatched: 0, batches: 0 };
  const files: UsageFileResult[] = [];

  for (const path of paths) {
    const fromStdin = path === '-';
    let gzip = false;
    let fingerprint: { hash: string; bytes: number } | undefined;
    let previous: FileRow | undefined;
    let defaultTime = now().getTime();
    if (!fromStdin) {
      gzip = await isGzipFile(path);
      const content = await fingerprintLogFile(path);
      // An empty file has no identity yet: nothing is recorded until it has content.
      fingerprint = content.bytes === 0 ? undefined : content;
      previous = fingerprint === undefined ? undefined : await findFile(store, target, path, fingerprint, gzip);
      // A line without a timestamp counts in the hour the file was last written.
      defaultTime = (await stat(path)).mtimeMs;
      if (previous !== undefined && !gzip && (await stat(path)).size <= previous.bytes_read) {
        files.push(unchangedFile(path));
        continue;
      }
    }
    const startOffset = previous?.bytes_read ?? 0;
    const startLine = (previous?.lines_read ?? 0) + 1;
    let source: AsyncIterable<Buffer | string>;
    if (fromStdin) {
      if (input.stdin === undefined) {
        throw new AppError('USAGE', 'Could not read standard input: none was given; expected a log on stdin for "-".');
      }
      source = input.stdin;
    } else if (gzip) {
      source = skipBytes((await openLogFile(path)) as AsyncIterable<Buffer>, startOffset);
    } else {
      source = await openLogFile(path, { startOffset });
    }

    const ingest = new LogIngest({
      router: target.router,
      format: input.format,
      client: input.client,
      jsonFields: input.jsonFields,
      defaultTime,
      source: fromStdin ? 'standard input' : path,
    });
    let linesRead = startLine - 1;
    let sinceBatch = 0;
    // The offset this run last committed (null: no row yet); another run moving it means both read the same lines.
    let committedOffset: number | null = previous === undefined ? null : startOffset;
    const commit = async (endOffset: number): Promise<void> => {
      const cells = ingest.drain();
      const minuteCells = ingest.drainMinutes();
      const sofar = ingest.format ? ingest.finish() : undefined;
      totals.batches++;
      const batch = totals.batches;
      await store.transaction('write', async (trx) => {
        // Batches of one service take turns (SQLite: the write lock of BEGIN IMMEDIATE already does
        // it), so the offset check below sees what a concurrent run committed.
        if (store.dialect === 'postgres') {
          await trx.selectFrom('services').select('id').where('id', '=', target.service.id).forUpdate().execute();
        }
        if (fingerprint !== undefined)
          await checkOffset(trx, target, path, previous?.fingerprint ?? fingerprint.hash, committedOffset);
        await writeCells(trx, target, cells);
        await writeMinuteCells(trx, target, minuteCells, keepMinutesFrom);
        if (fingerprint !== undefined) {
          const at = now().toISOString();
          const row = {
            service_id: target.service.id,
            environment_id: target.environment.id,
            fingerprint: fingerprint.hash,
            fingerprint_bytes: fingerprint.bytes,
            path,
            bytes_read: endOffset,
            lines_read: linesRead,
            unparseable: (previous?.unparseable ?? 0) + (sofar?.unparseable.count ?? 0),
            unmatched: (previous?.unmatched ?? 0) + (sofar?.unmatched.count ?? 0),
            first_ingested_at: at,
            last_ingested_at: at,
          };
          if (previous !== undefined && previous.fingerprint !== fingerprint.hash) {
            // The provisional fingerprint of a file that was under 1 KiB becomes the real one.
            await trx
              .deleteFrom('usage_files')
              .where('service_id', '=', target.service.id)
              .where('environment_id', '=', target.environment.id)
              .where('fingerprint', '=', previous.fingerprint)
              .execute();
          }
          await trx
            .insertInto('usage_files')
            .values(row)
            .onConflict((conflict) =>
              conflict.columns(['service_id', 'environment_id', 'fingerprint']).doUpdateSet({
                fingerprint_bytes: row.fingerprint_bytes,
                path: row.path,
                bytes_read: row.bytes_read,
                lines_read: row.lines_read,
                unparseable: row.unparseable,
                unmatched: row.unmatched,
                last_ingested_at: row.last_ingested_at,
              }),
            )
            .execute();
        }
        input.duringBatch?.(batch);
      });
      if (fingerprint !== undefined) {
        committedOffset = endOffset;
        if (previous !== undefined) previous = { ...previous, fingerprint: fingerprint.hash };
      }
    };
    const { endOffset } = await readLineBatches(
      source,
      async (batch) => {
        ingest.pushBatch(batch);
        linesRead = batch.firstLineNumber + batch.lines.length - 1;
        sinceBatch += batch.lines.length;
        if (sinceBatch >= batchLines && ingest.format) {
          sinceBatch = 0;
          await commit(batch.endOffset);
        }
      },
      { startOffset, startLine, partialLastLine: fromStdin || gzip ? 'deliver' : 'leave' },
    );
    const summary = ingest.finish();
    await commit(endOffset);
    const status = fromStdin
      ? 'stdin'
      : previous === undefined
        ? 'ingested'
        : summary.lines === 0
          ? 'unchanged'
          : 'resumed';
    files.push(status === 'unchanged' ? unchangedFile(path) : fileResult(path, status, summary));
    totals.lines += summary.lines;
    totals.matched += summary.matched;
    totals.unparseable += summary.unparseable.count;
    totals.unmatched += summary.unmatched.count;
  }
  return {
    service: target.service.name,
    environment: target.environment.name,
    version: target.version,
    versions: [...target.used],
    files,
    totals,
  };
}

function unchangedFile(path: string): UsageFileResult {
  return {
    path,
    status: 'unchanged',
    format: null,
    missing: [],
    lines: 0,
    matched: 0,
    unparseable: 0,
    firstUnparseable: null,
    unmatched: 0,
    topUnmatched: [],
  };
}

function fileResult(path: string, status: UsageFileResult['status'], summary: IngestSummary): UsageFileResult {
  return {
    path,
    status,
    format: summary.format ?? null,
    missing: summary.missing,
    lines: summary.lines,
    matched: summary.matched,
    unparseable: summary.unparseable.count,
    firstUnparseable: summary.unparseable.first ?? null,
    unmatched: summary.unmatched.count,
    topUnmatched: summary.unmatched.top,
  };
}

/**
 * What clients called over the last `days` days: operations by traffic, the live contract's
 * operations nobody called, and clients with what they call.
 *
 * @example
 * const result = await showUsage(store, { service: 'shop', environment: 'production', days: 7 }, { cwd });
 */
export async function showUsage(
  store: Store,
  input: UsageShowInput,
  options: RegistryOptions,
): Promise<UsageShowResult> {
  const days = input.days ?? DEFAULT_USAGE_DAYS;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_USAGE_DAYS) {
    throw new AppError(
      'USAGE',
      `Invalid --days ${days}: expected a whole number from 1 to ${MAX_USAGE_DAYS}. ${retryAdvice(false, 'Choose a shorter window')}`,
    );
  }
  const now = (options.now ?? (() => new Date()))().getTime();
  const start = now - days * 86_400_000;
  const since = new Date(start - (start % 3_600_000)).toISOString();
  return store.transaction('read', async (trx) => {
    const service = await requireService(trx, input.service, store.location);
    const environment = await requireEnvironment(trx, input.environment, store.location);
    const base = () =>
      trx
        .selectFrom('usage_hourly')
        .where('service_id', '=', service.id)
        .where('environment_id', '=', environment.id)
        .where('hour', '>=', since);
    const [counts, latencies, live] = await Promise.all([
      base()
        .select(['operation', 'client', 'status_class'])
        .select((eb) => eb.fn.sum<number | string>('request_count').as('calls'))
        .groupBy(['operation', 'client', 'status_class'])
        .execute(),
      base().select(['operation', 'latency']).where('latency', 'is not', null).execute(),
      liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst(),
    ]);
    const byOperation = new Map<
      string,
      { calls: number; clients: Map<string, number>; statusClasses: Record<string, number> }
    >();
    const byClient = new Map<string, Map<string, number>>();
    for (const row of counts) {
      const calls = Number(row.calls);
      let operation = byOperation.get(row.operation);
      if (operation === undefined) {
        operation = { calls: 0, clients: new Map(), statusClasses: {} };
        byOperation.set(row.operation, operation);
      }
      operation.calls += calls;
      operation.clients.set(row.client, (operation.clients.get(row.client) ?? 0) + calls);
      operation.statusClasses[row.status_class] = (operation.statusClasses[row.status_class] ?? 0) + calls;
      let client = byClient.get(row.client);
      if (client === undefined) {
        client = new Map();
        byClient.set(row.client, client);
      }
      client.set(row.operation, (client.get(row.operation) ?? 0) + calls);
    }
    const histograms = new Map<string, LatencyHistogram>();
    for (const row of latencies) {
      if (row.latency === null) continue;
      const data = JSON.parse(row.latency) as HistogramData;
      const histogram = histograms.get(row.operation);
      if (histogram === undefined) histograms.set(row.operation, LatencyHistogram.fromJSON(data));
      else histogram.merge(data);
    }
    const byCalls = <T extends { calls: number }>(a: T & { name: string }, b: T & { name: string }): number =>
      b.calls - a.calls || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const round = (value: number | undefined): number => Math.round((value ?? 0) * 10) / 10;
    const operations = [...byOperation.entries()]
      .map(([name, value]) => ({ name, ...value }))
      .sort(byCalls)
      .map((operation): UsageOperationView => {
        const histogram = histograms.get(operation.name);
        const topClients = [...operation.clients.entries()]
          .map(([name, calls]) => ({ name, calls }))
          .sort(byCalls)
          .slice(0, TOP_CLIENTS)
          .map(({ name, calls }) => ({ client: name, calls }));
        const statusClasses = Object.fromEntries(
          Object.entries(operation.statusClasses).sort(([a], [b]) => (a < b ? -1 : 1)),
        );
        return {
          operation: operation.name,
          calls: operation.calls,
          clients: operation.clients.size,
          topClients,
          statusClasses,
          latency:
            histogram === undefined
              ? null
              : {
                  p50: round(histogram.quantile(0.5)),
                  p95: round(histogram.quantile(0.95)),
                  p99: round(histogram.quantile(0.99)),
                },
        };
      });
    let unused: string[] = [];
    let liveVersion: string | null = null;
    if (live !== undefined && live.document_hash !== null) {
      liveVersion = live.version;
      const document = await documentsQuery(trx, [live.document_hash]).executeTakeFirst();
      try {
        const router = new Router(routesFromOpenApi(JSON.parse(document?.content ?? '{}')));
        unused = [...new Set(router.operations.map((operation) => operation.key))]
          .filter((operation) => !byOperation.has(operation))
          .sort();
      } catch {
        unused = [];
      }
    }
    const clients = [...byClient.entries()]
      .map(([name, calls]) => ({
        name,
        calls: [...calls.values()].reduce((sum, value) => sum + value, 0),
        operations: [...calls.entries()]
          .map(([operation, count]) => ({ name: operation, calls: count }))
          .sort(byCalls)
          .map(({ name: operation, calls: count }) => ({ operation, calls: count })),
      }))
      .sort(byCalls)
      .map(({ name, calls, operations: called }) => ({ client: name, calls, operations: called }));
    return {
      service: service.name,
      environment: environment.name,
      days,
      since,
      liveVersion,
      totalCalls: operations.reduce((sum, operation) => sum + operation.calls, 0),
      operations,
      unused,
      clients,
    };
  });
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `contract 1.0.0`, or `contracts 1.0.0, 1.1.0 by time of deployment` when lines spanned deployments. */
function contractWords(result: UsageIngestResult): string {
  if (result.versions.length <= 1) return `contract ${result.versions[0] ?? result.version}`;
  return `contracts ${result.versions.join(', ')} by time of deployment`;
}

/** One summary line (plus one line per file that says what its format cannot give). */
export function renderUsageIngest(result: UsageIngestResult): string {
  const { totals } = result;
  const unchanged = result.files.filter((file) => file.status === 'unchanged').length;
  const parts = [
    `Ingested ${plural(result.files.length - unchanged, 'file')} for ${result.service} in ${result.environment} (${contractWords(result)}): ${plural(totals.lines, 'line')}, ${totals.matched} matched, ${totals.unparseable} unparseable, ${totals.unmatched} unmatched`,
  ];
  if (unchanged > 0) parts.push(`${unchanged} already ingested (counted once)`);
  const lines = [parts.join('; ')];
  for (const file of result.files) {
    if (file.status === 'unchanged') continue;
    const notes: string[] = [...file.missing];
    if (file.firstUnparseable !== null) {
      notes.push(`first unparseable line ${file.firstUnparseable.lineNumber}: ${file.firstUnparseable.reason}`);
    }
    if (file.topUnmatched.length > 0) {
      notes.push(
        `top unmatched: ${file.topUnmatched
          .slice(0, 3)
          .map((entry) => `${entry.request} (${entry.count})`)
          .join(', ')}`,
      );
    }
    if (notes.length > 0)
      lines.push(`  ${file.path === '-' ? 'stdin' : file.path} [${file.format ?? 'empty'}]: ${notes.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderUsageShow(result: UsageShowResult): string {
  const lines = [
    `Usage of ${result.service} in ${result.environment}, last ${result.window ?? plural(result.days, 'day')} (since ${formatTime(result.since)}): ${plural(result.totalCalls, 'call')}`,
  ];
  if (result.source !== undefined) lines.push(`From ${result.source}`);
  if (result.operations.length === 0) lines.push('', 'No calls recorded in this window.');
  else {
    lines.push('', 'Operations by traffic:');
    for (const operation of result.operations) {
      const latency =
        operation.latency === null
          ? ''
          : `, p50 ${operation.latency.p50} ms, p95 ${operation.latency.p95} ms, p99 ${operation.latency.p99} ms`;
      const top = operation.topClients.map((client) => `${client.client} ${client.calls}`).join(', ');
      const who =
        result.clientsKnown === false
          ? ` (${Object.entries(operation.statusClasses)
              .map(([statusClass, calls]) => `${statusClass} ${calls}`)
              .join(', ')})`
          : `, ${plural(operation.clients, 'client')} (${top})`;
      lines.push(`  ${operation.operation}: ${plural(operation.calls, 'call')}${who}${latency}`);
    }
  }
  if (result.liveVersion !== null) {
    lines.push('', `Unused operations of ${result.liveVersion} (no calls in this window):`);
    if (result.unused.length === 0) lines.push('  none');
    for (const operation of result.unused) lines.push(`  ${operation}`);
  }
  if (result.clientsKnown === false)
    lines.push('', 'Clients: unknown (Prometheus has no client identity; ingested access logs do)');
  if (result.clients.length > 0) {
    lines.push('', 'Clients:');
    for (const client of result.clients) {
      const called = client.operations.map((entry) => `${entry.operation} ${entry.calls}`).join(', ');
      lines.push(`  ${client.client}: ${plural(client.calls, 'call')} (${called})`);
    }
  }
  if (result.notes !== undefined && result.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of result.notes) lines.push(`  ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
