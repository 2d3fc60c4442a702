/** `publish`: store a contract as a version of a service. */
import { AppError, retryAdvice } from '../errors.js';
import { contractFromSource } from '../pipeline.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { canonicalize, registrySource, shortHash } from './_document.js';
import { checkName, findVersion, type ServiceRow, toVersionView, type VersionRow } from './_lookup.js';
import type { PublishInput, PublishResult, RegistryOptions } from './types.js';

/**
 * Stores `input.source` as version `input.version` of `input.service` (creating the service on
 * first publish). Idempotent: the same service, version and content is a no-op (`unchanged`); the
 * same version with other content is refused (`REGISTRY_VERSION_CONFLICT`, naming both hashes).
 * The contract must be OpenAPI and self-contained; it is stored once per content hash.
 *
 * @example
 * const source = await readSource('openapi.yaml', { role: 'contract', cwd });
 * const result = await publish(store, { service: 'shop', version: '1.2.0', source }, { cwd });
 * result.status; // 'created' | 'unchanged' | 'attached'
 */
export async function publish(store: Store, input: PublishInput, options: RegistryOptions): Promise<PublishResult> {
  const serviceName = checkName('service', input.service);
  const label = checkName('version', input.version);
  const subject = `${serviceName} ${label}`;
  // Parse, hash and validate before the transaction: locks are held only for the writes.
  const document = canonicalize(input.source, subject);
  await contractFromSource(registrySource(serviceName, label, document.text), 'contract', { cwd: options.cwd });
  const now = (options.now ?? (() => new Date()))().toISOString();
  const branch = input.branch ?? null;
  const commit = input.commit ?? null;
  const dirty = input.dirty === undefined || input.dirty === null ? null : input.dirty ? 1 : 0;
  const warnings =
    dirty === 1
      ? [
          `${subject} was published from a working tree with uncommitted changes to the contract: it is recorded with commit ${commit === null ? '(none)' : commit.slice(0, 12)} and dirty: true, so that commit alone does not reproduce it.`,
        ]
      : [];

  return store.transaction('write', async (trx) => {
    const service = await ensureService(trx, serviceName, now);
    const existing = await findVersion(trx, service, label);
    if (existing !== undefined && existing.document_hash === document.hash) {
      return { status: 'unchanged', version: toVersionView(serviceName, existing), newDocument: false, warnings: [] };
    }
    if (existing?.document_hash) throw conflict(subject, existing.document_hash, document.hash);

    const newDocument = await storeDocument(trx, document.text, document.hash, now);
    if (existing !== undefined) {
      // Deployed before it was published: attach the contract to the version the deployments use.
      const attached = await trx
        .updateTable('versions')
        .set({ document_hash: document.hash, published_at: now, git_branch: branch, git_commit: commit, dirty })
        .where('id', '=', existing.id)
        .where('document_hash', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (attached !== undefined) {
        return { status: 'attached', version: toVersionView(serviceName, attached), newDocument, warnings };
      }
    } else {
      const inserted = await trx
        .insertInto('versions')
        .values({
          service_id: service.id,
          label,
          document_hash: document.hash,
          created_at: now,
          published_at: now,
          git_branch: branch,
          git_commit: commit,
          dirty,
        })
        .onConflict((conflict) => conflict.columns(['service_id', 'label']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) {
        return { status: 'created', version: toVersionView(serviceName, inserted), newDocument, warnings };
      }
    }
    // A concurrent publish of the same version won the race (PostgreSQL): judge against what it stored.
    const winner = (await findVersion(trx, service, label)) as VersionRow;
    if (winner.document_hash === document.hash) {
      return { status: 'unchanged', version: toVersionView(serviceName, winner), newDocument, warnings: [] };
    }
    throw conflict(subject, winner.document_hash ?? '(none)', document.hash);
  });
}

function conflict(subject: string, storedHash: string, newHash: string): AppError {
  return new AppError(
    'REGISTRY_VERSION_CONFLICT',
    `Could not publish ${subject}: that version is already stored with contract ${shortHash(storedHash)} and this contract is ${shortHash(newHash)}; expected the same content for the same version. ${retryAdvice(false, 'Publish the changed contract under a new version label')}`,
  );
}

/** The service row, created on first use; safe when two commands create it at once. */
export async function ensureService(trx: StoreTransaction, name: string, now: string): Promise<ServiceRow> {
  await trx
    .insertInto('services')
    .values({ name, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  return trx.selectFrom('services').select(['id', 'name']).where('name', '=', name).executeTakeFirstOrThrow();
}

async function storeDocument(trx: StoreTransaction, text: string, hash: string, now: string): Promise<boolean> {
  const inserted = await trx
    .insertInto('documents')
    .values({ hash, content: text, size_bytes: Buffer.byteLength(text), created_at: now })
    .onConflict((conflict) => conflict.column('hash').doNothing())
    .returning('hash')
    .executeTakeFirst();
  return inserted !== undefined;
}
