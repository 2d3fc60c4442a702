/**
 * Diffs between stored contracts, each contract built once per run however many diffs use it,
 * and, when the caller keeps a `ComparisonMemo` (the server does), once per process: a stored
 * contract never changes (its hash is its content), so neither does a diff between two of them.
 * Private to src/registry.
 */

import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Contract } from '../normalize/model.js';
import { compareContracts, contractFromSource } from '../pipeline.js';
import { applyPolicy, DEFAULT_POLICY, type Policy } from '../policy/index.js';
import { operationText, withOperations } from '../report/changes.js';
import type { ComparisonResult } from '../rules/types.js';
import { documentsQuery } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { registrySource } from './_document.js';
import type { ChangeSummary } from './types.js';

export interface StoredContract {
  service: string;
  version: string;
  hash: string;
  /** The stored text; when absent, `Comparer` reads it (by hash) only if it must parse it. */
  text?: string;
}

export interface Compared {
  result: ComparisonResult;
  blocked: boolean;
}

/**
 * Contracts and comparisons kept across registry calls by a long-running process (the server),
 * least recently used first out. Both are content-addressed: a comparison is computed once per
 * pair of document hashes (and policy), whatever versions carry those documents, with stand-in
 * names for the two documents that `Comparer` replaces by each caller's `service@version`. The
 * comparisons are kept as JSON text, so the memory they take is bounded in bytes and every caller
 * gets its own copy.
 *
 * @example
 * const registryOptions = { cwd, policy, memo: new ComparisonMemo() };
 */
export class ComparisonMemo {
  readonly contracts: LRUCache<string, Promise<Contract>>;
  readonly comparisons: LRUCache<string, string>;
  readonly #policyKeys = new WeakMap<Policy, string>();
  /** Stand-in document names: unique to this process, so no contract text can contain them. */
  readonly names = {
    base: `\u0001holdfast-base-${randomUUID()}\u0001`,
    revision: `\u0001holdfast-revision-${randomUUID()}\u0001`,
  };

  constructor(options: { contractBytes?: number; comparisonBytes?: number } = {}) {
    // Bounded by the contracts' text: a parsed contract takes several times its text in memory.
    this.contracts = new LRUCache({ max: 256, maxSize: options.contractBytes ?? 16 * 1024 * 1024 });
    this.comparisons = new LRUCache({
      maxSize: options.comparisonBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (text, key) => text.length + key.length,
    });
  }

  /** The policy as text, computed once per policy object: part of every comparison's key. */
  policyKey(policy: Policy): string {
    let key = this.#policyKeys.get(policy);
    if (key === undefined) {
      key = JSON.stringify(policy);
      this.#policyKeys.set(policy, key);
    }
    return key;
  }
}

/** A stored contract as a key: where findings point (service@version) and what it holds (hash). */
function contractKey(stored: StoredContract): string {
  return `${stored.service}@${stored.version}\0${stored.hash}`;
}

/** `text` with every `from` replaced by `to`, both as they appear inside JSON strings. */
function renamed(text: string, from: string, to: string): string {
  return text.replaceAll(JSON.stringify(from).slice(1, -1), JSON.stringify(to).slice(1, -1));
}

export class Comparer {
  readonly #cwd: string;
  readonly #policy: Policy;
  readonly #memo: ComparisonMemo | undefined;
  readonly #store: Store | undefined;
  readonly #contracts = new Map<string, Promise<Contract>>();

  /** `store` reads the texts of contracts given without one. */
  constructor(cwd: string, policy: Policy = DEFAULT_POLICY, memo?: ComparisonMemo, store?: Store) {
    this.#cwd = cwd;
    this.#policy = policy;
    this.#memo = memo;
    this.#store = store;
  }

  /** base -> revision with the policy applied; `blocked` is the policy's verdict. */
  async compare(base: StoredContract, revision: StoredContract): Promise<Compared> {
    const memo = this.#memo;
    if (memo === undefined) return this.#compare(base, revision);
    const key = `${this.#cwd}\0${memo.policyKey(this.#policy)}\0${base.hash}\0${revision.hash}`;
    let text = memo.comparisons.get(key);
    if (text === undefined) {
      const { names } = memo;
      let compared: Compared;
      try {
        compared = await this.#compare(
          { ...base, service: '', version: names.base },
          { ...revision, service: '', version: names.revision },
          true,
        );
      } catch {
        // Errors name the documents: the comparison with their own names says it right.
        return this.#compare(base, revision);
      }
      text = JSON.stringify(compared);
      memo.comparisons.set(key, text);
    }
    const named = renamed(
      renamed(text, memo.names.base, `${base.service}@${base.version}`),
      memo.names.revision,
      `${revision.service}@${revision.version}`,
    );
    return JSON.parse(named) as Compared;
  }

  async #compare(base: StoredContract, revision: StoredContract, standIn = false): Promise<Compared> {
    const [baseContract, revisionContract] = await Promise.all([
      this.#contract(base, 'base', standIn),
      this.#contract(revision, 'revision', standIn),
    ]);
    return applyPolicy(compareContracts(baseContract, revisionContract), this.#policy);
  }

  async summarize(base: StoredContract, revision: StoredContract): Promise<ChangeSummary> {
    if (base.hash === revision.hash) {
      return {
        from: base.version,
        to: revision.version,
        breaking: 0,
        warning: 0,
        info: 0,
        topBreaking: [],
        moreBreaking: 0,
      };
    }
    const { result } = await this.compare(base, revision);
    return summarizeComparison(base.version, revision.version, result);
  }

  #contract(stored: StoredContract, role: string, standIn: boolean): Promise<Contract> {
    // Keyed without the role: it only names the document in parse errors, and stored documents parse.
    const key = contractKey(stored);
    const kept = this.#contracts.get(key) ?? this.#memo?.contracts.get(`${this.#cwd}\0${key}`);
    if (kept !== undefined) return kept;
    const memo = this.#memo;
    const contract = this.#text(stored).then(async (text) => {
      const parsed = await contractFromSource(
        standIn
          ? { uri: `registry:${stored.version}`, displayName: stored.version, text }
          : registrySource(stored.service, stored.version, text),
        role,
        { cwd: this.#cwd },
      );
      // Kept once parsed (a failure is not kept), counted by its text's length.
      if (memo !== undefined && text.length <= memo.contracts.maxSize) {
        memo.contracts.set(`${this.#cwd}\0${key}`, Promise.resolve(parsed), { size: Math.max(1, text.length) });
      }
      return parsed;
    });
    this.#contracts.set(key, contract);
    return contract;
  }

  async #text(stored: StoredContract): Promise<string> {
    if (stored.text !== undefined) return stored.text;
    const store = this.#store;
    if (store === undefined) throw new Error(`no text for ${stored.service}@${stored.version} and no store to read it`);
    const row = await store.transaction('read', (trx) => documentsQuery(trx, [stored.hash]).executeTakeFirst());
    return row?.content ?? '';
  }
}

const TOP = 3;

export function summarizeComparison(from: string, to: string, result: ComparisonResult): ChangeSummary {
  const lines: string[] = [];
  for (const finding of result.findings) {
    if (finding.level !== 'breaking') continue;
    const line = withOperations(finding.message, finding.operation === null ? [] : [operationText(finding.operation)]);
    if (!lines.includes(line)) lines.push(line);
  }
  return {
    from,
    to,
    ...result.summary,
    topBreaking: lines.slice(0, TOP),
    moreBreaking: Math.max(0, lines.length - TOP),
  };
}
