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
  /** Display name of the file the pointer refers to (revision, or base for removals). */
  file: string;
  /** 1-based line of the pointer in that file. */
  line: number;
  /** JSON pointer in that file, e.g. `/components/schemas/Item/properties/name`. */
  pointer: string;
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
}
