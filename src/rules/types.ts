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
  summary: Summary;
}
