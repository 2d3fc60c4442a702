/**
 * What registry functions return. The CLI renders these as text or JSON (render.ts), and a server
 * would send the same objects, so every transport shows the same thing (DESIGN.md §5).
 */
import type { Source } from '../load/types.js';
import type { Policy } from '../policy/index.js';
import type { ComparisonResult } from '../rules/types.js';
import type { DeploymentStatus } from '../store/store.js';

export interface RegistryOptions {
  /** Folder the diff runs in (registry documents are self-contained, so only for messages). */
  cwd: string;
  /** What blocks a deploy and flags a rollback; the CLI loads the project's, else DEFAULT_POLICY. */
  policy?: Policy;
  /** The clock; tests pin it. */
  now?: () => Date;
}

/** A deployment, with the three fields a person needs when it goes wrong. Shown wherever a deployment is. */
export interface DeploymentView {
  id: number;
  service: string;
  version: string;
  environment: string;
  deployedAt: string;
  owner: string | null;
  expectedResult: string | null;
  rollbackNote: string | null;
  status: DeploymentStatus;
  /** False when the version was deployed without being published: the registry holds no contract for it. */
  published: boolean;
  contractHash: string | null;
}

export interface VersionView {
  service: string;
  version: string;
  /** `sha256:<hex>` of the canonical contract; null when never published. */
  contractHash: string | null;
  published: boolean;
  createdAt: string;
  publishedAt: string | null;
  branch: string | null;
  commit: string | null;
}

export interface PublishInput {
  service: string;
  version: string;
  /** The contract's text, as read by `readSource`. */
  source: Source;
  branch?: string | null;
  commit?: string | null;
}

export interface PublishResult {
  /**
   * `created`: a new version. `unchanged`: the same service, version and content were already
   * stored (nothing written). `attached`: the version had been deployed without a contract and now
   * has one.
   */
  status: 'created' | 'unchanged' | 'attached';
  version: VersionView;
  /** False when another version already stored the same contract (documents are stored once per hash). */
  newDocument: boolean;
  warnings: string[];
}

export interface DeployInput {
  service: string;
  version: string;
  environment: string;
  owner?: string | null;
  expectedResult?: string | null;
  rollbackNote?: string | null;
}

export interface DeployResult {
  deployment: DeploymentView;
  /** The deployment that was live in the environment before, now `replaced`. */
  replaced: DeploymentView | null;
  warnings: string[];
}

/** The change between two contracts, in counts and the breaking lines a reader should see first. */
export interface ChangeSummary {
  from: string;
  to: string;
  breaking: number;
  warning: number;
  info: number;
  /** Up to three breaking changes, `METHOD /path: message` (or just the message for document-wide ones). */
  topBreaking: string[];
}

export interface CanIDeployInput {
  service: string;
  version: string;
  environment: string;
}

export interface CanIDeployResult {
  service: string;
  version: string;
  environment: string;
  verdict: 'yes' | 'no';
  /** One sentence explaining the verdict. */
  reason: string;
  live: DeploymentView | null;
  /** Live contract (base) vs candidate (revision), policy applied; null when there was nothing to compare. */
  comparison: ComparisonResult | null;
  warnings: string[];
}

export interface RollbackPlanInput {
  service: string;
  environment: string;
  /** Version to roll back to; default: the latest earlier deployment of another version in the environment. */
  to?: string;
  /** The team's deploy command, with `{service}`, `{version}` and `{env}` placeholders, when recorded. */
  deployCommand?: string | null;
}

export interface RollbackStep {
  number: number;
  title: string;
  /** A command line to run, when there is one. */
  command: string | null;
  detail: string | null;
}

export interface RollbackTarget {
  version: string;
  published: boolean;
  contractHash: string | null;
  /** The latest deployment of the target in the environment (null when it never ran there). */
  deployment: DeploymentView | null;
}

export interface RollbackPlanResult {
  service: string;
  environment: string;
  live: DeploymentView;
  target: RollbackTarget;
  /**
   * Live contract (base) vs target (revision): what the rollback changes for clients. Anything
   * added since the target that clients may already use shows up as breaking. Null when either
   * side was never published.
   */
  comparison: ComparisonResult | null;
  /** False when the policy blocks the rollback's changes (exit status 1). */
  safe: boolean;
  /** What the person who deployed the live version wrote down for this moment. */
  note: { rollbackNote: string | null; owner: string | null };
  steps: RollbackStep[];
  warnings: string[];
}

export interface RollbackRecordInput {
  service: string;
  environment: string;
  to: string;
  /** When given, the version expected to be live (or just replaced by `to`); refused otherwise. */
  from?: string | null;
  by?: string | null;
  reason?: string | null;
}

export interface RollbackView {
  id: number;
  service: string;
  environment: string;
  fromVersion: string;
  toVersion: string;
  at: string;
  by: string | null;
  reason: string | null;
}

export interface RollbackRecordResult {
  rollback: RollbackView;
  /** The deployment that was rolled back (status `rolled_back`). */
  rolledBack: DeploymentView;
  /** The deployment live after the rollback. */
  live: DeploymentView;
  /** True when this command created the live deployment; false when `holdfast deploy` had already recorded it. */
  createdDeployment: boolean;
}

export interface HistoryInput {
  service: string;
  environment?: string | null;
  /** Most recent events to show (default 50). */
  limit?: number;
}

export type HistoryEvent =
  | {
      kind: 'published';
      at: string;
      version: VersionView;
      previousVersion: string | null;
      changes: ChangeSummary | null;
    }
  | {
      kind: 'deployed';
      at: string;
      deployment: DeploymentView;
      /** The version deployed before it in the same environment. */
      previousVersion: string | null;
      changes: ChangeSummary | null;
    }
  | { kind: 'rolled-back'; at: string; rollback: RollbackView };

export interface HistoryResult {
  service: string;
  environment: string | null;
  /** What runs where now. */
  live: DeploymentView[];
  /** Newest first. */
  events: HistoryEvent[];
  /** True when older events exist beyond `limit`. */
  truncated: boolean;
  limit: number;
  warnings: string[];
}
