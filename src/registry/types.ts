/**
 * What registry functions return. The CLI renders these as text or JSON (render.ts), and a server
 * would send the same objects, so every transport shows the same thing (DESIGN.md §5).
 */
import type { Source } from '../load/types.js';
import type { Policy } from '../policy/index.js';
import type { ComparisonResult } from '../rules/types.js';
import type { DeploymentStatus } from '../store/store.js';
import type { ComparisonMemo } from './_changes.js';

export interface RegistryOptions {
  /** Folder the diff runs in (registry documents are self-contained, so only for messages). */
  cwd: string;
  /** What blocks a deploy and flags a rollback; the CLI loads the project's, else DEFAULT_POLICY. */
  policy?: Policy;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** How to wait between can-i-deploy attempts (`retryWhileUnknownSeconds`); tests replace it. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Contracts and diffs kept between calls (the server keeps one); each call builds its own when absent. */
  memo?: ComparisonMemo;
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
  /** Who wrote the rollback note (a rollback carries a note over without changing its author). */
  rollbackNoteBy: string | null;
  status: DeploymentStatus;
  /** `deploy-<id>`: what `holdfast undo` takes. */
  eventId: string;
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
  /** True when published from a working tree with uncommitted changes to the contract; null when unknown. */
  dirty: boolean | null;
}

export interface PublishInput {
  service: string;
  version: string;
  /** The contract's text, as read by `readSource`. */
  source: Source;
  branch?: string | null;
  commit?: string | null;
  /** The contract's sources had uncommitted changes in the working tree. */
  dirty?: boolean | null;
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
  /** Record a version that was never published (refused otherwise). */
  allowUnpublished?: boolean;
  /** Deploy a version that was rolled back in this environment (refused otherwise). */
  force?: boolean;
}

export interface DeployResult {
  /** `unchanged`: the same deployment is already live; nothing was written. */
  status: 'recorded' | 'unchanged';
  deployment: DeploymentView;
  /** The deployment that was live in the environment before, now `replaced`. */
  replaced: DeploymentView | null;
  /** With `force`: the rollback away from this version that was overridden. */
  overriddenRollback: RollbackView | null;
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
  /** Breaking changes beyond `topBreaking` (shown as "and N more"). */
  moreBreaking: number;
}

export interface CanIDeployInput {
  service: string;
  version: string;
  environment: string;
  /** Say yes (with a warning) when the live version has no stored contract, instead of `unknown`. */
  allowUnknown?: boolean;
  /** Ask again for up to this many seconds while the answer is `unknown` or the candidate is not published yet. */
  retryWhileUnknownSeconds?: number;
  /** The policy's `fail-on` when the environment is flagged production (`production-fail-on` in the configuration). */
  productionFailOn?: Policy['failOn'];
  /**
   * Rank the findings by calls in `environment` over the last `days` days (`--usage`); with
   * `ignoreUnused`, breaking findings on operations with no call are downgraded to warnings.
   */
  usage?: { environment: string; days: number; ignoreUnused: boolean };
}

export interface CanIDeployResult {
  service: string;
  version: string;
  environment: string;
  /** `unknown` (exit 1): the live version has no stored contract, so nothing can be compared. */
  verdict: 'yes' | 'no' | 'unknown';
  /** Whether the environment is flagged production (`holdfast environment create --production`). */
  production: boolean;
  /** How many times the registry was asked (more than 1 with `retryWhileUnknownSeconds`). */
  attempts: number;
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
  /** The rollback note of the live deployment, who wrote it, and who owns the deployment. */
  note: { rollbackNote: string | null; writtenBy: string | null; owner: string | null };
  /** The latest rollback recorded in this environment (not undone): its reason and who recorded it. */
  lastRollback: RollbackView | null;
  /** Versions rolled back in this environment, which the default target skips (newest first). */
  skippedRolledBack: RollbackView[];
  /** Where the deploy command comes from: the service's record, the project's configuration, or none. */
  deployCommandSource: 'service' | 'config' | null;
  /**
   * When access logs of the service in the environment were ingested: the calls, over the last
   * 30 days, to the operations the rollback removes (live has them, the target does not), most
   * called first. Null when no usage was ever ingested there or nothing was compared.
   */
  traffic: RollbackTraffic | null;
  steps: RollbackStep[];
  warnings: string[];
}

export interface RollbackTraffic {
  days: number;
  /** ISO-8601 start of the window (an hour boundary). */
  since: string;
  until: string;
  /** Calls to every operation of the service in the environment over the window. */
  totalCalls: number;
  /** Calls to the removed operations together. */
  removedCalls: number;
  removed: Array<{
    operation: string;
    calls: number;
    clients: number;
    topClients: Array<{ client: string; calls: number }>;
  }>;
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
  /** `rollback-<id>`: what `holdfast undo` takes. */
  eventId: string;
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
  /** Only events at or after this ISO-8601 time. */
  since?: string | null;
}

export type HistoryEvent =
  | {
      kind: 'published';
      /** `publish-<id>` (publishing cannot be undone). */
      id: string;
      at: string;
      version: VersionView;
      /** The version before it in version order (semantic version; publish time for other labels). */
      previousVersion: string | null;
      changes: ChangeSummary | null;
    }
  | {
      kind: 'deployed';
      id: string;
      at: string;
      deployment: DeploymentView;
      /** The version deployed before it in the same environment. */
      previousVersion: string | null;
      changes: ChangeSummary | null;
      /** `undo-<id>` when a correction reversed this deployment. */
      undoneBy: string | null;
    }
  | { kind: 'rolled-back'; id: string; at: string; rollback: RollbackView; undoneBy: string | null }
  | { kind: 'undone'; id: string; at: string; correction: CorrectionView };

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
  since: string | null;
  warnings: string[];
}

/** A `holdfast undo` record: which event it reverses, why, and what is live afterwards. */
export interface CorrectionView {
  id: number;
  /** `undo-<id>`. */
  eventId: string;
  service: string;
  environment: string;
  /** The event reversed: `deploy-<id>` or `rollback-<id>`. */
  undoes: string;
  /** One line: what was reversed, e.g. "deployment of 1.1.0" or "rollback from 1.1.0 to 1.0.0". */
  summary: string;
  /** The version live after the correction; null when nothing is live there any more. */
  liveVersion: string | null;
  at: string;
  by: string | null;
  reason: string;
}

export interface UndoInput {
  /** `deploy-<id>` or `rollback-<id>`, as history shows it. */
  eventId: string;
  reason: string;
  by?: string | null;
}

export interface UndoResult {
  correction: CorrectionView;
  /** The deployment live after the correction, if any. */
  live: DeploymentView | null;
}

export interface ServiceView {
  name: string;
  createdAt: string;
  deployCommand: string | null;
}

export interface EnvironmentView {
  name: string;
  production: boolean;
  createdAt: string;
}

export interface ServiceListResult {
  services: ServiceView[];
}

export interface EnvironmentListResult {
  environments: EnvironmentView[];
}

export interface VersionListResult {
  service: string;
  /** Newest first in version order. */
  versions: VersionView[];
}

export interface ShowResult {
  version: VersionView;
  /** The stored canonical JSON: the text findings cite lines of (`shop@1.1.0:18`). */
  text: string;
}

export interface EnvironmentCreateInput {
  name: string;
  production?: boolean;
}

export interface EnvironmentCreateResult {
  /** `unchanged`: it existed with the same flag; `updated`: its production flag changed. */
  status: 'created' | 'updated' | 'unchanged';
  environment: EnvironmentView;
}

export interface ServiceSetInput {
  service: string;
  /** The deploy command with `{service}`, `{version}` and `{env}` placeholders; empty clears it. */
  deployCommand: string;
}

export interface ServiceSetResult {
  status: 'updated' | 'unchanged';
  service: ServiceView;
}
