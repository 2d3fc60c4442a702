/** `history`: versions, deployments and rollbacks of a service over time, with what changed at each step. */
import { AppError } from '../errors.js';
import {
  type DeploymentRow,
  documentsQuery,
  historyCorrectionsQuery,
  historyDeploymentsQuery,
  historyRollbacksQuery,
  historyVersionsQuery,
  liveDeploymentsOfServiceQuery,
  publishedVersionsQuery,
  versionsByIdQuery,
} from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { Comparer, type StoredContract } from './_changes.js';
import {
  checkName,
  requireEnvironment,
  requireService,
  toDeploymentView,
  toVersionView,
  type VersionRow,
} from './_lookup.js';
import { versionOrder } from './_order.js';
import type {
  ChangeSummary,
  CorrectionView,
  HistoryEvent,
  HistoryInput,
  HistoryResult,
  RegistryOptions,
  RollbackView,
} from './types.js';

export const DEFAULT_HISTORY_LIMIT = 50;

interface VersionEntry extends VersionRow {
  previous_published_id: number | null;
}

interface DeploymentEntry extends DeploymentRow {
  previous_version_id: number | null;
  undone_by_id: number | null;
}

type RawEvent =
  | { kind: 'published'; at: string; id: number; row: VersionEntry }
  | { kind: 'deployed'; at: string; id: number; row: DeploymentEntry }
  | { kind: 'rolled-back'; at: string; id: number; rollback: RollbackView; undoneBy: number | null }
  | { kind: 'undone'; at: string; id: number; correction: CorrectionView };

/** What history reads from the store: one page of events, the versions they compare with, and their contracts. */
export interface HistoryState {
  service: string;
  environment: string | null;
  live: DeploymentRow[];
  events: RawEvent[];
  truncated: boolean;
  /** Label and contract hash of every version an event refers to, by id. */
  versions: Map<number, { label: string; document_hash: string | null }>;
  /** Contract text by hash, for the pairs that need a diff. */
  documents: Map<string, string>;
}

// At the same instant a correction follows what it undoes, a rollback follows the deployment it
// records, which follows the publish.
const KIND_ORDER: Record<RawEvent['kind'], number> = { undone: 0, 'rolled-back': 1, deployed: 2, published: 3 };

export async function readHistoryState(
  trx: StoreTransaction,
  input: { service: string; environment: string | null; limit: number; since?: string | null },
  location: string,
): Promise<HistoryState> {
  const service = await requireService(trx, input.service, location);
  const environment = input.environment === null ? null : await requireEnvironment(trx, input.environment, location);
  const environmentId = environment?.id ?? null;
  const page = input.limit + 1;
  const since = input.since ?? null;
  const [versionRows, publishedRows, deploymentRows, rollbackRows, correctionRows, liveRows] = await Promise.all([
    environment === null ? historyVersionsQuery(trx, service.id, page, since).execute() : Promise.resolve([]),
    environment === null ? publishedVersionsQuery(trx, service.id).execute() : Promise.resolve([]),
    historyDeploymentsQuery(trx, service.id, environmentId, page, since).execute(),
    historyRollbacksQuery(trx, service.id, environmentId, page, since).execute(),
    historyCorrectionsQuery(trx, service.id, environmentId, since, page).execute(),
    liveDeploymentsOfServiceQuery(trx, service.id).execute(),
  ]);
  // Each published version is compared with the one before it in version order, not in time.
  const ordered = versionOrder(publishedRows.map((row) => ({ ...row, at: row.published_at ?? row.created_at })));
  const predecessor = new Map<number, number | null>();
  ordered.forEach((row, index) => {
    predecessor.set(row.id, index === 0 ? null : ordered[index - 1]!.id);
  });
  const versions = new Map<number, { label: string; document_hash: string | null }>();
  for (const row of publishedRows) versions.set(row.id, row);
  const merged: RawEvent[] = [
    ...versionRows
      .filter((row) => row.published_at !== null)
      .map((row) => ({
        kind: 'published' as const,
        at: row.published_at ?? row.created_at,
        id: row.id,
        row: { ...row, previous_published_id: predecessor.get(row.id) ?? null },
      })),
    ...deploymentRows.map((row) => ({ kind: 'deployed' as const, at: row.deployed_at, id: row.id, row })),
    ...rollbackRows.map((row) => ({
      kind: 'rolled-back' as const,
      at: row.rolled_back_at,
      id: row.id,
      undoneBy: row.undone_by_id,
      rollback: {
        id: row.id,
        eventId: `rollback-${row.id}`,
        service: service.name,
        environment: row.environment,
        fromVersion: row.from_version,
        toVersion: row.to_version,
        at: row.rolled_back_at,
        by: row.rolled_back_by,
        reason: row.reason,
      },
    })),
    ...correctionRows.map((row) => ({
      kind: 'undone' as const,
      at: row.corrected_at,
      id: row.id,
      correction: toCorrectionView(service.name, row),
    })),
  ];
  merged.sort(
    (left, right) =>
      (left.at < right.at ? 1 : left.at > right.at ? -1 : 0) ||
      KIND_ORDER[left.kind] - KIND_ORDER[right.kind] ||
      right.id - left.id,
  );
  const events = merged.slice(0, input.limit);

  const wanted = new Set<number>();
  for (const event of events) {
    if (event.kind === 'published') {
      versions.set(event.row.id, event.row);
      if (event.row.previous_published_id !== null) wanted.add(event.row.previous_published_id);
    } else if (event.kind === 'deployed') {
      versions.set(event.row.version_id, { label: event.row.version, document_hash: event.row.document_hash });
      if (event.row.previous_version_id !== null) wanted.add(event.row.previous_version_id);
    }
  }
  const missing = [...wanted].filter((id) => !versions.has(id));
  if (missing.length > 0) {
    for (const row of await versionsByIdQuery(trx, missing).execute()) versions.set(row.id, row);
  }
  const hashes = new Set<string>();
  for (const [current, previous] of comparedPairs(events)) {
    const before = versions.get(previous)?.document_hash;
    const after = versions.get(current)?.document_hash;
    if (before && after && before !== after) {
      hashes.add(before);
      hashes.add(after);
    }
  }
  const documents = new Map<string, string>();
  if (hashes.size > 0) {
    for (const row of await documentsQuery(trx, [...hashes]).execute()) documents.set(row.hash, row.content);
  }
  return {
    service: service.name,
    environment: environment?.name ?? null,
    live: environment === null ? liveRows : liveRows.filter((row) => row.environment_id === environment.id),
    events,
    truncated: merged.length > input.limit,
    versions,
    documents,
  };
}

/** [version id, previous version id] for every event that carries a change summary. */
function comparedPairs(events: readonly RawEvent[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const event of events) {
    if (event.kind === 'published' && event.row.previous_published_id !== null) {
      pairs.push([event.row.id, event.row.previous_published_id]);
    } else if (event.kind === 'deployed' && event.row.previous_version_id !== null) {
      pairs.push([event.row.version_id, event.row.previous_version_id]);
    }
  }
  return pairs;
}

/**
 * The history of a service, newest first: versions published (with the change from the previous
 * version), deployments (owner, expected result, rollback note, status, and the change from the
 * version deployed before it in that environment) and rollbacks. With `environment`, only that
 * environment's deployments and rollbacks. At most `limit` events (default 50).
 *
 * @example
 * const history = await history(store, { service: 'shop', environment: 'production' }, { cwd });
 */
export async function history(store: Store, input: HistoryInput, options: RegistryOptions): Promise<HistoryResult> {
  const request = {
    since: input.since === undefined || input.since === null ? null : checkSince(input.since),
    service: checkName('service', input.service),
    environment:
      input.environment === undefined || input.environment === null
        ? null
        : checkName('environment', input.environment),
    limit: Math.max(1, Math.floor(input.limit ?? DEFAULT_HISTORY_LIMIT)),
  };
  const state = await store.transaction('read', (trx) => readHistoryState(trx, request, store.location));
  const comparer = new Comparer(options.cwd, options.policy, options.memo);
  const summaries = new Map<string, Promise<ChangeSummary | null>>();
  const warnings: string[] = [];
  const changes = (current: number, previous: number | null): Promise<ChangeSummary | null> => {
    if (previous === null) return Promise.resolve(null);
    const key = `${previous}->${current}`;
    let summary = summaries.get(key);
    if (summary === undefined) {
      summary = summarize(state, comparer, current, previous);
      summaries.set(key, summary);
    }
    return summary;
  };

  const events: HistoryEvent[] = [];
  for (const event of state.events) {
    if (event.kind === 'published') {
      const previous = event.row.previous_published_id;
      events.push({
        kind: 'published',
        id: `publish-${event.row.id}`,
        at: event.at,
        version: toVersionView(state.service, event.row),
        previousVersion: previous === null ? null : (state.versions.get(previous)?.label ?? null),
        changes: await changes(event.row.id, previous),
      });
    } else if (event.kind === 'deployed') {
      const previous = event.row.previous_version_id;
      events.push({
        kind: 'deployed',
        id: `deploy-${event.row.id}`,
        at: event.at,
        deployment: toDeploymentView(event.row),
        previousVersion: previous === null ? null : (state.versions.get(previous)?.label ?? null),
        changes: previous === event.row.version_id ? null : await changes(event.row.version_id, previous),
        undoneBy: event.row.undone_by_id === null ? null : `undo-${event.row.undone_by_id}`,
      });
    } else if (event.kind === 'rolled-back') {
      events.push({
        kind: 'rolled-back',
        id: event.rollback.eventId,
        at: event.at,
        rollback: event.rollback,
        undoneBy: event.undoneBy === null ? null : `undo-${event.undoneBy}`,
      });
    } else {
      events.push({ kind: 'undone', id: event.correction.eventId, at: event.at, correction: event.correction });
    }
  }
  const unpublished = new Set(state.live.filter((row) => row.document_hash === null).map((row) => row.version));
  for (const version of unpublished) {
    warnings.push(
      `Version ${version} of ${state.service} is live but was never published: the registry has no contract for it.`,
    );
  }
  return {
    service: state.service,
    environment: state.environment,
    live: state.live.map(toDeploymentView),
    events,
    truncated: state.truncated,
    limit: request.limit,
    since: request.since,
    warnings,
  };
}

async function summarize(
  state: HistoryState,
  comparer: Comparer,
  current: number,
  previous: number,
): Promise<ChangeSummary | null> {
  const before = state.versions.get(previous);
  const after = state.versions.get(current);
  if (!before?.document_hash || !after?.document_hash) return null;
  const stored = (label: string, hash: string): StoredContract => ({
    service: state.service,
    version: label,
    hash,
    text: state.documents.get(hash) ?? '',
  });
  return comparer.summarize(stored(before.label, before.document_hash), stored(after.label, after.document_hash));
}

/** `--since`: a date (`2025-01-05`) or an ISO-8601 time, as the ISO-8601 UTC text timestamps are stored in. */
function checkSince(value: string): string {
  const trimmed = value.trim();
  const time = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)
    ? Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T'))
    : Number.NaN;
  if (Number.isNaN(time)) {
    throw new AppError(
      'USAGE',
      `Invalid --since "${value}": not a date or time; expected YYYY-MM-DD or an ISO-8601 time such as 2025-01-05T10:00:00Z.`,
    );
  }
  return new Date(time).toISOString();
}

/** A correction row as results show it. */
export function toCorrectionView(
  service: string,
  row: {
    id: number;
    environment: string;
    deployment_id: number | null;
    deployment_version: string | null;
    rollback_id: number | null;
    rollback_from_version: string | null;
    rollback_to_version: string | null;
    restored_version: string | null;
    corrected_at: string;
    corrected_by: string | null;
    reason: string;
  },
): CorrectionView {
  const deployment = row.deployment_id !== null;
  return {
    id: row.id,
    eventId: `undo-${row.id}`,
    service,
    environment: row.environment,
    undoes: deployment ? `deploy-${row.deployment_id}` : `rollback-${row.rollback_id}`,
    summary: deployment
      ? `deployment of ${row.deployment_version} to ${row.environment}`
      : `rollback of ${row.environment} from ${row.rollback_from_version} to ${row.rollback_to_version}`,
    liveVersion: row.restored_version,
    at: row.corrected_at,
    by: row.corrected_by,
    reason: row.reason,
  };
}
