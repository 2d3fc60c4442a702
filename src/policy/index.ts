/**
 * Policy: what a team decides about findings, applied after the diff and before the verdict:
 * which operations are checked (include/exclude paths, skipped `x-stability-level`s), per-rule
 * level overrides, a deprecation policy (minimum notice between deprecating and removing an
 * operation), an accept-list (accepted findings stay visible but never block; expired and unused
 * entries are reported so the list does not rot), the fail-on level, and the semantic-version bump
 * the change needs. Used by `holdfast check` and by the registry's `can-i-deploy`.
 * Entry points: `loadPolicy(cwd)`, `policyFromConfig(config)`, `applyPolicy(result, policy)`.
 *
 * @example
 * const outcome = applyPolicy(result, await loadPolicy(process.cwd()));
 * process.exitCode = outcome.blocked ? 1 : 0;
 */
import {
  type AcceptEntry,
  type DeprecationPolicy,
  type HoldfastConfig,
  type LoadConfigOptions,
  loadConfig,
  operationMatcher,
  textMatcher,
} from '../config/index.js';
import type {
  ComparisonResult,
  Finding,
  Level,
  OperationRef,
  PolicySummary,
  SemverBump,
  Summary,
} from '../rules/types.js';
import { LEVEL_RANK } from '../rules/types.js';
import { POLICY_FINDING_IDS, POLICY_FINDINGS, type PolicyFindingId, renderTemplate } from './findings.js';

export { POLICY_FINDING_IDS, POLICY_FINDINGS, type PolicyFindingId, type PolicyFindingKind } from './findings.js';
export {
  type ApplyUsageOptions,
  applyUsage,
  type KeyedOperationUsage,
  type UsageOutcome,
  type UsageTable,
  usageKey,
  usageKeyOf,
  windowText,
} from './usage.js';

export interface Policy {
  /** The lowest level that blocks (`never`: nothing blocks). */
  failOn: Level | 'never';
  /** Per-rule level overrides; `off` drops the rule's findings. */
  levels: Record<string, Level | 'off'>;
  /** Operation globs (`/items/**`, `GET /items/*`) to check; empty or absent: every operation. */
  include?: readonly string[];
  /** Operation globs to leave out. */
  exclude?: readonly string[];
  /** `x-stability-level` values whose operations are left out (e.g. `alpha`, `beta`). */
  skipStability?: readonly string[];
  deprecation?: DeprecationPolicy;
  accept?: readonly AcceptEntry[];
}

export const DEFAULT_POLICY: Policy = { failOn: 'breaking', levels: {} };

export interface PolicyOutcome {
  /**
   * The result with the policy applied: levels overridden, out-of-scope findings dropped, policy
   * findings added, accepted findings marked `accepted` (and not counted in `summary`), and
   * `policy` set.
   */
  result: ComparisonResult;
  /** True when an unaccepted finding at or above `failOn` remains. */
  blocked: boolean;
  /** Suggested version bump for a release carrying this change. */
  semver: SemverBump;
  /** Findings an accept-list entry covers (also in `result.findings`). */
  accepted: Finding[];
  /** Accept-list entries past their expiry date (reported as `policy-accept-expired`). */
  expired: AcceptEntry[];
  /** Unexpired entries that matched no finding (reported as `policy-accept-unused`). */
  unused: AcceptEntry[];
  /** Findings dropped by include/exclude, skipped stability levels and `off`. */
  skipped: number;
}

export interface ApplyPolicyOptions {
  /** "Today", for expiry and sunset dates; defaults to now. */
  now?: Date;
  /**
   * Report accept-list entries that matched nothing as `policy-accept-unused` (default true).
   * Turn off where the accept-list is not about this change (comparing historical versions).
   */
  reportUnused?: boolean;
  /** Report expired accept-list entries as `policy-accept-expired` (default true). They never accept either way. */
  reportExpired?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Applies `policy` to a comparison. Pure: the same result, policy and `now` give the same outcome.
 *
 * @example
 * const { result, blocked, semver } = applyPolicy(comparison, { failOn: 'breaking', levels: {}, accept: [...] });
 */
export function applyPolicy(
  result: ComparisonResult,
  policy: Policy = DEFAULT_POLICY,
  options: ApplyPolicyOptions = {},
): PolicyOutcome {
  const now = options.now ?? new Date();
  let skipped = 0;

  // 1. Scope: which operations the team checks at all.
  const inScope = scopeFilter(policy);
  const scoped = result.findings.filter((finding) => {
    const keep = inScope(finding);
    if (!keep) skipped++;
    return keep;
  });

  // 2. Deprecation policy, judged before level overrides so silencing api-operation-deprecated
  //    does not silence the policy.
  const withPolicy: Finding[] = [];
  for (const finding of scoped) {
    withPolicy.push(finding);
    if (policy.deprecation) {
      const extra = deprecationFinding(finding, policy.deprecation, now);
      if (extra) withPolicy.push(extra);
    }
  }

  // 3. Level overrides.
  const leveled: Finding[] = [];
  for (const finding of withPolicy) {
    const override = policy.levels[finding.id];
    if (override === 'off') {
      skipped++;
      continue;
    }
    leveled.push(override && override !== finding.level ? { ...finding, level: override } : finding);
  }

  // 4. Accept-list.
  const entries = (policy.accept ?? []).map((entry) => ({ entry, expired: isExpired(entry, now), used: false }));
  const matchers = entries.map(({ entry }) => acceptMatcher(entry));
  const findings = leveled.map((finding) => {
    let accepted: Finding | undefined;
    entries.forEach((state, index) => {
      if (!matchers[index](finding)) return;
      state.used = true;
      if (!state.expired && accepted === undefined) {
        accepted = { ...finding, accepted: { reason: state.entry.reason, expires: state.entry.expires } };
      }
    });
    return accepted ?? finding;
  });
  const expired =
    options.reportExpired === false ? [] : entries.filter((state) => state.expired).map((state) => state.entry);
  const unused =
    options.reportUnused === false
      ? []
      : entries.filter((state) => !state.expired && !state.used).map((state) => state.entry);
  for (const entry of expired) pushLeveled(findings, acceptFinding('policy-accept-expired', entry), policy);
  for (const entry of unused) pushLeveled(findings, acceptFinding('policy-accept-unused', entry), policy);
  // Breaking first, as the pipeline orders them; overrides and policy findings may have moved
  // some. Array.prototype.sort is stable, so the pipeline's order holds within a level.
  findings.sort((left, right) => LEVEL_RANK[left.level] - LEVEL_RANK[right.level]);

  const accepted = findings.filter((finding) => finding.accepted !== undefined);
  const summary: Summary = { breaking: 0, warning: 0, info: 0 };
  for (const finding of findings) if (finding.accepted === undefined) summary[finding.level]++;
  const semver = suggestSemver(findings);
  const failOn = policy.failOn;
  const blocked =
    failOn !== 'never' &&
    findings.some((finding) => finding.accepted === undefined && LEVEL_RANK[finding.level] <= LEVEL_RANK[failOn]);
  const policySummary: PolicySummary = { semver, accepted: accepted.length, skipped };
  return {
    result: { ...result, findings, summary, policy: policySummary },
    blocked,
    semver,
    accepted,
    expired,
    unused,
    skipped,
  };
}

/**
 * Reads the project's configuration (see src/config) and turns it into a policy.
 *
 * @example
 * const policy = await loadPolicy(process.cwd());
 */
export async function loadPolicy(cwd: string): Promise<Policy> {
  return policyFromConfig(await loadConfig(cwd, { knownRules: await knownRuleIds() }));
}

/**
 * The configuration and its policy, for commands that also need the rest of the configuration
 * (`holdfast check` reads app, spec and base from it).
 *
 * @example
 * const { config, policy } = await loadProjectPolicy(process.cwd(), { file: 'ci/holdfast.yaml' });
 */
export async function loadProjectPolicy(
  cwd: string,
  options: Omit<LoadConfigOptions, 'knownRules'> = {},
): Promise<{ config: HoldfastConfig; policy: Policy }> {
  const config = await loadConfig(cwd, { ...options, knownRules: await knownRuleIds() });
  return { config, policy: policyFromConfig(config) };
}

/** Every id a finding can have: the rule catalog's and the policy's own. */
export async function knownRuleIds(): Promise<Set<string>> {
  // Imported on demand: the catalog loads every rule module.
  const { rules } = await import('../rules/catalog.js');
  return new Set([...rules.map((rule) => rule.id), ...POLICY_FINDING_IDS]);
}

/**
 * The policy a configuration describes.
 *
 * @example
 * policyFromConfig(defaultConfig(cwd)); // same as DEFAULT_POLICY
 */
export function policyFromConfig(config: HoldfastConfig): Policy {
  return {
    failOn: config.failOn ?? 'breaking',
    levels: { ...config.rules },
    include: config.include,
    exclude: config.exclude,
    skipStability: config.skipStability,
    ...(config.deprecation ? { deprecation: config.deprecation } : {}),
    accept: config.accept,
  };
}

/**
 * The version bump a release needs: major when a breaking finding remains unaccepted; minor for
 * warnings, accepted breaks, new capabilities (operations, optional inputs, response fields) and
 * deprecations (semver.org §7); patch otherwise (documentation, stricter responses).
 *
 * @example
 * suggestSemver(outcome.result.findings); // 'minor'
 */
export function suggestSemver(findings: readonly Finding[]): SemverBump {
  let bump: SemverBump = 'patch';
  for (const finding of findings) {
    if (finding.id === 'policy-accept-expired' || finding.id === 'policy-accept-unused') continue;
    if (finding.level === 'breaking' && finding.accepted === undefined) return 'major';
    if (finding.level !== 'info' || isAddition(finding.id)) bump = 'minor';
  }
  return bump;
}

const MINOR_RULES = new Set([
  'api-operation-added',
  'api-server-added',
  'api-operation-deprecated',
  'api-security-requirement-removed',
  'response-property-added',
  'response-header-added',
  'response-media-type-added',
]);

/** Info findings that add capability: anything clients may now send, and new operations or data. */
function isAddition(id: string): boolean {
  return MINOR_RULES.has(id) || id.startsWith('request-');
}

function scopeFilter(policy: Policy): (finding: Finding) => boolean {
  const include = (policy.include ?? []).map(operationMatcher);
  const exclude = (policy.exclude ?? []).map(operationMatcher);
  const skip = new Set((policy.skipStability ?? []).map((level) => level.toLowerCase()));
  return (finding) => {
    if (finding.stability !== undefined && skip.has(finding.stability.toLowerCase())) return false;
    // Document-wide findings (servers, security schemes) concern every operation: always checked.
    if (finding.operation === null) return true;
    if (include.length > 0 && !include.some((matches) => matches(finding.operation))) return false;
    return !exclude.some((matches) => matches(finding.operation));
  };
}

function deprecationFinding(finding: Finding, deprecation: DeprecationPolicy, now: Date): Finding | undefined {
  const deprecated = finding.id === 'api-operation-deprecated';
  const removed = finding.id === 'api-deprecated-operation-removed';
  if (!deprecated && !removed) return undefined;
  const operation = finding.operation ? formatOperation(finding.operation) : 'the operation';
  const minDays = deprecation.minDays;
  const sunset = finding.sunset === undefined ? Number.NaN : Date.parse(finding.sunset);
  if (Number.isNaN(sunset)) {
    const found = finding.sunset === undefined ? '' : ` (found ${JSON.stringify(finding.sunset)})`;
    const event = deprecated ? 'is now deprecated' : 'was removed after being deprecated';
    return derived(finding, 'policy-sunset-missing', { operation, event, found, minDays }, { minDays });
  }
  // A removal after the sunset date is what the notice was for; the notice itself was judged
  // when the operation was deprecated.
  if (removed) return undefined;
  const today = startOfDay(now);
  const days = Math.floor((startOfDay(new Date(sunset)) - today) / DAY_MS);
  if (days >= minDays) return undefined;
  const earliest = new Date(today + minDays * DAY_MS).toISOString().slice(0, 10);
  const sunsetText = finding.sunset ?? '';
  return derived(
    finding,
    'policy-deprecation-too-short',
    { operation, sunset: sunsetText, days, minDays, earliest },
    { sunset: sunsetText, days, minDays, earliest },
  );
}

function derived(
  source: Finding,
  id: PolicyFindingId,
  values: Record<string, string | number>,
  args: Record<string, unknown>,
): Finding {
  const kind = POLICY_FINDINGS[id];
  const finding: Finding = {
    id,
    level: kind.level,
    operation: source.operation,
    location: source.location,
    message: renderTemplate(kind.message, values),
    hint: renderTemplate(kind.hint, values),
    component: null,
    side: source.side,
    args,
  };
  if (source.stability !== undefined) finding.stability = source.stability;
  if (source.sunset !== undefined) finding.sunset = source.sunset;
  return finding;
}

function acceptFinding(id: 'policy-accept-expired' | 'policy-accept-unused', entry: AcceptEntry): Finding {
  const kind = POLICY_FINDINGS[id];
  const values = {
    rule: entry.rule,
    operation: entry.operation ?? 'any operation',
    expires: entry.expires ?? 'never',
    reason: entry.reason,
  };
  return {
    id,
    level: kind.level,
    operation: null,
    location: { ...entry.source },
    message: renderTemplate(kind.message, values),
    hint: renderTemplate(kind.hint, values),
    component: null,
    side: 'revision',
    args: {
      rule: entry.rule,
      operation: entry.operation,
      component: entry.component,
      pointer: entry.pointer,
      reason: entry.reason,
      expires: entry.expires,
    },
  };
}

function pushLeveled(findings: Finding[], finding: Finding, policy: Policy): void {
  const override = policy.levels[finding.id];
  if (override === 'off') return;
  findings.push(override ? { ...finding, level: override } : finding);
}

function acceptMatcher(entry: AcceptEntry): (finding: Finding) => boolean {
  const rule = textMatcher(entry.rule);
  const operation = entry.operation === null ? () => true : operationMatcher(entry.operation);
  const component = componentMatcher(entry.component);
  const pointer = entry.pointer;
  return (finding) =>
    finding.id !== 'policy-accept-expired' &&
    finding.id !== 'policy-accept-unused' &&
    rule(finding.id) &&
    operation(finding.operation) &&
    component(finding.component) &&
    (pointer === null ||
      pointer === '' ||
      finding.location.pointer === pointer ||
      finding.location.pointer.startsWith(`${pointer}/`));
}

/** `Item` is short for `#/components/schemas/Item`; null matches any finding. */
function componentMatcher(pattern: string | null): (component: string | null) => boolean {
  if (pattern === null) return () => true;
  const matches = textMatcher(pattern.startsWith('#') ? pattern : `#/components/schemas/${pattern}`);
  return (component) => component !== null && matches(component);
}

/** An entry applies through its `expires` day (UTC) and has expired from the next day on. */
function isExpired(entry: AcceptEntry, now: Date): boolean {
  if (entry.expires === null) return false;
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + DAY_MS;
}

function startOfDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function formatOperation(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
