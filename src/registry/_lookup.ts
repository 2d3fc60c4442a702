/**
 * Finding services, versions and environments by name, with the "unknown ..." errors that list
 * what does exist. Private to src/registry.
 */
import { AppError, retryAdvice } from '../errors.js';
import {
  type DeploymentRow,
  environmentByNameQuery,
  environmentNames,
  serviceByNameQuery,
  serviceNames,
  versionByLabelQuery,
  versionLabels,
} from '../store/queries.js';
import type { StoreTransaction } from '../store/store.js';
import { fullHash } from './_document.js';
import type { DeploymentView, RollbackView, VersionView } from './types.js';

/** How many names an "expected one of" list shows before "and N more". */
const LISTED = 10;

export interface ServiceRow {
  id: number;
  name: string;
  deploy_command?: string | null;
}

export interface EnvironmentRow {
  id: number;
  name: string;
  production?: number;
}

export interface VersionRow {
  id: number;
  label: string;
  document_hash: string | null;
  created_at: string;
  published_at: string | null;
  git_branch: string | null;
  git_commit: string | null;
  dirty?: number | null;
}

function listNames(found: { names: string[]; total: number }): string {
  const more = found.total - found.names.length;
  const quoted = found.names.map((name) => `"${name}"`).join(', ');
  return more > 0 ? `${quoted} and ${more} more` : quoted;
}

export async function requireService(trx: StoreTransaction, name: string, location: string): Promise<ServiceRow> {
  const row = await serviceByNameQuery(trx, name).executeTakeFirst();
  if (row !== undefined) return row;
  const known = await serviceNames(trx, LISTED);
  const has = known.total === 0 ? 'no services yet' : `services ${listNames(known)}`;
  throw new AppError(
    'REGISTRY_UNKNOWN_SERVICE',
    `Unknown service "${name}": the registry ${location} has ${has}; expected the name of a published service. ${retryAdvice(false, 'Fix the name, or publish the service first with holdfast publish')}`,
  );
}

export async function requireEnvironment(
  trx: StoreTransaction,
  name: string,
  location: string,
): Promise<EnvironmentRow> {
  const row = await environmentByNameQuery(trx, name).executeTakeFirst();
  if (row !== undefined) return row;
  const known = await environmentNames(trx, LISTED);
  const has = known.total === 0 ? 'no environments yet' : `environments ${listNames(known)}`;
  throw new AppError(
    'REGISTRY_UNKNOWN_ENVIRONMENT',
    `Unknown environment "${name}": the registry ${location} has ${has}; expected an environment something was deployed to. ${retryAdvice(false, 'Fix the name, or record a first deployment there with holdfast deploy')}`,
  );
}

export async function findVersion(
  trx: StoreTransaction,
  service: ServiceRow,
  label: string,
): Promise<VersionRow | undefined> {
  return versionByLabelQuery(trx, service.id, label).executeTakeFirst();
}

export async function requireVersion(trx: StoreTransaction, service: ServiceRow, label: string): Promise<VersionRow> {
  const row = await findVersion(trx, service, label);
  if (row !== undefined) return row;
  const known = await versionLabels(trx, service.id, LISTED);
  const has = known.total === 0 ? 'no versions yet' : `versions ${listNames(known)} (newest first)`;
  throw new AppError(
    'REGISTRY_UNKNOWN_VERSION',
    `Unknown version "${label}" of service "${service.name}": the registry has ${has}; expected a published version. ${retryAdvice(false, 'Fix the version, or publish it first with holdfast publish')}`,
  );
}

/** A version that must have a stored contract (a candidate or a rollback target). */
export async function requirePublishedVersion(
  trx: StoreTransaction,
  service: ServiceRow,
  label: string,
  purpose: string,
): Promise<VersionRow & { document_hash: string }> {
  const row = await requireVersion(trx, service, label);
  if (row.document_hash !== null) return { ...row, document_hash: row.document_hash };
  throw new AppError(
    'REGISTRY_NOT_PUBLISHED',
    `Cannot ${purpose}: version "${label}" of "${service.name}" was deployed but never published, so the registry has no contract for it; expected a published version. ${retryAdvice(false, `Publish it first with holdfast publish --service ${service.name} --version ${label} CONTRACT`)}`,
  );
}

export function toDeploymentView(row: DeploymentRow): DeploymentView {
  return {
    id: row.id,
    service: row.service,
    version: row.version,
    environment: row.environment,
    deployedAt: row.deployed_at,
    owner: row.owner,
    expectedResult: row.expected_result,
    rollbackNote: row.rollback_note,
    rollbackNoteBy: row.rollback_note === null ? null : row.rollback_note_by,
    status: row.status,
    eventId: `deploy-${row.id}`,
    published: row.document_hash !== null,
    contractHash: row.document_hash === null ? null : fullHash(row.document_hash),
  };
}

export function toVersionView(service: string, row: VersionRow): VersionView {
  return {
    service,
    version: row.label,
    contractHash: row.document_hash === null ? null : fullHash(row.document_hash),
    published: row.document_hash !== null,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    branch: row.git_branch,
    commit: row.git_commit,
    dirty: row.dirty === undefined || row.dirty === null ? null : row.dirty === 1,
  };
}

/** Service names, version labels and environment names: one line of printable text, not too long. */
export function checkName(kind: string, value: string): string {
  const trimmed = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (trimmed === '' || trimmed.length > 200 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new AppError(
      'USAGE',
      `Invalid ${kind} "${value}": ${trimmed === '' ? 'empty' : trimmed.length > 200 ? 'longer than 200 characters' : 'contains control characters'}; expected a short name on one line.`,
    );
  }
  return trimmed;
}

/** Optional free text (owner, expected result, notes): trimmed, empty means not given. */
export function optionalText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A rollback row as results show it. */
export function toRollbackView(
  service: string,
  environment: string,
  row: {
    id: number;
    from_version: string;
    to_version: string;
    rolled_back_at: string;
    rolled_back_by: string | null;
    reason: string | null;
  },
): RollbackView {
  return {
    id: row.id,
    eventId: `rollback-${row.id}`,
    service,
    environment,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    at: row.rolled_back_at,
    by: row.rolled_back_by,
    reason: row.reason,
  };
}

/** A list of labels for a message: the first few quoted, then "and N more". */
export function quoteLabels(labels: readonly string[], shown = LISTED): string {
  const quoted = labels
    .slice(0, shown)
    .map((label) => `"${label}"`)
    .join(', ');
  return labels.length > shown ? `${quoted} and ${labels.length - shown} more` : quoted;
}
