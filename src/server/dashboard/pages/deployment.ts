/**
 * `/services/:service/deployments/:id`: one deployment with what the person on call needs: who
 * owns it, what it should do, how to undo it; `holdfast deploy compare`'s answer for it (the verdict
 * overall and per operation with the reasons, the expected-result check, the caveats, and charts of
 * request rate, 5xx rate and p95 before and after per operation); and, when it is live, the
 * rollback plan with its commands.
 */
import {
  type DeployCompareResult,
  type DeploymentDetailResult,
  type DeploymentView,
  type RollbackPlanResult,
  shellQuote,
} from '../../../registry/index.js';
import {
  ALL_OPERATIONS,
  type CompareThresholds,
  type CompareVerdict,
  type ExpectationStatus,
  type OperationComparison,
  VERDICT_WORDS,
} from '../../../usage/index.js';
import { pairedBarChart } from '../charts.js';
import { badge, count, deploymentStatusBadge, percent, plural, type Tone, time, utc } from '../format.js';
import { type Fragment, type Html, html, type Linker, linker } from '../html.js';
import { page, serviceCrumbs } from '../layout.js';

export interface DeploymentPageData {
  detail: DeploymentDetailResult;
  /** `deploy compare` of this deployment: the same result the command prints. */
  compare: DeployCompareResult;
  /** The plan when the deployment is live; an error message when none can be made; null when not live. */
  plan: { result: RollbackPlanResult } | { error: string } | null;
  /** `deploy-compare` from the configuration the server loaded (what the page passed to the comparison). */
  project: ProjectCompare;
}

/** The window and thresholds the server's configuration sets (`deploy-compare`), and its file. */
export interface ProjectCompare {
  /** How messages name the configuration file (`holdfast.yaml`); null when the server found none. */
  file: string | null;
  windowMinutes?: number;
  thresholds: Partial<CompareThresholds>;
}

/** Configuration keys and `deploy compare` flags, by threshold. */
const THRESHOLD_KEYS: Record<keyof CompareThresholds, { key: string; unit: 'count' | 'share' | 'ratio' }> = {
  minRequests: { key: 'min-requests', unit: 'count' },
  investigate5xxIncrease: { key: 'investigate-5xx-increase', unit: 'share' },
  rollback5xxIncrease: { key: 'rollback-5xx-increase', unit: 'share' },
  investigate4xxIncrease: { key: 'investigate-4xx-increase', unit: 'share' },
  investigateP95Ratio: { key: 'investigate-p95-ratio', unit: 'ratio' },
  rollbackP95Ratio: { key: 'rollback-p95-ratio', unit: 'ratio' },
  minP95IncreaseMs: { key: 'min-p95-increase-ms', unit: 'count' },
  investigateTrafficDrop: { key: 'investigate-traffic-drop', unit: 'share' },
};

/** The thresholds the configuration set, in the catalogue's order. */
function configuredThresholds(project: ProjectCompare): Array<[keyof CompareThresholds, number]> {
  return (Object.keys(THRESHOLD_KEYS) as Array<keyof CompareThresholds>).flatMap((name) => {
    const value = project.thresholds[name];
    return value === undefined ? [] : [[name, value] as [keyof CompareThresholds, number]];
  });
}

/** `--min-requests 50 --rollback-5xx-increase 2%`: the flags that give `deploy compare` the configured thresholds. */
function thresholdFlags(project: ProjectCompare): string {
  return configuredThresholds(project)
    .map(([name, value]) => {
      const { key, unit } = THRESHOLD_KEYS[name];
      return ` --${key} ${unit === 'share' ? `${Math.round(value * 1_000_000) / 10_000}%` : value}`;
    })
    .join('');
}

export function deploymentPage(
  data: DeploymentPageData,
  context: { now: Date; signedIn: boolean; root: string },
): Html {
  const link = linker(context.root);
  const { deployment, previous, next, production, rollbacks } = data.detail;
  const service = deployment.service;
  const title = `${service} ${deployment.version} in ${deployment.environment}`;
  const body = html`<h1>${title}</h1>
<p class="lead">${deploymentStatusBadge(deployment.status)} ${production ? badge('warn', 'production') : ''}
Deployed ${time(deployment.deployedAt, context.now)} · <code>${deployment.eventId}</code></p>
<dl class="facts">
  <dt>Owner</dt><dd>${deployment.owner ?? html`<span class="empty">none recorded</span>`}</dd>
  <dt>Expected result</dt><dd>${deployment.expectedResult ?? html`<span class="empty">none recorded</span>`}</dd>
  <dt>Rollback note</dt><dd>${deployment.rollbackNote ?? html`<span class="empty">none recorded</span>`}${
    deployment.rollbackNoteBy === null
      ? ''
      : html` <span class="muted">(written by ${deployment.rollbackNoteBy})</span>`
  }</dd>
  <dt>Replaced</dt><dd>${
    previous === null
      ? html`<span class="empty">nothing: the first deployment here</span>`
      : html`<a href="${link(['services', service, 'deployments', previous.id])}">${previous.version}</a>${
          previous.published && deployment.published && previous.version !== deployment.version
            ? html` · <a href="${link(['services', service, 'diff'], { base: previous.version, revision: deployment.version, env: deployment.environment })}">diff ${previous.version} → ${deployment.version}</a>`
            : ''
        }`
  }</dd>
  ${next === null ? '' : html`<dt>Replaced by</dt><dd><a href="${link(['services', service, 'deployments', next.id])}">${next.version}</a> ${time(next.deployedAt, context.now)}</dd>`}
  <dt>Contract</dt><dd>${deployment.published ? html`<code>${deployment.contractHash ?? ''}</code>` : badge('warn', 'never published')}</dd>
</dl>
${
  rollbacks.length === 0
    ? ''
    : html`<h2 id="rollbacks">Rollbacks</h2><ul>${rollbacks.map(
        (
          rollback,
        ) => html`<li>${badge('bad', 'rolled back')} ${rollback.fromVersion} → ${rollback.toVersion} ${time(rollback.at, context.now)}
  by ${rollback.by ?? 'someone (not recorded)'}${rollback.reason === null ? '' : html`: ${rollback.reason}`}</li>`,
      )}</ul>`
}
<h2 id="traffic">Before and after</h2>
${compareSection(data.compare, service, link, data.project)}
<h2 id="rollback-plan">Rollback plan</h2>
${planSection(data.plan, service, deployment.environment, data.detail.live, link)}`;
  return page(
    {
      title,
      crumbs: serviceCrumbs(service, { label: `${deployment.version} in ${deployment.environment}` }),
      signedIn: context.signedIn,
      root: context.root,
    },
    body,
  );
}

/** Windows the page offers, in minutes (the command's default, 60, among them). */
export const COMPARE_WINDOW_CHOICES = [15, 30, 60, 180, 360, 1440] as const;
/** Operations charted (worst first); the table lists them all. */
const CHARTED = 8;

const VERDICT_TONE: Record<CompareVerdict, Tone> = {
  healthy: 'ok',
  investigate: 'warn',
  rollback: 'bad',
  'not-enough-data': 'muted',
};
const EXPECTATION_TONE: Record<ExpectationStatus, Tone> = { met: 'ok', 'not met': 'bad', 'not measurable': 'muted' };

const verdictBadge = (verdict: CompareVerdict): Html => badge(VERDICT_TONE[verdict], VERDICT_WORDS[verdict]);
/** `60 min`, `6 h`, `1 d`. */
export const windowLabel = (minutes: number): string =>
  minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
const perMinute = (value: number): string => `${Math.round(value * 10) / 10}/min`;
const share = (value: number | null): string => (value === null ? '–' : percent(value, 1));
const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);
const span = (window: { from: string; to: string }): string => `${utc(window.from)} to ${utc(window.to).slice(11)}`;

function compareSection(result: DeployCompareResult, service: string, link: Linker, project: ProjectCompare): Html {
  const { deployment } = result;
  const all = result.operations.find((row) => row.operation === ALL_OPERATIONS);
  const operations = result.operations.filter((row) => row.operation !== ALL_OPERATIONS);
  const t = result.thresholds;
  const points = (value: number) => {
    const rounded = Math.round(value * 1000) / 10;
    return `${rounded} point${rounded === 1 ? '' : 's'}`;
  };
  const slowest = (side: 'before' | 'after'): number | null =>
    operations.reduce<number | null>((top, row) => {
      const p95 = row[side].p95Ms;
      return p95 === null ? top : Math.max(top ?? 0, p95);
    }, null);
  const caveats = [
    ...result.caveats,
    ...result.before.caveats.map((caveat) => `before: ${caveat}`),
    ...result.after.caveats.map((caveat) => `after: ${caveat}`),
  ];
  const headline =
    all === undefined || (all.before.requests === 0 && all.after.requests === 0)
      ? html`No request was recorded in either window.`
      : html`All operations: 5xx ${share(all.before.rate5xx)} → ${share(all.after.rate5xx)},${
          slowest('before') === null && slowest('after') === null
            ? ''
            : html` p95 of the slowest operation ${ms(slowest('before'))} → ${ms(slowest('after'))},`
        }
${perMinute(all.before.ratePerMinute)} → ${perMinute(all.after.ratePerMinute)}
(${plural(all.before.requests, 'request')} before, ${count(all.after.requests)} after).`;
  const rollback =
    result.verdict !== 'rollback'
      ? ''
      : result.rollbackCommand === null
        ? html`<p>${deployment.version} is no longer live in ${result.environment}: nothing to roll back.</p>`
        : html`<p>Plan the rollback (the <a href="#rollback-plan">plan below</a> has every step):</p>
<div class="command"><pre id="compare-rollback-command"><code>${result.rollbackCommand}</code></pre><button type="button" data-copy="compare-rollback-command" hidden>Copy</button></div>`;
  const chart = (
    id: string,
    title: string,
    value: (metrics: OperationComparison['before']) => number | null,
    format: (value: number) => string,
    minimumTop?: number,
  ) => {
    const of = (metrics: OperationComparison['before'] | undefined) => (metrics === undefined ? null : value(metrics));
    // p95 has no all-operations number (quantiles do not add up): the slowest operation's instead.
    const latency = id === 'chart-p95';
    const before = latency ? slowest('before') : of(all?.before);
    const after = latency ? slowest('after') : of(all?.after);
    return pairedBarChart(
      operations
        .slice(0, CHARTED)
        .map((row) => ({ label: row.operation, before: value(row.before), after: value(row.after) })),
      {
        id,
        title,
        format,
        minimumTop,
        summary: `${latency ? 'Slowest operation' : 'All operations'} before: ${before === null ? 'no data' : format(before)}; after: ${after === null ? 'no data' : format(after)}.`,
      },
    );
  };
  const charted =
    operations.length === 0
      ? ''
      : html`<ul class="legend" aria-hidden="true"><li><span class="swatch before"></span>before the deployment</li><li><span class="swatch after"></span>after</li></ul>
<div class="charts">
${chart('chart-requests', 'Requests per minute', (metrics) => metrics.ratePerMinute, perMinute)}
${chart(
  'chart-errors',
  'Error rate (5xx share)',
  (metrics) => (metrics.rate5xx === null ? null : metrics.rate5xx * 100),
  (value) => `${value === 0 || value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`,
  1,
)}
${chart(
  'chart-p95',
  'p95 latency',
  (metrics) => metrics.p95Ms,
  (value) => `${Math.round(value)} ms`,
  // Whole milliseconds: a scale under 10 ms would label its ticks 0 ms, 1 ms, 1 ms.
  10,
)}
</div>
${operations.length > CHARTED ? html`<p class="muted">The charts show the ${CHARTED} operations judged worst; the table has all ${operations.length}.</p>` : ''}`;
  return html`<form class="toolbar" method="get" action="${link(['services', service, 'deployments', deployment.id])}">
  <label for="window">Window<select id="window" name="window">${[
    ...new Set([...COMPARE_WINDOW_CHOICES, result.windowMinutes]),
  ]
    .sort((a, b) => a - b)
    .map(
      (minutes) =>
        html`<option value="${minutes}"${minutes === result.windowMinutes ? html` selected` : ''}>${windowLabel(minutes)} each side</option>`,
    )}</select></label>
  <button type="submit">Compare</button>
</form>
<div class="callout tone-${VERDICT_TONE[result.verdict]}" id="verdict"><p>${verdictBadge(result.verdict)} ${headline}</p>${rollback}</div>
<p class="muted">From ${result.source}. Before: ${span(result.before)} (${plural(result.before.minutes, 'minute')},
${plural(result.before.requests, 'request')}); after: ${span(result.after)} (${plural(result.after.minutes, 'minute')}${result.after.complete ? '' : ' so far'},
${plural(result.after.requests, 'request')}). The minute of the deployment counts for neither side.
Same numbers as <code>holdfast deploy compare --service ${shellQuote(service)} --env ${shellQuote(result.environment)} --deployment ${deployment.eventId}${
    result.windowMinutes === 60 && project.windowMinutes === undefined ? '' : ` --window ${result.windowMinutes}m`
  }${thresholdFlags(project)}</code>.</p>
${
  result.expected === null
    ? ''
    : html`<h3 id="expected">Expected result</h3>
<p>${badge(EXPECTATION_TONE[result.expected.status], result.expected.status)} “${result.expected.text}”${
        result.expected.reason === null ? '' : html`: ${result.expected.reason}`
      }</p>${
        result.expected.clauses.length === 0
          ? ''
          : html`<ul class="clauses">${result.expected.clauses.map(
              (clause) =>
                html`<li>${badge(EXPECTATION_TONE[clause.status], clause.status)} ${clause.clause}${
                  clause.measured === null ? '' : html`: measured ${clause.measured}`
                }${clause.note === null ? '' : html` (${clause.note})`}</li>`,
            )}</ul>`
      }`
}
${caveats.length === 0 ? '' : html`<div class="callout tone-warn" id="caveats">${caveats.map((caveat) => html`<p>Note: ${caveat}.</p>`)}</div>`}
${charted}
${
  result.operations.length === 0
    ? ''
    : html`<h3>Per operation</h3>
<div class="table-wrap"><table>
  <caption>Before vs after the deployment per operation, worst verdict first</caption>
  <thead><tr><th scope="col">Operation</th><th scope="col" class="num">Requests/min before</th><th scope="col" class="num">after</th>
  <th scope="col" class="num">5xx before</th><th scope="col" class="num">after</th><th scope="col" class="num">4xx before</th><th scope="col" class="num">after</th>
  <th scope="col" class="num">p95 before</th><th scope="col" class="num">after</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead>
  <tbody>${result.operations.map(
    (row) => html`<tr>
    <th scope="row">${row.operation === ALL_OPERATIONS ? html`<em>${row.operation}</em>` : html`<code>${row.operation}</code>`}</th>
    <td class="num">${perMinute(row.before.ratePerMinute)}</td><td class="num">${perMinute(row.after.ratePerMinute)}</td>
    <td class="num">${share(row.before.rate5xx)}</td><td class="num">${share(row.after.rate5xx)}</td>
    <td class="num">${share(row.before.rate4xx)}</td><td class="num">${share(row.after.rate4xx)}</td>
    <td class="num">${ms(row.before.p95Ms)}</td><td class="num">${ms(row.after.p95Ms)}</td>
    <td>${verdictBadge(row.verdict)}</td>
    <td>${row.reasons.length === 0 ? html`<span class="empty">–</span>` : row.reasons.join('; ')}</td>
  </tr>`,
  )}</tbody></table></div>`
}
<p class="muted" id="thresholds">Thresholds ${thresholdSource(project)}: roll back at 5xx +${points(t.rollback5xxIncrease)} or p95 ×${t.rollbackP95Ratio}; investigate at
5xx +${points(t.investigate5xxIncrease)}, 4xx +${points(t.investigate4xxIncrease)}, p95 ×${t.investigateP95Ratio}
(and at least ${t.minP95IncreaseMs} ms more) or traffic down ${Math.round(t.investigateTrafficDrop * 100)} %; ${t.minRequests} requests a side for a verdict.</p>`;
}

/** Where the thresholds came from: the server's configuration (naming what it set), or the defaults. */
function thresholdSource(project: ProjectCompare): string {
  const set = configuredThresholds(project).map(([name]) => THRESHOLD_KEYS[name].key);
  const window = project.windowMinutes === undefined ? [] : ['window'];
  const keys = [...window, ...set];
  if (project.file === null || keys.length === 0) {
    return `(the defaults of deploy compare${project.file === null ? ': the server found no configuration' : `: ${project.file} sets no deploy-compare`})`;
  }
  return `(deploy-compare in ${project.file}, the server's configuration: ${keys.join(', ')}${
    set.length === Object.keys(THRESHOLD_KEYS).length ? '' : '; the defaults of deploy compare otherwise'
  })`;
}

function planSection(
  plan: DeploymentPageData['plan'],
  service: string,
  environment: string,
  live: DeploymentView | null,
  link: Linker,
): Fragment {
  if (plan === null) {
    return html`<p class="muted">This deployment is not live any more, so there is nothing to roll back here.${
      live === null
        ? html` Nothing of ${service} is live in ${environment} now.`
        : html` The plan for what is live now is on <a href="${link(['services', service, 'deployments', live.id])}">the page of ${live.version} in ${environment}</a>.`
    }</p>`;
  }
  if ('error' in plan) return html`<div class="callout tone-info"><p>${plan.error}</p></div>`;
  const result = plan.result;
  const summary = result.comparison?.summary;
  return html`${
    result.safe
      ? html`<div class="callout tone-ok"><p>${badge('ok', 'safe')} Rolling back ${result.live.version} → ${result.target.version} in ${environment}
breaks no client according to the policy.</p></div>`
      : html`<div class="callout tone-bad"><p>${badge('bad', 'unsafe')} Rolling back ${result.live.version} → ${result.target.version} in ${environment}
would break clients: ${plural(summary?.breaking ?? 0, 'breaking change')}.</p></div>`
  }
${
  result.comparison === null
    ? ''
    : html`<p><a href="${link(['services', service, 'diff'], { base: result.live.version, revision: result.target.version, env: environment })}">What the rollback changes for clients (diff ${result.live.version} → ${result.target.version})</a></p>`
}
<dl class="facts">
  <dt>Rollback note</dt><dd>${result.note.rollbackNote ?? html`<span class="empty">none recorded</span>`}${
    result.note.writtenBy === null ? '' : html` <span class="muted">(written by ${result.note.writtenBy})</span>`
  }</dd>
  <dt>Owner</dt><dd>${result.note.owner ?? html`<span class="empty">none recorded</span>`}</dd>
  ${result.lastRollback === null ? '' : html`<dt>Last rollback here</dt><dd>${result.lastRollback.fromVersion} → ${result.lastRollback.toVersion} by ${result.lastRollback.by ?? 'someone'}${result.lastRollback.reason === null ? '' : html`: ${result.lastRollback.reason}`}</dd>`}
</dl>
${result.warnings.length === 0 ? '' : html`<div class="callout tone-warn">${result.warnings.map((warning) => html`<p>${warning}</p>`)}</div>`}
<ol class="steps">${result.steps.map(
    (step) =>
      html`<li><strong>${step.title}</strong>${step.detail === null ? '' : html`<p>${step.detail}</p>`}${
        step.command === null
          ? ''
          : html`<div class="command"><pre id="step-${step.number}-command"><code>${step.command}</code></pre><button type="button" data-copy="step-${step.number}-command" hidden>Copy</button></div>`
      }</li>`,
  )}</ol>`;
}
