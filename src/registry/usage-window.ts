/**
 * A {@link TrafficSource} over the usage the registry ingested from access logs (`usage_hourly`):
 * requests, status classes and latency per operation over a time window, in whole hours.
 */
import { AppError, retryAdvice } from '../errors.js';
import type { Store } from '../store/store.js';
import { type HistogramData, HOUR_MS, LatencyHistogram } from '../usage/index.js';
import type { OperationWindowStats, TrafficSource, TrafficWindow, WindowStatusClass } from '../usage/window.js';
import { checkName, requireEnvironment, requireService } from './_lookup.js';

const STATUS_CLASSES: readonly WindowStatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

const hourStart = (time: number): number => time - (((time % HOUR_MS) + HOUR_MS) % HOUR_MS);
const round = (value: number | undefined): number => Math.round((value ?? 0) * 10) / 10;

/**
 * Traffic of one service in one environment from the registry's ingested access logs. Counts are
 * hourly, so a window that does not start and end on the hour is widened to whole hours (said in
 * the window's caveats).
 *
 * @example
 * const source = usageTrafficSource(store, { service: 'shop', environment: 'production' });
 * const before = await source.window(new Date('2026-01-05T10:00Z'), new Date('2026-01-05T11:00Z'));
 */
export function usageTrafficSource(store: Store, input: { service: string; environment: string }): TrafficSource {
  const serviceName = checkName('service', input.service);
  const environmentName = checkName('environment', input.environment);
  return {
    description: 'access logs ingested into the registry',
    async window(from: Date, to: Date): Promise<TrafficWindow> {
      if (!(to.getTime() > from.getTime())) {
        throw new AppError(
          'USAGE',
          `Invalid traffic window ${from.toISOString()} to ${to.toISOString()}: it ends before it starts; expected an end after the start. ${retryAdvice(false)}`,
        );
      }
      const start = hourStart(from.getTime());
      const end = hourStart(to.getTime() - 1) + HOUR_MS;
      const rows = await store.transaction('read', async (trx) => {
        const service = await requireService(trx, serviceName, store.location);
        const environment = await requireEnvironment(trx, environmentName, store.location);
        return trx
          .selectFrom('usage_hourly')
          .select(['operation', 'status_class', 'request_count', 'latency'])
          .where('service_id', '=', service.id)
          .where('environment_id', '=', environment.id)
          .where('hour', '>=', new Date(start).toISOString())
          .where('hour', '<', new Date(end).toISOString())
          .execute();
      });
      const byOperation = new Map<string, { stats: OperationWindowStats; histogram: LatencyHistogram | null }>();
      for (const row of rows) {
        let entry = byOperation.get(row.operation);
        if (entry === undefined) {
          entry = {
            stats: { operation: row.operation, requests: 0, statusClasses: {}, latencyMs: null },
            histogram: null,
          };
          byOperation.set(row.operation, entry);
        }
        const count = Number(row.request_count);
        entry.stats.requests += count;
        const statusClass = STATUS_CLASSES.find((candidate) => candidate === row.status_class);
        if (statusClass !== undefined) {
          entry.stats.statusClasses[statusClass] = (entry.stats.statusClasses[statusClass] ?? 0) + count;
        }
        if (row.latency !== null) {
          const data = JSON.parse(row.latency) as HistogramData;
          if (entry.histogram === null) entry.histogram = LatencyHistogram.fromJSON(data);
          else entry.histogram.merge(data);
        }
      }
      const operations = [...byOperation.values()]
        .map(({ stats, histogram }) => ({
          ...stats,
          latencyMs:
            histogram === null
              ? null
              : {
                  p50: round(histogram.quantile(0.5)),
                  p95: round(histogram.quantile(0.95)),
                  p99: round(histogram.quantile(0.99)),
                },
        }))
        .sort((left, right) => right.requests - left.requests || (left.operation < right.operation ? -1 : 1));
      const caveats: string[] = [];
      if (start !== from.getTime() || end !== to.getTime()) {
        caveats.push(
          `the registry counts by the hour: this window covers ${new Date(start).toISOString()} to ${new Date(end).toISOString()}, wider than asked`,
        );
      }
      if (operations.length > 0 && operations.every((operation) => operation.latencyMs === null)) {
        caveats.push('no durations in these logs');
      }
      return { from: new Date(start), to: new Date(end), operations, caveats };
    },
  };
}
