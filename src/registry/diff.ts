/**
 * `diff` between two stored versions of a service: the same comparison `holdfast diff` makes,
 * policy applied. The API's diff route and the dashboard's diff page both call it.
 */
import type { ComparisonResult } from '../rules/types.js';
import { documentsQuery } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { Comparer } from './_changes.js';
import { checkName, requirePublishedVersion, requireService, toVersionView } from './_lookup.js';
import type { RegistryOptions, VersionView } from './types.js';

export interface VersionDiffResult {
  service: string;
  base: VersionView;
  revision: VersionView;
  /** base -> revision, the project's policy applied. */
  comparison: ComparisonResult;
  /** Whether the policy would block this change (`holdfast diff` exits 1). */
  blocked: boolean;
}

/**
 * Compares two published versions of a service (base -> revision) with the policy applied.
 *
 * @example
 * const { comparison, blocked } = await diffVersions(store, { service: 'shop', base: '1.0.0', revision: '1.1.0' }, { cwd });
 */
export async function diffVersions(
  store: Store,
  input: { service: string; base: string; revision: string },
  options: RegistryOptions,
): Promise<VersionDiffResult> {
  const serviceName = checkName('service', input.service);
  const baseLabel = checkName('version', input.base);
  const revisionLabel = checkName('version', input.revision);
  const state = await store.transaction('read', async (trx) => {
    const service = await requireService(trx, serviceName, store.location);
    const purpose = `diff ${serviceName} ${baseLabel} ${revisionLabel}`;
    const base = await requirePublishedVersion(trx, service, baseLabel, purpose);
    const revision = await requirePublishedVersion(trx, service, revisionLabel, purpose);
    const documents = await documentsQuery(trx, [base.document_hash, revision.document_hash]).execute();
    const text = (hash: string) => documents.find((document) => document.hash === hash)?.content ?? '';
    return { base, revision, text };
  });
  const stored = (row: typeof state.base) => ({
    service: serviceName,
    version: row.label,
    hash: row.document_hash,
    text: state.text(row.document_hash),
  });
  const { result, blocked } = await new Comparer(options.cwd, options.policy, options.memo).compare(
    stored(state.base),
    stored(state.revision),
  );
  return {
    service: serviceName,
    base: toVersionView(serviceName, state.base),
    revision: toVersionView(serviceName, state.revision),
    comparison: result,
    blocked,
  };
}
