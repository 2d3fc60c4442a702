/**
 * What was live in an environment when: the deployments of a service there in time order, without
 * the ones a correction (`holdfast undo`) says were recorded by mistake. Usage ingest matches each
 * log line against the contract live at that line's time; deploy compare cuts its windows at the
 * deployments before and after. Private to src/registry.
 */
import type { DeploymentRow } from '../store/queries.js';
import { deploymentsQuery } from '../store/queries.js';
import type { StoreTransaction } from '../store/store.js';

/** One deployment on the timeline: live from `from` (ms since the epoch) until the next one. */
export interface TimelineEntry {
  deployment: DeploymentRow;
  from: number;
}

/**
 * The deployments of `serviceId` in `environmentId`, oldest first, without undone deployments
 * and without the deployments an undone rollback recorded.
 */
export async function liveTimeline(
  trx: StoreTransaction,
  serviceId: number,
  environmentId: number,
): Promise<TimelineEntry[]> {
  const rows = await deploymentsQuery(trx)
    .where('d.service_id', '=', serviceId)
    .where('d.environment_id', '=', environmentId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('corrections as c').select('c.id').whereRef('c.deployment_id', '=', 'd.id'))),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('rollbacks as r')
            .innerJoin('corrections as rc', 'rc.rollback_id', 'r.id')
            .select('r.id')
            .whereRef('r.to_deployment_id', '=', 'd.id')
            .where('r.created_deployment', '=', 1),
        ),
      ),
    )
    .orderBy('d.deployed_at')
    .orderBy('d.id')
    .execute();
  return rows.map((deployment) => ({ deployment, from: Date.parse(deployment.deployed_at) }));
}

/** Index of the entry live at `time`: the last one from at or before it; 0 before the first. */
export function entryAt(timeline: readonly TimelineEntry[], time: number): number {
  let low = 0;
  let high = timeline.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (timeline[middle].from <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
