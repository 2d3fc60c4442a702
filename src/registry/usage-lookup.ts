/**
 * Calls per operation over a window, for ranking findings (`diff`/`check`/`can-i-deploy --usage`)
 * and for the traffic a rollback removes. Reads the hourly counts `holdfast usage ingest` wrote
 * (migration 003); operations are keyed without parameter names (`GET /items/{}`, see
 * src/policy/usage.ts), so counts made against one contract version match findings that spell
 * the parameters of another.
 */
import { AppError, retryAdvice } from '../errors.js';
import { type KeyedOperationUsage, type UsageTable, usageKeyOf, windowText } from '../policy/usage.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { checkName, type EnvironmentRow, requireEnvironment, requireService, type ServiceRow } from './_lookup.js';
import { formatTime } from './render.js';
import type { RegistryOptions } from './types.js';
import { DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS } from './usage.js';

const TOP_CLIENTS = 3;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface UsageByOperationInput {
  service: string;
  environment: string;
  /** Days back from now (default 30), counted from the start of an hour. */
  days?: number;
  /**
   * The counts will downgrade findings on operations with no call: refuse (instead of calling
   * everything unused) when the window holds no call at all.
   */
  ignoreUnused?: boolean;
}

/** {@link UsageTable} plus the newest hour ever ingested (null: nothing ever was). */
export interface UsageByOperationResult extends UsageTable {
  latestHour: string | null;
}

/** Checks `days`: a whole number from 1 to {@link MAX_USAGE_DAYS}. */
export function checkUsageDays(days: number, flag = '--usage'): number {
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_USAGE_DAYS) {
    throw new AppError(
      'USAGE',
      `Invalid ${flag} window "${days}" days: expected a whole number of days from 1 to ${MAX_USAGE_DAYS}. ${retryAdvice(false, 'Choose another window')}`,
    );
  }
  return days;
}

/**
 * Reads the window's counts for a service and environment already looked up; `latestHour` null
 * (and no operations) when nothing was ever ingested for them.
 */
export async function readUsageTable(
  trx: StoreTransaction,
  service: ServiceRow,
  environment: EnvironmentRow,
  days: number,
  now: Date,
): Promise<UsageByOperationResult> {
  const start = now.getTime() - days * DAY_MS;
  const since = new Date(start - (start % HOUR_MS)).toISOString();
  const scoped = () =>
    trx.selectFrom('usage_hourly').where('service_id', '=', service.id).where('environment_id', '=', environment.id);
  const [latest, rows] = await Promise.all([
    scoped()
      .select((eb) => eb.fn.max('hour').as('latest'))
      .executeTakeFirst(),
    scoped()
      .where('hour', '>=', since)
      .select(['operation', 'client'])
      .select((eb) => eb.fn.sum<number | string>('request_count').as('calls'))
      .groupBy(['operation', 'client'])
      .execute(),
  ]);
  const byKey = new Map<string, { names: Map<string, number>; clients: Map<string, number>; calls: number }>();
  let totalCalls = 0;
  for (const row of rows) {
    const calls = Number(row.calls);
    totalCalls += calls;
    const key = usageKeyOf(row.operation);
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { names: new Map(), clients: new Map(), calls: 0 };
      byKey.set(key, entry);
    }
    entry.calls += calls;
    entry.names.set(row.operation, (entry.names.get(row.operation) ?? 0) + calls);
    entry.clients.set(row.client, (entry.clients.get(row.client) ?? 0) + calls);
  }
  const byCalls = (left: [string, number], right: [string, number]): number =>
    right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0);
  const operations: KeyedOperationUsage[] = [...byKey.entries()]
    .map(([key, entry]) => ({
      key,
      // The spelling most calls were matched to, when versions named the parameters differently.
      operation: [...entry.names.entries()].sort(byCalls)[0]?.[0] ?? key,
      calls: entry.calls,
      clients: entry.clients.size,
      topClients: [...entry.clients.entries()]
        .sort(byCalls)
        .slice(0, TOP_CLIENTS)
        .map(([client, calls]) => ({ client, calls })),
    }))
    .sort((left, right) => right.calls - left.calls || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  const latestHour = latest?.latest ?? null;
  return {
    service: service.name,
    environment: environment.name,
    days,
    since,
    until: now.toISOString(),
    totalCalls,
    operations,
    latestHour: latestHour === null ? null : String(latestHour),
  };
}

/**
 * Calls, distinct clients and the top 3 clients per operation of `service` in `environment` over
 * the last `days` days. Unknown service or environment, and no usage ever ingested for them, are
 * errors (exit 2): an empty table would call every operation unused. With `ignoreUnused`, a window
 * without a single call is an error too, for the same reason.
 *
 * @example
 * const usage = await usageByOperation(store, { service: 'shop', environment: 'production', days: 30 }, { cwd });
 * usage.operations[0]; // { key: 'POST /orders', operation: 'POST /orders', calls: 61, clients: 8, topClients: [...] }
 */
export async function usageByOperation(
  store: Store,
  input: UsageByOperationInput,
  options: RegistryOptions,
): Promise<UsageByOperationResult> {
  const serviceName = checkName('service', input.service);
  const environmentName = checkName('environment', input.environment);
  const days = checkUsageDays(input.days ?? DEFAULT_USAGE_DAYS);
  const now = (options.now ?? (() => new Date()))();
  const table = await store.transaction('read', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    const environment = await requireEnvironment(trx, environmentName, store.location);
    return readUsageTable(trx, service, environment, days, now);
  });
  const ingest = `holdfast usage ingest --service ${serviceName} --env ${environmentName} ACCESS_LOG`;
  if (table.latestHour === null) {
    const what =
      input.ignoreUnused === true
        ? 'Cannot ignore unused operations'
        : `Could not rank findings by usage of ${serviceName} in ${environmentName}`;
    const consequence = input.ignoreUnused === true ? ', so every operation would look unused' : '';
    throw new AppError(
      'USAGE_NO_DATA',
      `${what}: no access logs of ${serviceName} in ${environmentName} were ever ingested into the registry ${store.location}${consequence}; expected usage counted by holdfast usage ingest. ${retryAdvice(false, `Ingest the logs first: ${ingest}`)}`,
    );
  }
  if (input.ignoreUnused === true && table.totalCalls === 0) {
    throw new AppError(
      'USAGE_NO_DATA',
      `Cannot ignore unused operations: no call of ${serviceName} in ${environmentName} in ${windowText(days)} (since ${formatTime(table.since)}; the newest ingested hour is ${formatTime(table.latestHour)}), so every operation would look unused; expected usage inside the window. ${retryAdvice(false, `Ingest recent logs with ${ingest}, or widen the window (--usage ${environmentName}:DAYS)`)}`,
    );
  }
  return table;
}
