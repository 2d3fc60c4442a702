/**
 * Policy: what a team decides about findings, applied after the diff and before the verdict
 * (fail-on level, per-rule level overrides, accept-list, ...). Used by `holdfast check`
 * and by the registry's `can-i-deploy`. Entry points: `loadPolicy(cwd)`, `applyPolicy(result, policy)`.
 *
 * @example
 * const outcome = applyPolicy(result, await loadPolicy(process.cwd()));
 * process.exitCode = outcome.blocked ? 1 : 0;
 */
import type { ComparisonResult, Level } from '../rules/types.js';
import { LEVEL_RANK } from '../rules/types.js';

export interface Policy {
  /** The lowest level that blocks (`never`: nothing blocks). */
  failOn: Level | 'never';
  /** Per-rule level overrides; `off` drops the rule's findings. */
  levels: Record<string, Level | 'off'>;
}

export const DEFAULT_POLICY: Policy = { failOn: 'breaking', levels: {} };

export interface PolicyOutcome {
  /** The result with the policy applied (levels overridden, findings dropped by `off`). */
  result: ComparisonResult;
  /** True when a finding at or above `failOn` remains. */
  blocked: boolean;
}

export function applyPolicy(result: ComparisonResult, policy: Policy = DEFAULT_POLICY): PolicyOutcome {
  const findings = result.findings
    .filter((finding) => policy.levels[finding.id] !== 'off')
    .map((finding) => {
      const level = policy.levels[finding.id];
      return level && level !== 'off' ? { ...finding, level } : finding;
    });
  const summary = { breaking: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.level]++;
  const failOn = policy.failOn;
  const blocked = failOn !== 'never' && findings.some((finding) => LEVEL_RANK[finding.level] <= LEVEL_RANK[failOn]);
  return { result: { ...result, findings, summary }, blocked };
}
