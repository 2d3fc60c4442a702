/** `can-i-deploy`: would this version break clients of what is live in the environment? */
import { AppError } from '../errors.js';
import { applyUsage, DEFAULT_POLICY, type UsageTable } from '../policy/index.js';
import { changeCounts, describeCount } from '../report/changes.js';
import {
  type DeploymentRow,
  documentsQuery,
  liveDeploymentQuery,
  rollbacksInEnvironmentQuery,
} from '../store/queries.js';
import type { Store, StoreTransaction } from '../store/store.js';
import { Comparer, type StoredContract } from './_changes.js';
import {
  checkName,
  requireEnvironment,
  requirePublishedVersion,
  requireService,
  toDeploymentView,
  toRollbackView,
} from './_lookup.js';
import { neverPublished, rollbackSentence } from './deploy.js';
import type { CanIDeployInput, CanIDeployResult, RegistryOptions, RollbackView } from './types.js';
import { usageByOperation } from './usage-lookup.js';

/** What can-i-deploy reads from the store: everything but the diff. */
export interface CanIDeployState {
  live: DeploymentRow | undefined;
  candidate: StoredContract;
  liveContract: StoredContract | undefined;
  /** The environment's production flag. */
  production: boolean;
  /** The latest rollback away from the candidate in this environment (not undone), if any. */
  candidateRollback: RollbackView | undefined;
}

/**
 * Reads the candidate and what is live in one read transaction (the part the benchmark times).
 * Unknown service, version or environment, and a candidate without a contract, are errors (exit 2).
 */
export async function readCanIDeployState(
  trx: StoreTransaction,
  input: CanIDeployInput,
  location: string,
  /**
   * False leaves the contracts' texts out (a process keeping a `ComparisonMemo` loads them only
   * for a pair it has not compared yet; stored documents never change, so later is as good).
   */
  texts = true,
): Promise<CanIDeployState> {
  const service = await requireService(trx, input.service, location);
  const version = await requirePublishedVersion(
    trx,
    service,
    input.version,
    `check ${input.service} ${input.version} against ${input.environment}`,
  );
  const environment = await requireEnvironment(trx, input.environment, location);
  const [live, rolledBack] = await Promise.all([
    liveDeploymentQuery(trx, service.id, environment.id).executeTakeFirst(),
    rollbacksInEnvironmentQuery(trx, service.id, environment.id, version.id, 1).executeTakeFirst(),
  ]);
  const hashes = [version.document_hash];
  if (live?.document_hash && live.document_hash !== version.document_hash) hashes.push(live.document_hash);
  const documents = texts
    ? new Map((await documentsQuery(trx, hashes).execute()).map((row) => [row.hash, row.content] as const))
    : undefined;
  const candidate = {
    service: service.name,
    version: version.label,
    hash: version.document_hash,
    text: documents === undefined ? undefined : (documents.get(version.document_hash) ?? ''),
  };
  const liveContract =
    live?.document_hash == null
      ? undefined
      : {
          service: service.name,
          version: live.version,
          hash: live.document_hash,
          text: documents === undefined ? undefined : (documents.get(live.document_hash) ?? ''),
        };
  return {
    live,
    candidate,
    liveContract,
    production: environment.production === 1,
    candidateRollback:
      rolledBack === undefined ? undefined : toRollbackView(service.name, environment.name, rolledBack),
  };
}

/**
 * Compares `version` with the contract live in `environment` (base: live, revision: candidate)
 * and applies the policy: `verdict: 'no'` when it blocks. Nothing live there gives `yes`. A live
 * version with no stored contract gives `unknown` (exit 1: the gate fails closed), or `yes` with a
 * warning when `allowUnknown`. With `retryWhileUnknownSeconds`, an `unknown` answer, or a candidate
 * not published yet (publish and deploy racing in a pipeline), is asked again every few seconds
 * until the time is up.
 *
 * @example
 * const answer = await canIDeploy(store, { service: 'shop', version: '1.3.0', environment: 'production' }, { cwd });
 * process.exitCode = answer.verdict === 'yes' ? 0 : 1;
 */
export async function canIDeploy(
  store: Store,
  input: CanIDeployInput,
  options: RegistryOptions,
): Promise<CanIDeployResult> {
  const request = {
    service: checkName('service', input.service),
    version: checkName('version', input.version),
    environment: checkName('environment', input.environment),
  };
  const retrySeconds = input.retryWhileUnknownSeconds ?? 0;
  if (!Number.isFinite(retrySeconds) || retrySeconds < 0) {
    throw new AppError(
      'USAGE',
      `Invalid --retry-while-unknown "${retrySeconds}": not a number of seconds; expected 0 or more.`,
    );
  }
  const sleep =
    options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  const clock = options.now ?? (() => new Date());
  const deadline = clock().getTime() + retrySeconds * 1000;
  // Read once, before the verdict: an unknown environment or no usage at all is an error (exit 2).
  const usage =
    input.usage === undefined
      ? undefined
      : {
          table: await usageByOperation(
            store,
            {
              service: request.service,
              environment: input.usage.environment,
              days: input.usage.days,
              ignoreUnused: input.usage.ignoreUnused,
            },
            options,
          ),
          ignoreUnused: input.usage.ignoreUnused,
        };
  for (let attempt = 1; ; attempt++) {
    const last = clock().getTime() + RETRY_INTERVAL_MS > deadline;
    try {
      const state = await store.transaction('read', (trx) =>
        readCanIDeployState(trx, request, store.location, options.memo === undefined),
      );
      // A production environment may have a stricter policy (`production-fail-on`).
      const policy =
        state.production && input.productionFailOn !== undefined
          ? { ...(options.policy ?? DEFAULT_POLICY), failOn: input.productionFailOn }
          : options.policy;
      const answer = await judge(
        store,
        state,
        request,
        input.allowUnknown === true,
        { ...options, policy },
        attempt,
        usage,
      );
      if (answer.verdict !== 'unknown' || last) return answer;
    } catch (error) {
      const racing =
        error instanceof AppError &&
        (error.code === 'REGISTRY_UNKNOWN_VERSION' || error.code === 'REGISTRY_NOT_PUBLISHED');
      if (!racing || last) throw error;
    }
    await sleep(RETRY_INTERVAL_MS);
  }
}

/** Seconds between attempts of `--retry-while-unknown`. */
const RETRY_INTERVAL_MS = 5000;

async function judge(
  store: Store,
  state: CanIDeployState,
  request: { service: string; version: string; environment: string },
  allowUnknown: boolean,
  options: RegistryOptions,
  attempts: number,
  usage: { table: UsageTable; ignoreUnused: boolean } | undefined,
): Promise<CanIDeployResult> {
  const base = { ...request, production: state.production, attempts };
  const live = state.live === undefined ? null : toDeploymentView(state.live);
  // Contracts cannot tell why a version was rolled back: say so, whatever the verdict.
  const rolledBack =
    state.candidateRollback === undefined || live?.version === request.version
      ? []
      : [
          `${request.version} was rolled back in ${request.environment} (${rollbackSentence(state.candidateRollback)}); deploy needs --force to record it there again.`,
        ];
  if (live === null) {
    return {
      ...base,
      verdict: 'yes',
      reason: `Nothing of ${request.service} is live in ${request.environment} yet, so no client depends on it there.`,
      live,
      comparison: null,
      warnings: rolledBack,
    };
  }
  if (state.liveContract === undefined) {
    return {
      ...base,
      verdict: allowUnknown ? 'yes' : 'unknown',
      reason: allowUnknown
        ? `The live version ${live.version} has no contract in the registry, so nothing was compared (allowed by --allow-unknown).`
        : `Unknown: the live version ${live.version} has no contract in the registry, so holdfast cannot tell whether ${request.version} breaks its clients. Publish ${live.version}, or pass --allow-unknown to deploy without the check.`,
      live,
      comparison: null,
      warnings: [neverPublished(request.service, live.version), ...rolledBack],
    };
  }
  const failOn = options.policy?.failOn ?? 'breaking';
  let { result, blocked } = await new Comparer(options.cwd, options.policy, options.memo, store).compare(
    state.liveContract,
    state.candidate,
  );
  if (usage !== undefined) {
    ({ result, blocked } = applyUsage(result, usage.table, { ignoreUnused: usage.ignoreUnused, failOn }));
  }
  // Changes, as every report counts them (a shared component changed once is one change).
  const counts = changeCounts(result.findings);
  const downgraded = result.usage?.downgraded ?? 0;
  const tally = `${describeCount('breaking', counts.breaking)}, ${describeCount('warning', counts.warning)}${downgraded > 0 ? ` (${downgraded} ${downgraded === 1 ? 'finding' : 'findings'} downgraded from breaking by --ignore-unused: no calls in ${result.usage?.environment})` : ''}`;
  const reason = blocked
    ? `${request.version} has changes at or above "${failOn}" for clients of ${live.version}, live in ${request.environment}: ${tally}.`
    : state.liveContract.hash === state.candidate.hash
      ? `${request.version} has the same contract as ${live.version}, live in ${request.environment}.`
      : `Nothing in ${request.version} blocks clients of ${live.version}, live in ${request.environment}: ${tally}.`;
  return { ...base, verdict: blocked ? 'no' : 'yes', reason, live, comparison: result, warnings: rolledBack };
}
