/**
 * `RegistryTrafficSource`: a {@link TrafficSource} over the usage the registry stored from access
 * logs (`holdfast usage ingest`). Windows are read from the minute cells (migration 004); a window
 * with none, but with hourly cells (minute cells pruned after MINUTE_CELL_DAYS, or logs ingested before they existed), is answered from
 * whole hours, and says so.
 */

import { AppError, retryAdvice } from '../errors.js';
import type { Store } from '../store/store.js';
import {
  type HistogramData,
  HOUR_MS,
  LatencyHistogram,
  MINUTE_MS,
  type OperationWindowStats,
  type TrafficSource,
  type TrafficWindow,
  type WindowStatusClass,
} from '../usage/index.js';
import { requireEnvironment, requireService } from './_lookup.js';
import { MINUTE_CELL_DAYS } from './usage.js';

const STATUS_CLASSES: readonly WindowStatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

interface Row {
  operation: string;
  status_class: string;
  request_count: number | string;
  latency: string | null;
}

/** `2026-12-03T14:20:00Z`: registry times without milliseconds, for sentences. */
export function shortTime(time: Date | number | string): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class RegistryTrafficSource implements TrafficSource {
  readonly description: string;

  private constructor(
    private readonly store: Store,
    private readonly serviceId: number,
    private readonly environmentId: number,
    private readonly names: { service: string; environment: string },
  ) {
    this.description = `access logs ingested into the registry ${store.location}`;
  }

  /**
   * The source for one service in one environment; fails like every registry command on an
   * unknown name.
   *
   * @example
   * const source = await RegistryTrafficSource.open(store, 'shop', 'production');
   * const window = await source.window(new Date('2026-12-03T13:20Z'), new Date('2026-12-03T14:20Z'));
   */
  static async open(store: Store, service: string, environment: string): Promise<RegistryTrafficSource> {
    const [serviceRow, environmentRow] = await store.transaction('read', async (trx) => [
      await requireService(trx, service, store.location),
      await requireEnvironment(trx, environment, store.location),
    ]);
    return new RegistryTrafficSource(store, serviceRow.id, environmentRow.id, {
      service: serviceRow.name,
      environment: environmentRow.name,
    });
  }

  async window(from: Date, to: Date): Promise<TrafficWindow> {
    if (!(from.getTime() <= to.getTime())) {
      throw new AppError(
        'USAGE',
        `Invalid traffic window ${shortTime(from)} to ${shortTime(to)}: it ends before it starts; expected from <= to. ${retryAdvice(false)}`,
      );
    }
    return this.store.transaction('read', async (trx) => {
      const fromIso = from.toISOString();
      const toIso = to.toISOString();
      const caveats: string[] = [];
      const minuteRows = await trx
        .selectFrom('usage_minutes')
        .select(['operation', 'status_class', 'request_count', 'untimed_count', 'latency'])
        .where('service_id', '=', this.serviceId)
        .where('environment_id', '=', this.environmentId)
        .where('minute', '>=', fromIso)
        .where('minute', '<', toIso)
        .execute();
      let rows: Row[] = minuteRows;
      let untimed = minuteRows.reduce((sum, row) => sum + Number(row.untimed_count), 0);
      const latestMinute = await trx
        .selectFrom('usage_minutes')
        .select((eb) => eb.fn.max('minute').as('latest'))
        .where('service_id', '=', this.serviceId)
        .where('environment_id', '=', this.environmentId)
        .executeTakeFirst();
      let coveredUntil =
        latestMinute?.latest == null ? undefined : new Date(Date.parse(String(latestMinute.latest)) + MINUTE_MS);
      const hourFrom = from.getTime() - (((from.getTime() % HOUR_MS) + HOUR_MS) % HOUR_MS);
      const hourTo =
        to.getTime() - (((to.getTime() % HOUR_MS) + HOUR_MS) % HOUR_MS) + (to.getTime() % HOUR_MS === 0 ? 0 : HOUR_MS);
      // Logs ingested before minute cells existed (migration 004) have hourly counts only: an
      // empty window is read from whole hours only when those hours have no minute cell at all
      // (else the window simply had no traffic).
      const minutesNearby =
        minuteRows.length > 0
          ? minuteRows.length
          : Number(
              (
                await trx
                  .selectFrom('usage_minutes')
                  .select((eb) => eb.fn.countAll<number | string>().as('total'))
                  .where('service_id', '=', this.serviceId)
                  .where('environment_id', '=', this.environmentId)
                  .where('minute', '>=', new Date(hourFrom).toISOString())
                  .where('minute', '<', new Date(hourTo).toISOString())
                  .executeTakeFirstOrThrow()
              ).total,
            );
      if (minutesNearby === 0) {
        const hourly = await trx
          .selectFrom('usage_hourly')
          .select(['operation', 'status_class', 'request_count', 'latency', 'hour'])
          .where('service_id', '=', this.serviceId)
          .where('environment_id', '=', this.environmentId)
          .where('hour', '>=', new Date(hourFrom).toISOString())
          .where('hour', '<', toIso)
          .execute();
        if (hourly.length > 0) {
          rows = hourly;
          untimed = 0;
          const hours = hourly.map((row) => Date.parse(row.hour));
          const first = Math.min(...hours);
          const last = Math.max(...hours) + HOUR_MS;
          caveats.push(
            `only hourly counts are stored for ${shortTime(from)} to ${shortTime(to)} (minute cells are kept ${MINUTE_CELL_DAYS} days, and logs ingested before holdfast kept them have none): this window is read as the whole hours ${shortTime(first)} to ${shortTime(last)}`,
          );
          if (coveredUntil === undefined || coveredUntil.getTime() < last) coveredUntil = new Date(last);
        }
      }
      if (untimed > 0) {
        const total = rows.reduce((sum, row) => sum + Number(row.request_count), 0);
        caveats.push(
          `${untimed} of ${total} requests in this window come from log lines without timestamps (uvicorn's default access log): they were counted at the time their file was last written, so this window may hold requests from before or after it; log with timestamps (docs/usage.md)`,
        );
      }
      return {
        from,
        to,
        operations: aggregate(rows),
        caveats,
        coveredUntil,
        untimedRequests: untimed,
      };
    });
  }

  toString(): string {
    return `${this.names.service} in ${this.names.environment}: ${this.description}`;
  }
}

function aggregate(rows: Row[]): OperationWindowStats[] {
  const byOperation = new Map<
    string,
    { requests: number; statusClasses: Partial<Record<WindowStatusClass, number>>; latency: LatencyHistogram | null }
  >();
  for (const row of rows) {
    let entry = byOperation.get(row.operation);
    if (entry === undefined) {
      entry = { requests: 0, statusClasses: {}, latency: null };
      byOperation.set(row.operation, entry);
    }
    const count = Number(row.request_count);
    entry.requests += count;
    const statusClass = STATUS_CLASSES.find((name) => name === row.status_class);
    if (statusClass !== undefined) entry.statusClasses[statusClass] = (entry.statusClasses[statusClass] ?? 0) + count;
    if (row.latency !== null) {
      entry.latency ??= new LatencyHistogram();
      entry.latency.merge(JSON.parse(row.latency) as HistogramData);
    }
  }
  const round = (value: number | undefined): number => Math.round((value ?? 0) * 10) / 10;
  return [...byOperation.entries()]
    .sort((a, b) => b[1].requests - a[1].requests || (a[0] < b[0] ? -1 : 1))
    .map(([operation, entry]) => ({
      operation,
      requests: entry.requests,
      statusClasses: entry.statusClasses,
      latencyMs:
        entry.latency === null || entry.latency.count === 0
          ? null
          : {
              p50: round(entry.latency.quantile(0.5)),
              p95: round(entry.latency.quantile(0.95)),
              p99: round(entry.latency.quantile(0.99)),
            },
    }));
}
