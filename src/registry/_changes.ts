/**
 * Diffs between stored contracts, each contract built once per run however many diffs use it.
 * Private to src/registry.
 */

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

export class Comparer {
  readonly #cwd: string;
  readonly #policy: Policy;
  readonly #contracts = new Map<string, Promise<Contract>>();

  constructor(cwd: string, policy: Policy = DEFAULT_POLICY) {
    this.#cwd = cwd;
    this.#policy = policy;
  }

  /** base -> revision with the policy applied; `blocked` is the policy's verdict. */
  async compare(
    base: StoredContract,
    revision: StoredContract,
  ): Promise<{ result: ComparisonResult; blocked: boolean }> {
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
    const key = `${stored.service}@${stored.version}`;
    let contract = this.#contracts.get(key);
    if (contract === undefined) {
      contract = contractFromSource(registrySource(stored.service, stored.version, stored.text), role, {
        cwd: this.#cwd,
      });
      this.#contracts.set(key, contract);
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
