/**
 * Registry: the service layer behind `publish`, `deploy`, `can-i-deploy`, `rollback plan|record`,
 * `history`, `undo`, `list`, `show`, `environment`, `service`, `usage`, `deploy compare`, `token`
 * and `diff` of two stored versions (DESIGN.md §5). Plain functions over a {@link Store}: each runs in one
 * transaction, returns a result object (types.ts) and never prints, reads the environment or
 * exits. The CLI renders results with render.ts; a server would return the same objects.
 *
 * @module
 * @example
 * const store = await openStore({ kind: 'sqlite', path: '.holdfast/registry.db' });
 * const answer = await canIDeploy(store, { service: 'shop', version: '1.3.0', environment: 'production' }, { cwd });
 */
export { ComparisonMemo } from './_changes.js';
export { canonicalJson } from './_document.js';
/** The registry's check of service, version, environment and token names (the CLI's client checks before sending, for the same message). */
export { checkName } from './_lookup.js';
export { type CanIDeployState, canIDeploy, readCanIDeployState } from './can-i-deploy.js';
export { createEnvironment, listEnvironments, listServices, listVersions, setService, showVersion } from './catalog.js';
export {
  type CompareWindowView,
  compareDeployment,
  DEFAULT_COMPARE_WINDOW_MINUTES,
  type DeployCompareInput,
  type DeployCompareResult,
  MAX_COMPARE_WINDOW_MINUTES,
  renderDeployCompare,
} from './compare.js';
export { deploy } from './deploy.js';
export { diffVersions, type VersionDiffResult } from './diff.js';
export { DEFAULT_HISTORY_LIMIT, type HistoryState, history, readHistoryState } from './history.js';
export { publish } from './publish.js';
export {
  deploymentLines,
  formatTime,
  REGISTRY_FORMATS,
  type RegistryFormat,
  registryJson,
  renderCanIDeploy,
  renderDeploy,
  renderEnvironmentCreate,
  renderEnvironments,
  renderHistory,
  renderPublish,
  renderRollbackPlan,
  renderRollbackRecord,
  renderServiceSet,
  renderServices,
  renderUndo,
  renderVersions,
} from './render.js';
export { type RollbackPlanState, readRollbackPlanState, rollbackPlan, rollbackRecord, shellQuote } from './rollback.js';
export {
  createToken,
  hasAdminToken,
  hashToken,
  listTokens,
  parseRole,
  renderTokenCreate,
  renderTokenList,
  renderTokenRevoke,
  revokeToken,
  roleAllows,
  TOKEN_PREFIX,
  TOKEN_ROLES,
  type TokenCreateResult,
  type TokenListResult,
  type TokenRevokeResult,
  type TokenRole,
  type TokenView,
  verifyToken,
} from './tokens.js';
export { RegistryTrafficSource } from './traffic.js';
export type * from './types.js';
export { undo } from './undo.js';
export type {
  UsageFileResult,
  UsageIngestInput,
  UsageIngestResult,
  UsageOperationView,
  UsageShowInput,
  UsageShowResult,
} from './usage.js';
export { DEFAULT_USAGE_DAYS, ingestUsage, renderUsageIngest, renderUsageShow, showUsage } from './usage.js';
export {
  checkUsageDays,
  type UsageByOperationInput,
  type UsageByOperationResult,
  usageByOperation,
} from './usage-lookup.js';
export { showUsageFromTraffic, type UsageFromTrafficInput } from './usage-traffic.js';
export {
  type DeploymentDetailResult,
  type LiveMatrixResult,
  liveMatrix,
  type RecentEvent,
  recentActivity,
  showDeployment,
} from './views.js';
