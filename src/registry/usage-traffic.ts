/**
 * `usage show --prometheus`: what clients called, from a {@link TrafficSource} instead of the
 * registry's ingested logs. The registry, when there is one, only adds the live contract (for
 * the unused operations); Prometheus gives counts, status classes and latency, never clients.
 */
import { documentsQuery, environmentByNameQuery, liveDeploymentQuery, serviceByNameQuery } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { Router, routesFromOpenApi } from '../usage/index.js';
import type { TrafficSource } from '../usage/window.js';
import type { UsageOperationView, UsageShowResult } from './usage.js';

export interface UsageFromTrafficInput {
  service: string;
  environment: string;
  from: Date;
  to: Date;
  /** How the window reads in the report: "1 hour", "30 days". */
  windowText: string;
  /** Whole days, for the result's `days` (0 when the window is shorter than a day). */
  days: number;
}

/**
 * Operations by traffic over the window from `source`; the unused operations of the contract live
 * in the environment when `store` has one.
 *
 * @example
 * const result = await showUsageFromTraffic(store, source, { service: 'shop', environment: 'prod', from, to, windowText: '1 hour', days: 0 });
 */
export async function showUsageFromTraffic(
  store: Store | null,
  source: TrafficSource,
  input: UsageFromTrafficInput,
): Promise<UsageShowResult> {
  const window = await source.window(input.from, input.to);
  const notes = [...window.caveats];
  const operations = window.operations.map(
    (stats): UsageOperationView => ({
      operation: stats.operation,
      calls: stats.requests,
      clients: 0,
      topClients: [],
      statusClasses: Object.fromEntries(Object.entries(stats.statusClasses).sort(([a], [b]) => (a < b ? -1 : 1))),
      latency: stats.latencyMs,
    }),
  );
  let liveVersion: string | null = null;
  let unused: string[] = [];
  const live = store === null ? undefined : await liveContract(store, input.service, input.environment);
  if (live === undefined) {
    notes.push(
      `no contract of ${input.service} is live in ${input.environment} in the registry: unused operations unknown (holdfast deploy records one)`,
    );
  } else {
    liveVersion = live.version;
    const counted = new Set(operations.map((operation) => operation.operation));
    unused = live.operations.filter((operation) => !counted.has(operation));
    const known = new Set(live.operations);
    const foreign = operations
      .filter((operation) => !known.has(operation.operation))
      .map((operation) => operation.operation);
    if (foreign.length > 0) {
      notes.push(`counted operations that ${live.version} does not have: ${foreign.join(', ')}`);
    }
  }
  return {
    service: input.service,
    environment: input.environment,
    days: input.days,
    since: input.from.toISOString(),
    liveVersion,
    totalCalls: operations.reduce((sum, operation) => sum + operation.calls, 0),
    operations,
    unused,
    clients: [],
    source: source.description,
    window: input.windowText,
    clientsKnown: false,
    notes,
  };
}

async function liveContract(
  store: Store,
  serviceName: string,
  environmentName: string,
): Promise<{ version: string; operations: string[] } | undefined> {
  return store.transaction('read', async (trx) => {
    const service = await serviceByNameQuery(trx, serviceName).executeTakeFirst();
    const environment = await environmentByNameQuery(trx, environmentName).executeTakeFirst();
    if (service === undefined || environment === undefined) return undefined;
    const live = await liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst();
    if (live === undefined || live.document_hash === null) return undefined;
    const document = await documentsQuery(trx, [live.document_hash]).executeTakeFirst();
    try {
      const router = new Router(routesFromOpenApi(JSON.parse(document?.content ?? '{}')));
      return {
        version: live.version,
        operations: [...new Set(router.operations.map((operation) => operation.key))].sort(),
      };
    } catch {
      return undefined;
    }
  });
}
