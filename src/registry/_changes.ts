/**
 * Diffs between stored contracts, each contract built once per run however many diffs use it,
 * and, when the caller keeps a `ComparisonMemo` (the server does), once per process: a stored
 * contract never changes (its hash is its content), so neither does a diff between two of them.
 * Private to src/registry.
 */

import { LRUCache } from 'lru-cache';
import type { Contract } from '../normalize/model.js';
import { compareContracts, contractFromSource } from '../pipeline.js';
import { applyPolicy, DEFAULT_POLICY, type Policy } from '../policy/index.js';
import { operationText, withOperations } from '../report/changes.js';
import type { ComparisonResult } from '../rules/types.js';
import { registrySource } from './_document.js';
import type { ChangeSummary } from './types.js';

export interface StoredContract {
  service: string;
  version: string;
  hash: string;
  text: string;
}

export interface Compared {
  result: ComparisonResult;
  blocked: boolean;
}

/**
 * Contracts and comparisons kept across registry calls by a long-running process (the server),
 * least recently used first out. What it holds is shared: callers must not change a result they
 * get (the registry's functions build new objects, e.g. `applyUsage`).
 *
 * @example
 * const registryOptions = { cwd, policy, memo: new ComparisonMemo() };
 */
export class ComparisonMemo {
  readonly contracts: LRUCache<string, Promise<Contract>>;
  readonly comparisons: LRUCache<string, Promise<Compared>>;
  readonly #policyKeys = new WeakMap<Policy, string>();

  constructor(options: { contracts?: number; comparisons?: number } = {}) {
    this.contracts = new LRUCache({ max: options.contracts ?? 256 });
    this.comparisons = new LRUCache({ max: options.comparisons ?? 4096 });
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

export class Comparer {
  readonly #cwd: string;
  readonly #policy: Policy;
  readonly #memo: ComparisonMemo | undefined;
  readonly #contracts = new Map<string, Promise<Contract>>();

  constructor(cwd: string, policy: Policy = DEFAULT_POLICY, memo?: ComparisonMemo) {
    this.#cwd = cwd;
    this.#policy = policy;
    this.#memo = memo;
  }

  /** base -> revision with the policy applied; `blocked` is the policy's verdict. */
  compare(base: StoredContract, revision: StoredContract): Promise<Compared> {
    const memo = this.#memo;
    if (memo === undefined) return this.#compare(base, revision);
    const key = `${this.#cwd}\0${memo.policyKey(this.#policy)}\0${contractKey(base)}\0${contractKey(revision)}`;
    let compared = memo.comparisons.get(key);
    if (compared === undefined) {
      compared = this.#compare(base, revision);
      memo.comparisons.set(key, compared);
      // A failure is not kept: the next call tries again.
      compared.catch(() => memo.comparisons.delete(key));
    }
    return compared;
  }

  async #compare(base: StoredContract, revision: StoredContract): Promise<Compared> {
    const [baseContract, revisionContract] = await Promise.all([
      this.#contract(base, 'base'),
      this.#contract(revision, 'revision'),
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

  #contract(stored: StoredContract, role: string): Promise<Contract> {
    // Keyed without the role: it only names the document in parse errors, and stored documents parsed.
    const key = contractKey(stored);
    const kept = this.#contracts.get(key) ?? this.#memo?.contracts.get(`${this.#cwd}\0${key}`);
    if (kept !== undefined) return kept;
    const contract = contractFromSource(registrySource(stored.service, stored.version, stored.text), role, {
      cwd: this.#cwd,
    });
    this.#contracts.set(key, contract);
    const memo = this.#memo;
    if (memo !== undefined) {
      memo.contracts.set(`${this.#cwd}\0${key}`, contract);
      contract.catch(() => memo.contracts.delete(`${this.#cwd}\0${key}`));
    }
    return contract;
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
