/** The project's holdfast configuration, as validated from `[tool.holdfast]` or `holdfast.yaml`. */
import type { Level } from '../rules/types.js';

/** The lowest level that makes `holdfast check` exit 1 (`never`: nothing does). */
export type FailOn = 'breaking' | 'warning' | 'never';

export const FAIL_ON_LEVELS: readonly FailOn[] = ['breaking', 'warning', 'never'];

/** A per-rule level override; `off` drops the rule's findings. */
export type RuleLevel = Level | 'off';

export const RULE_LEVELS: readonly RuleLevel[] = ['breaking', 'warning', 'info', 'off'];

/** Where a configuration entry is written, so reports can point at it. */
export interface ConfigLocation {
  /** The configuration file as messages name it (relative to the working directory). */
  file: string;
  /** 1-based line of the entry (best effort: the line of its `rule` key). */
  line: number;
  /** JSON pointer of the entry in the file, e.g. `/tool/holdfast/accept/0`. */
  pointer: string;
}

/**
 * One accepted change: findings of `rule` on operations matching `operation` (and, when given,
 * inside `component` or under `pointer`) are kept in reports, marked accepted, and never block.
 */
export interface AcceptEntry {
  /** Rule id, e.g. `response-enum-value-added`; a glob (`response-*`) is allowed. */
  rule: string;
  /** `METHOD PATH` glob, e.g. `GET /items/*` or `* /internal/**`; null matches every finding. */
  operation: string | null;
  /** Shared component, e.g. `#/components/schemas/Item` (or just `Item`); null: any. */
  component: string | null;
  /** JSON pointer; matches findings at it or below it. null: any. */
  pointer: string | null;
  /** Why the change is acceptable (required, shown in reports). */
  reason: string;
  /** Last day the entry applies, `YYYY-MM-DD` (UTC); null: never expires. */
  expires: string | null;
  source: ConfigLocation;
}

export interface DeprecationPolicy {
  /** Minimum days between deprecating an operation (its `x-sunset` notice) and removing it. */
  minDays: number;
}

/**
 * Where `usage show` and `deploy compare` read traffic when it comes from Prometheus
 * (`[tool.holdfast.prometheus]` / `prometheus:`). Each is overridden by its `--prometheus-*` flag.
 */
export interface PrometheusSettings {
  /** The server; when set, Prometheus is the default traffic source (`--no-prometheus`: the registry's logs). */
  url?: string;
  /** Label matchers for the service's series; `{service}` and `{env}` are replaced. Default `job="{service}"`. */
  selector?: string;
  timeoutSeconds?: number;
  /** Metric names by role: `requests` (counter), `duration` (histogram, seconds). */
  metrics: { requests?: string; duration?: string };
  /** Label names by role: `handler`, `method`, `status`. */
  labels: { handler?: string; method?: string; status?: string };
  /** The handler value of requests no route matched (default `none`). */
  unmatchedHandler?: string;
}

/**
 * `[tool.holdfast.deploy-compare]`: the window and thresholds of `holdfast deploy compare`
 * (flags override them). Rates are fractions here (the file says `"5%"`).
 */
export interface DeployCompareConfig {
  windowMinutes?: number;
  minRequests?: number;
  investigate5xxIncrease?: number;
  rollback5xxIncrease?: number;
  investigate4xxIncrease?: number;
  investigateP95Ratio?: number;
  rollbackP95Ratio?: number;
  minP95IncreaseMs?: number;
  investigateTrafficDrop?: number;
}

export interface HoldfastConfig {
  /** Absolute path of the configuration file; null when none was found (all defaults). */
  file: string | null;
  /** How messages name the file (relative to the working directory); null when none. */
  displayName: string | null;
  /** Folder that relative paths in the configuration (`spec`, `app-dir`) are relative to. */
  root: string;
  /** The app to extract the contract from, uvicorn-style `module:attribute`. */
  app?: string;
  /** Folder the app's module is imported from (like `uvicorn --app-dir`). */
  appDir?: string;
  /** Python interpreter for extracting the contract. */
  python?: string;
  /** Base to compare with: a git revision, or a contract file. */
  base?: string;
  /** The contract file, when the project commits one instead of extracting it from the app. */
  spec?: string;
  failOn?: FailOn;
  allowExternalRefs?: boolean;
  /** Per-rule level overrides, keyed by rule id. */
  rules: Record<string, RuleLevel>;
  /** Path globs (or `METHOD PATH` globs) of the operations to check; empty: all. */
  include: string[];
  /** Path globs (or `METHOD PATH` globs) of operations to leave out. */
  exclude: string[];
  /** `x-stability-level` values whose operations are not checked, e.g. `alpha`, `beta`. */
  skipStability: string[];
  deprecation?: DeprecationPolicy;
  accept: AcceptEntry[];
  /** The service's name in the registry: what `diff`/`check --usage` read usage of when `--service` is not given. */
  service?: string;
  /** The team's deploy command, quoted by `holdfast rollback plan` (`{service}`, `{version}`, `{env}`). */
  deployCommand?: string;
  /** `fail-on` for `can-i-deploy` into environments flagged production (`holdfast environment create --production`). */
  productionFailOn?: FailOn;
  /** `deploy-compare`: window and thresholds of `holdfast deploy compare`. */
  deployCompare?: DeployCompareConfig;
  /** `[tool.holdfast.prometheus]`: reading traffic from a Prometheus server. */
  prometheus?: PrometheusSettings;
}
