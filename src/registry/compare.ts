/**
 * `deploy compare`: did a deployment change anything? The window before the deployment against
 * the window after it, per operation (src/usage/compare.ts judges), plus the deployment's expected
 * result when it is a measurable statement (src/usage/expectation.ts).
 *
 * Windows are whole minutes: the before-window ends at the start of the deployment's minute, the
 * after-window starts at the end of it (that one minute mixes both versions and counts for
 * neither). The before-window never reaches back past the deployment before this one, and the
 * after-window stops at the next one: each side is one version.
 */
import { AppError, retryAdvice } from '../errors.js';
import type { DeploymentRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import {
  type CompareThresholds,
  type CompareVerdict,
  compareWindows,
  DEFAULT_COMPARE_THRESHOLDS,
  type ExpectationResult,
  evaluateExpectation,
  MINUTE_MS,
  type OperationComparison,
  type TrafficSource,
  type TrafficWindow,
  VERDICT_WORDS,
  worseVerdict,
} from '../usage/index.js';
import { requireEnvironment, requireService, toDeploymentView } from './_lookup.js';
import { liveTimeline } from './_timeline.js';
import { shellQuote } from './rollback.js';
import { RegistryTrafficSource, shortTime } from './traffic.js';
import type { DeploymentView, RegistryOptions } from './types.js';

export const DEFAULT_COMPARE_WINDOW_MINUTES = 60;
/** A week: longer windows mix in too much that is not the deployment. */
export const MAX_COMPARE_WINDOW_MINUTES = 7 * 24 * 60;
/**
 * Data that stops this close to the end of the after-window still counts as complete (a quiet
 * service has minutes without a request): a tenth of the window, from 1 to 5 minutes.
 */
const coverageSlackMs = (windowMinutes: number): number =>
  Math.max(1, Math.min(5, Math.floor(windowMinutes / 10))) * MINUTE_MS;

export interface DeployCompareInput {
  service: string;
  environment: string;
  /** `deploy-12` or `12`; default: the deployment live in the environment. */
  deployment?: string;
  /** Minutes on each side (default 60). */
  windowMinutes?: number;
  /** Overrides of the default thresholds (flags, then configuration). */
  thresholds?: Partial<CompareThresholds>;
}

export interface CompareWindowView {
  /** ISO-8601 start (inclusive). */
  from: string;
  /** ISO-8601 end (exclusive) as planned. */
  to: string;
  /** Minutes with data the rates are computed over. */
  minutes: number;
  requests: number;
  caveats: string[];
}

export interface DeployCompareResult {
  service: string;
  environment: string;
  deployment: DeploymentView;
  /** Where the traffic came from ("access logs ingested into the registry …", "Prometheus at …"). */
  source: string;
  windowMinutes: number;
  before: CompareWindowView;
  after: CompareWindowView & {
    /** False while the after-window is still running or its data is not all in. */
    complete: boolean;
  };
  thresholds: CompareThresholds;
  /** `healthy`, `investigate`, `rollback` (roll back recommended) or `not-enough-data`. */
  verdict: CompareVerdict;
  /** The verdict as reports word it. */
  verdictText: string;
  /** The all-operations row first, then operations worst first. */
  operations: OperationComparison[];
  /** The deployment's expected result checked on the after-window; null when none was recorded. */
  expected: ExpectationResult | null;
  /** Sentences about what limits the answer (window cut short, untimed lines, no data). */
  caveats: string[];
  /** `holdfast rollback plan …` when rolling back is recommended and the deployment is live. */
  rollbackCommand: string | null;
}

function parseDeploymentId(text: string): number {
  const match = /^(?:deploy-)?([1-9]\d{0,15})$/.exec(text.trim());
  if (match === null) {
    throw new AppError(
      'USAGE',
      `Invalid --deployment "${text}": not a deployment id; expected deploy-N (or N) as holdfast history shows it.`,
    );
  }
  return Number(match[1]);
}

const floorMinute = (time: number): number => time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
const ceilMinute = (time: number): number => {
  const floor = floorMinute(time);
  return floor === time ? time : floor + MINUTE_MS;
};

interface Plan {
  deployment: DeploymentRow;
  previous: DeploymentRow | undefined;
  next: DeploymentRow | undefined;
}

/**
 * Compares the traffic before and after a deployment (the live one by default) and judges it.
 * `source` defaults to the access logs ingested into the registry; `holdfast deploy compare
 * --prometheus` passes a Prometheus source.
 *
 * @example
 * const result = await compareDeployment(store, { service: 'shop', environment: 'production', windowMinutes: 60 }, { cwd });
 * if (result.verdict === 'rollback') console.log(result.rollbackCommand);
 */
export async function compareDeployment(
  store: Store,
  input: DeployCompareInput,
  options: RegistryOptions,
  source?: TrafficSource,
): Promise<DeployCompareResult> {
  const windowMinutes = input.windowMinutes ?? DEFAULT_COMPARE_WINDOW_MINUTES;
  if (!Number.isSafeInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > MAX_COMPARE_WINDOW_MINUTES) {
    throw new AppError(
      'USAGE',
      `Invalid --window ${windowMinutes} minutes: expected 1 minute to ${MAX_COMPARE_WINDOW_MINUTES / 1440} days (e.g. 30m, 1h, 6h, 1d).`,
    );
  }
  const thresholds: CompareThresholds = { ...DEFAULT_COMPARE_THRESHOLDS, ...input.thresholds };
  const wantedId = input.deployment === undefined ? undefined : parseDeploymentId(input.deployment);
  const now = (options.now ?? (() => new Date()))().getTime();

  const plan = await store.transaction('read', async (trx): Promise<Plan> => {
    const service = await requireService(trx, input.service, store.location);
    const environment = await requireEnvironment(trx, input.environment, store.location);
    const timeline = await liveTimeline(trx, service.id, environment.id);
    const history = `holdfast history --service ${shellQuote(service.name)} --env ${shellQuote(environment.name)}`;
    let index: number;
    if (wantedId === undefined) {
      index = timeline.findIndex((entry) => entry.deployment.status === 'live');
      if (index === -1) {
        throw new AppError(
          'REGISTRY_NOTHING_LIVE',
          `Could not compare a deployment of ${service.name} in ${environment.name}: nothing of ${service.name} is live there; expected a live deployment, or --deployment deploy-N. ${retryAdvice(false, `Pick one from ${history}`)}`,
        );
      }
    } else {
      index = timeline.findIndex((entry) => entry.deployment.id === wantedId);
      if (index === -1) {
        const found = await trx
          .selectFrom('deployments as d')
          .innerJoin('services as s', 's.id', 'd.service_id')
          .innerJoin('environments as e', 'e.id', 'd.environment_id')
          .select(['s.name as service', 'e.name as environment'])
          .where('d.id', '=', wantedId)
          .executeTakeFirst();
        const what =
          found === undefined
            ? 'no deployment has that id'
            : found.service === service.name && found.environment === environment.name
              ? 'it was undone (holdfast undo): it never ran'
              : `it is a deployment of ${found.service} in ${found.environment}`;
        throw new AppError(
          'REGISTRY_UNKNOWN_EVENT',
          `Could not compare deploy-${wantedId}: ${what}; expected a deployment of ${service.name} in ${environment.name}. ${retryAdvice(false, `Pick one from ${history}`)}`,
        );
      }
    }
    return {
      deployment: timeline[index].deployment,
      previous: timeline[index - 1]?.deployment,
      next: timeline[index + 1]?.deployment,
    };
  });

  const traffic = source ?? (await RegistryTrafficSource.open(store, input.service, input.environment));
  const deployedAt = Date.parse(plan.deployment.deployed_at);
  const windowMs = windowMinutes * MINUTE_MS;
  const caveats: string[] = [];

  let beforeFrom = floorMinute(deployedAt) - windowMs;
  const beforeTo = floorMinute(deployedAt);
  if (plan.previous !== undefined && ceilMinute(Date.parse(plan.previous.deployed_at)) > beforeFrom) {
    beforeFrom = Math.min(beforeTo, ceilMinute(Date.parse(plan.previous.deployed_at)));
    caveats.push(
      `the before-window starts at ${shortTime(beforeFrom)}, when ${plan.previous.version} was deployed (${(beforeTo - beforeFrom) / MINUTE_MS} of ${windowMinutes} minutes)`,
    );
  }
  const afterFrom = ceilMinute(deployedAt + 1);
  let afterTo = afterFrom + windowMs;
  if (plan.next !== undefined && floorMinute(Date.parse(plan.next.deployed_at)) < afterTo) {
    afterTo = Math.max(afterFrom, floorMinute(Date.parse(plan.next.deployed_at)));
    caveats.push(
      `the after-window ends at ${shortTime(afterTo)}, when ${plan.next.version} was deployed (${(afterTo - afterFrom) / MINUTE_MS} of ${windowMinutes} minutes)`,
    );
  }
  const nowMinute = floorMinute(now);
  let afterEnd = Math.max(afterFrom, Math.min(afterTo, nowMinute));
  let complete = nowMinute >= afterTo;
  if (!complete) {
    caveats.push(
      `the after-window is not complete: ${(afterEnd - afterFrom) / MINUTE_MS} of ${plural((afterTo - afterFrom) / MINUTE_MS, 'minute')} ${afterTo - afterFrom === MINUTE_MS ? 'has' : 'have'} passed (it ends at ${shortTime(afterTo)}); run again then`,
    );
  }

  // An empty window (the first deployment has no before) is not asked of the source.
  const read = (from: number, to: number): Promise<TrafficWindow> =>
    to > from
      ? traffic.window(new Date(from), new Date(to))
      : Promise.resolve({ from: new Date(from), to: new Date(to), operations: [], caveats: [] });
  const before = await read(beforeFrom, beforeTo);
  let after = await read(afterFrom, afterEnd);
  const covered = after.coveredUntil?.getTime();
  if (covered !== undefined && covered < afterEnd - coverageSlackMs(windowMinutes)) {
    const dataEnd = Math.max(afterFrom, ceilMinute(covered));
    caveats.push(
      source === undefined
        ? `the latest traffic recorded is at ${shortTime(covered - MINUTE_MS)}, before the after-window's end (${shortTime(afterEnd)}): ingest newer logs with holdfast usage ingest, or this is all the traffic there was`
        : `the latest sample of the service is at ${shortTime(covered)}, before the after-window's end (${shortTime(afterEnd)}): is it still scraped? (${traffic.description})`,
    );
    complete = false;
    afterEnd = dataEnd;
    after = { ...after, to: new Date(afterEnd) };
  }
  const beforeMinutes = (beforeTo - beforeFrom) / MINUTE_MS;
  const afterMinutes = (afterEnd - afterFrom) / MINUTE_MS;
  const total = (operations: typeof before.operations) =>
    operations.reduce((sum, operation) => sum + operation.requests, 0);
  if (total(before.operations) === 0 && total(after.operations) === 0) {
    caveats.push(
      `no traffic recorded for ${plan.deployment.service} in ${plan.deployment.environment} in either window (${traffic.description}): ${source === undefined ? 'ingest the access logs of that time with holdfast usage ingest' : 'check that the selector picks the service and that Prometheus kept data that old'}`,
    );
  } else if (total(before.operations) === 0) {
    caveats.push(
      'no traffic recorded before the deployment: nothing to compare with, so operations are judged on the after-window alone (ingest the older logs for a comparison)',
    );
  }

  const timed = [...before.operations, ...after.operations].some((operation) => operation.latencyMs !== null);
  if (!timed && total(before.operations) + total(after.operations) > 0) {
    caveats.push(
      "no durations in this traffic (uvicorn's access log has none): p95 is not compared; nginx with $request_time, gunicorn with %(L)s or JSON lines with a duration field have them",
    );
  }
  const comparison = compareWindows(
    before,
    after,
    { beforeMinutes, afterMinutes, afterComplete: complete },
    thresholds,
  );
  let verdict = comparison.verdict;
  let expected: ExpectationResult | null = null;
  if (plan.deployment.expected_result !== null) {
    expected = evaluateExpectation(plan.deployment.expected_result, after, afterMinutes);
    // The owner said what should be true: not true is worth a look, whatever the thresholds say.
    if (expected.status === 'not met') verdict = worseVerdict(verdict, 'investigate');
  }
  const deployment = toDeploymentView(plan.deployment);
  const rollbackCommand =
    verdict === 'rollback' && deployment.status === 'live'
      ? `holdfast rollback plan --service ${shellQuote(deployment.service)} --env ${shellQuote(deployment.environment)}`
      : null;
  return {
    service: deployment.service,
    environment: deployment.environment,
    deployment,
    source: traffic.description,
    windowMinutes,
    before: {
      from: new Date(beforeFrom).toISOString(),
      to: new Date(beforeTo).toISOString(),
      minutes: beforeMinutes,
      requests: total(before.operations),
      caveats: before.caveats,
    },
    after: {
      from: new Date(afterFrom).toISOString(),
      to: new Date(afterTo).toISOString(),
      minutes: afterMinutes,
      requests: total(after.operations),
      caveats: after.caveats,
      complete,
    },
    thresholds,
    verdict,
    verdictText: VERDICT_WORDS[verdict],
    operations: comparison.operations,
    expected,
    caveats,
    rollbackCommand,
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const percent = (value: number | null): string =>
  value === null ? '-' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
const rate = (value: number): string => `${Math.round(value * 10) / 10}/min`;
const latency = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);

/** The text report: the deployment, both windows, a table per operation, the verdict, and what to do. */
export function renderDeployCompare(result: DeployCompareResult): string {
  const { deployment } = result;
  const lines: string[] = [
    `Deploy compare: ${result.service} ${deployment.version} in ${result.environment} (${deployment.eventId}, deployed ${shortTime(deployment.deployedAt)}${deployment.owner === null ? '' : ` by ${deployment.owner}`}, ${deployment.status.replace('_', ' ')})`,
    `Traffic: ${result.source}`,
    `Before: ${shortTime(result.before.from)} to ${shortTime(result.before.to)} (${plural(result.before.minutes, 'minute')}, ${plural(result.before.requests, 'request')})`,
    `After:  ${shortTime(result.after.from)} to ${shortTime(result.after.to)} (${plural(result.after.minutes, 'minute')}${result.after.complete ? '' : ' so far'}, ${plural(result.after.requests, 'request')})`,
    '',
  ];
  const header = ['Operation', 'Requests/min', '5xx', '4xx', 'p95', 'Verdict'];
  const rows = result.operations.map((row) => [
    row.operation,
    `${rate(row.before.ratePerMinute)} -> ${rate(row.after.ratePerMinute)}`,
    `${percent(row.before.rate5xx)} -> ${percent(row.after.rate5xx)}`,
    `${percent(row.before.rate4xx)} -> ${percent(row.after.rate4xx)}`,
    `${latency(row.before.p95Ms)} -> ${latency(row.after.p95Ms)}`,
    VERDICT_WORDS[row.verdict],
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (cells: string[]) =>
    `  ${cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd()}`;
  lines.push(format(header));
  for (const row of rows) lines.push(format(row));
  const explained = result.operations.filter((row) => row.reasons.length > 0 && row.verdict !== 'healthy');
  if (explained.length > 0) {
    lines.push('', 'Why:');
    for (const row of explained) lines.push(`  ${row.operation}: ${row.reasons.join('; ')}`);
  }
  if (result.expected !== null) {
    lines.push('', `Expected result: "${result.expected.text}": ${result.expected.status}`);
    if (result.expected.reason !== null) lines.push(`  ${result.expected.reason}`);
    for (const clause of result.expected.clauses) {
      const detail = [clause.measured === null ? null : `measured ${clause.measured}`, clause.note]
        .filter((part) => part !== null)
        .join(', ');
      lines.push(`  ${clause.clause}: ${clause.status}${detail === '' ? '' : ` (${detail})`}`);
    }
  }
  const caveats = [...result.caveats, ...result.before.caveats.map((caveat) => `before: ${caveat}`)];
  caveats.push(...result.after.caveats.map((caveat) => `after: ${caveat}`));
  if (caveats.length > 0) {
    lines.push('', 'Caveats:');
    for (const caveat of caveats) lines.push(`  - ${caveat}`);
  }
  lines.push('', `Verdict: ${result.verdictText}`);
  if (result.verdict === 'rollback') {
    if (result.rollbackCommand !== null) lines.push(`Plan the rollback: ${result.rollbackCommand}`);
    else lines.push(`${deployment.version} is no longer live in ${result.environment}: nothing to roll back.`);
  }
  return `${lines.join('\n')}\n`;
}
