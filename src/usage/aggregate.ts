/**
 * Usage aggregates, at two resolutions:
 * - hourly cells: per hour, operation, client and status class, a request count and a latency
 *   histogram (when the log has durations), what `usage show` and `--usage` read over days;
 * - minute cells: per minute, operation and status class (no client), the same count and
 *   histogram, what `deploy compare` reads to tell "the hour before 14:20" from "the hour after".
 *
 * Memory is bounded by hours × operations × clients × 5 cells plus minutes × operations × 5 cells
 * (per batch: the registry drains both every batch), never by the number of lines; the number of
 * distinct clients is capped (`maxClients`, the rest count as `(other)`), so a log keyed by
 * address stays bounded too.
 */
import { LatencyHistogram } from './histogram.js';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
const statusClasses: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** The client name used once `maxClients` distinct clients have been seen. */
export const OTHER_CLIENT = '(other)';

/** One aggregate row: what a storage layer would upsert (count add, histogram merge). */
export interface UsageCell {
  /** Start of the hour, milliseconds since the epoch (UTC). */
  hour: number;
  /** `GET /items/{item_id}`. */
  operation: string;
  client: string;
  statusClass: StatusClass;
  count: number;
  /** Undefined when no line of this cell had a duration. */
  latency: LatencyHistogram | undefined;
}

/** One minute cell: what `deploy compare` reads (no client: before/after is about the service). */
export interface UsageMinuteCell {
  /** Start of the minute, milliseconds since the epoch (UTC). */
  minute: number;
  operation: string;
  statusClass: StatusClass;
  count: number;
  /**
   * Requests of this cell from lines without a timestamp (uvicorn's default log), counted at the
   * input's default time (the file's modification time): not evidence of when they happened.
   */
  untimed: number;
  latency: LatencyHistogram | undefined;
}

export class UsageAggregator {
  private minutes = new Map<number, Map<string, Array<UsageMinuteCell | undefined>>>();
  private lastMinute = Number.NaN;
  private lastMinuteCells: Map<string, Array<UsageMinuteCell | undefined>> | undefined;
  private cells = new Map<number, Map<string, Map<string, Array<UsageCell | undefined>>>>();
  private readonly clients = new Set<string>();
  /** Whether some client was folded into `(other)`. */
  clientsCapped = false;

  constructor(private readonly maxClients = 1000) {}

  /**
   * Counts one matched request. `status` is the HTTP status (100..599); `untimed`: the line had no
   * timestamp and `time` is the input's default time.
   */
  add(
    time: number,
    operation: string,
    client: string,
    status: number,
    durationMs: number | undefined,
    untimed = false,
  ): void {
    const minute = time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    const bucket = durationMs === undefined ? Number.NaN : LatencyHistogram.bucketOf(durationMs);
    this.addMinute(minute, operation, status, durationMs, bucket, untimed);
    const hour = time - (((time % HOUR_MS) + HOUR_MS) % HOUR_MS);
    let byOperation = this.cells.get(hour);
    if (!byOperation) {
      byOperation = new Map();
      this.cells.set(hour, byOperation);
    }
    let byClient = byOperation.get(operation);
    if (!byClient) {
      byClient = new Map();
      byOperation.set(operation, byClient);
    }
    let name = client;
    let byClass = byClient.get(name);
    if (!byClass) {
      if (!this.clients.has(name)) {
        if (this.clients.size >= this.maxClients) {
          this.clientsCapped = true;
          name = OTHER_CLIENT;
        } else {
          this.clients.add(name);
        }
      }
      byClass = byClient.get(name);
      if (!byClass) {
        byClass = [undefined, undefined, undefined, undefined, undefined];
        byClient.set(name, byClass);
      }
    }
    const classIndex = Math.floor(status / 100) - 1;
    let cell = byClass[classIndex];
    if (!cell) {
      cell = { hour, operation, client: name, statusClass: statusClasses[classIndex], count: 0, latency: undefined };
      byClass[classIndex] = cell;
    }
    cell.count += 1;
    if (durationMs !== undefined) {
      cell.latency ??= new LatencyHistogram();
      cell.latency.addAt(durationMs, bucket);
    }
  }

  private addMinute(
    minute: number,
    operation: string,
    status: number,
    durationMs: number | undefined,
    bucket: number,
    untimed: boolean,
  ): void {
    // Lines come in time order: the minute of the line before is almost always this one.
    let byOperation = minute === this.lastMinute ? this.lastMinuteCells : this.minutes.get(minute);
    if (!byOperation) {
      byOperation = new Map();
      this.minutes.set(minute, byOperation);
    }
    this.lastMinute = minute;
    this.lastMinuteCells = byOperation;
    let byClass = byOperation.get(operation);
    if (!byClass) {
      byClass = [undefined, undefined, undefined, undefined, undefined];
      byOperation.set(operation, byClass);
    }
    const classIndex = Math.floor(status / 100) - 1;
    let cell = byClass[classIndex];
    if (!cell) {
      cell = { minute, operation, statusClass: statusClasses[classIndex], count: 0, untimed: 0, latency: undefined };
      byClass[classIndex] = cell;
    }
    cell.count += 1;
    if (untimed) cell.untimed += 1;
    if (durationMs !== undefined) {
      cell.latency ??= new LatencyHistogram();
      cell.latency.addAt(durationMs, bucket);
    }
  }

  /** Every minute cell, ordered by minute, operation, status class. */
  minuteRows(): UsageMinuteCell[] {
    const rows: UsageMinuteCell[] = [];
    for (const minute of [...this.minutes.keys()].sort((a, b) => a - b)) {
      const byOperation = this.minutes.get(minute)!;
      for (const operation of [...byOperation.keys()].sort()) {
        for (const cell of byOperation.get(operation)!) if (cell) rows.push(cell);
      }
    }
    return rows;
  }

  /** The minute cells counted since the last drain, and forgets them. */
  drainMinutes(): UsageMinuteCell[] {
    const rows = this.minuteRows();
    this.minutes = new Map();
    this.lastMinute = Number.NaN;
    this.lastMinuteCells = undefined;
    return rows;
  }

  /** Distinct clients seen (up to `maxClients`). */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Every cell, ordered by hour, operation, client, status class. */
  rows(): UsageCell[] {
    const rows: UsageCell[] = [];
    for (const hour of [...this.cells.keys()].sort((a, b) => a - b)) {
      const byOperation = this.cells.get(hour)!;
      for (const operation of [...byOperation.keys()].sort()) {
        const byClient = byOperation.get(operation)!;
        for (const client of [...byClient.keys()].sort()) {
          for (const cell of byClient.get(client)!) if (cell) rows.push(cell);
        }
      }
    }
    return rows;
  }

  /**
   * The hourly cells counted since the last drain, and forgets them (for one transaction per
   * batch); drain the minute cells with `drainMinutes` at the same time.
   */
  drain(): UsageCell[] {
    const rows = this.rows();
    this.cells = new Map();
    return rows;
  }
}

/**
 * Adds `rows` into per-key totals: what a reader does with stored hourly rows (sum counts, merge
 * histograms) to answer "p95 of GET /orders over 30 days".
 *
 * @example
 * mergeCells(rows, (row) => row.operation).get('GET /items')?.latency?.quantile(0.95)
 */
export function mergeCells(
  rows: Iterable<UsageCell>,
  keyOf: (row: UsageCell) => string,
): Map<string, { count: number; latency: LatencyHistogram | undefined }> {
  const totals = new Map<string, { count: number; latency: LatencyHistogram | undefined }>();
  for (const row of rows) {
    const key = keyOf(row);
    let total = totals.get(key);
    if (!total) {
      total = { count: 0, latency: undefined };
      totals.set(key, total);
    }
    total.count += row.count;
    if (row.latency) {
      total.latency ??= new LatencyHistogram();
      total.latency.merge(row.latency);
    }
  }
  return totals;
}
