/** Findings: what the rules produce and every reporter consumes. */

export type Level = 'breaking' | 'warning' | 'info';

export const LEVELS: readonly Level[] = ['breaking', 'warning', 'info'];

/** Rank for sorting and thresholds: breaking (0) before warning (1) before info (2). */
export const LEVEL_RANK: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

export interface OperationRef {
  /** Upper-case HTTP method. */
  method: string;
  /** Path as written in the revision (in the base for removed operations). */
  path: string;
}

export interface FindingLocation {
  /**
   * Display name of the file the pointer refers to (revision, or base for removals); for a
   * contract extracted from a Python app, the Python file that defines that part (see `code`).
   */
  file: string;
  /** 1-based line of the pointer in that file (or of its definition in the Python file). */
  line: number;
  /** JSON pointer in the contract, e.g. `/components/schemas/Item/properties/name`. */
  pointer: string;
  /**
   * Present when `file` and `line` are the Python code that defines the part at `pointer` (a
   * route's function, a parameter, a Pydantic model or field) rather than a line of the contract,
   * which came from a `py:` input; `file` is relative to the repository root (the git top level,
   * or the current folder outside a repository). `contract` names the
   * contract (`py:main:app`). `removedIn` is set for findings on the base side (removals): the
   * part is no longer in the code, and `line` is in the base's code, at this git revision
   * (`origin/main`), or in the base named so when it is not a git revision.
   */
  code?: { contract: string; removedIn?: string };
}

export interface Finding {
  /** Stable kebab-case rule id, e.g. `request-property-became-required`. */
  id: string;
  level: Level;
  operation: OperationRef | null;
  location: FindingLocation;
  /** One sentence: what changed, with old and new values. */
  message: string;
  /** Why it breaks a client and how to ship the change compatibly. */
  hint: string;
  /** The shared component the change lives in, e.g. `#/components/schemas/Item`, else null. */
  component: string | null;
  /** Which document the location refers to. */
  side: 'base' | 'revision';
  /** The rule's arguments (old and new values), for machine consumers. */
  args: Record<string, unknown>;
  /**
   * The operation's `x-stability-level` (`alpha`, `beta`, `stable`, ...), when it declares one:
   * the revision's operation, or the base's for removals. Absent otherwise (never `undefined`-valued).
   */
  stability?: string;
  /**
   * The operation's `x-sunset` date as written, when the operation is deprecated and declares one
   * (the revision's operation, or the base's for removals). Used by deprecation policies.
   */
  sunset?: string;
  /** Set by the policy when an accept-list entry covers this finding: shown, but never blocking. */
  accepted?: Acceptance;
  /**
   * For a breaking schema finding: a value that proves the break, confirmed by a validator
   * (src/witness). Absent otherwise (never `undefined`-valued).
   */
  witness?: Witness;
  /**
   * Calls to the finding's operation over the `--usage` window, from the registry's ingested
   * access logs. Absent without `--usage`, and on findings that are not about one operation.
   */
  usage?: OperationUsage;
  /** Set by `--ignore-unused`: the finding was breaking, and its operation had no call in the window. */
  downgraded?: Downgrade;
}

/** Calls to one operation over a usage window (`holdfast diff --usage ENV[:DAYS]`). */
export interface OperationUsage {
  calls: number;
  /** Distinct clients (as the logs were ingested: user-agent family, address or a header). */
  clients: number;
  /** The most calling clients, most calls first (at most 3). */
  topClients: Array<{ client: string; calls: number }>;
}

/** Why a finding's level was lowered (`--ignore-unused`). */
export interface Downgrade {
  from: Level;
  /** One sentence: `no calls to GET /users/{user_id} in prod in the last 30 days (--ignore-unused)`. */
  reason: string;
}

/** The usage window findings were ranked by (`--usage ENV[:DAYS]`). */
export interface UsageWindowSummary {
  service: string;
  environment: string;
  days: number;
  /** ISO-8601 start of the window (an hour boundary). */
  since: string;
  /** ISO-8601 end of the window (when the registry was read). */
  until: string;
  /** Calls to every operation of the service in the environment over the window. */
  totalCalls: number;
  /** Whether `--ignore-unused` downgraded breaking findings on operations with no call. */
  ignoreUnused: boolean;
  /** Findings `--ignore-unused` downgraded from breaking to warning. */
  downgraded: number;
}

/**
 * A concrete value one side accepts and the other rejects: for what clients send, the base accepts
 * it and the revision rejects it; for what clients receive, the revision allows it and the base
 * did not.
 */
export interface Witness {
  value: unknown;
  /** `base` for requests (accepted before, rejected now), `revision` for responses (allowed now, not before). */
  acceptedBy: 'base' | 'revision';
  /** What the value is: `request body (application/json)`, `response 200 body`, `query parameter limit`, or a schema location. */
  of: string;
  /** JSON pointers of the two schemas the value was checked against (base, revision documents). */
  schemas: { base: string; revision: string };
}

/** Why a finding was accepted (an accept-list entry in the project's configuration). */
export interface Acceptance {
  reason: string;
  /** Last day (`YYYY-MM-DD`) the entry applies, or null when it does not expire. */
  expires: string | null;
}

/** The semantic-version bump a release carrying the change needs. */
export type SemverBump = 'major' | 'minor' | 'patch';

/** What a policy did to a comparison (set by `applyPolicy`). */
export interface PolicySummary {
  /** Suggested version bump: major if a breaking finding remains unaccepted, minor for additions, else patch. */
  semver: SemverBump;
  /** Findings covered by an accept-list entry: kept in `findings`, not counted in the levels. */
  accepted: number;
  /** Findings dropped by include/exclude paths, skipped stability levels and rules set to `off`. */
  skipped: number;
}

export interface Summary {
  breaking: number;
  warning: number;
  info: number;
}

export interface ComparisonResult {
  base: string;
  revision: string;
  findings: Finding[];
  /** Counts by level; after a policy, accepted findings are left out (see `policy.accepted`). */
  summary: Summary;
  /** Present when a policy was applied (`holdfast check`, the registry). */
  policy?: PolicySummary;
  /** Present with `--usage`: the window findings' `usage` counts cover. */
  usage?: UsageWindowSummary;
}
