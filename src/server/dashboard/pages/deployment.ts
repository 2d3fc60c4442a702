/**
 * `/services/:service/deployments/:id`: one deployment with what the person on call needs: who
 * owns it, what it should do, how to undo it; traffic before and after it (request rate, error
 * rate, p95), per operation; and, when it is live, the rollback plan with its commands.
 */
import type {
  DeployCompareResult,
  DeploymentDetailResult,
  DeploymentView,
  RollbackPlanResult,
} from '../../../registry/index.js';
import type { CompareVerdict, ExpectationStatus } from '../../../usage/index.js';
import { beforeAfterChart } from '../charts.js';
import { badge, count, deploymentStatusBadge, percent, plural, type Tone, time } from '../format.js';
import { type Fragment, type Html, href, html } from '../html.js';
import { page, serviceCrumbs } from '../layout.js';
import { type DeploymentTraffic, errorsOf, WINDOW_HOURS } from '../traffic.js';

export interface DeploymentPageData {
  detail: DeploymentDetailResult;
  traffic: DeploymentTraffic;
  /** `holdfast deploy compare` of this deployment (minute windows, verdicts); an error message when it cannot run. */
  compare: { result: DeployCompareResult } | { error: string };
  /** The plan when the deployment is live; an error message when none can be made; null when not live. */
  plan: { result: RollbackPlanResult } | { error: string } | null;
}

export function deploymentPage(data: DeploymentPageData, context: { now: Date; signedIn: boolean }): Html {
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
      : html`<a href="${href(['services', service, 'deployments', previous.id])}">${previous.version}</a>${
          previous.published && deployment.published && previous.version !== deployment.version
            ? html` · <a href="${href(['services', service, 'diff'], { base: previous.version, revision: deployment.version, env: deployment.environment })}">diff ${previous.version} → ${deployment.version}</a>`
            : ''
        }`
  }</dd>
  ${next === null ? '' : html`<dt>Replaced by</dt><dd><a href="${href(['services', service, 'deployments', next.id])}">${next.version}</a> ${time(next.deployedAt, context.now)}</dd>`}
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
<h2 id="compare">Did it change anything?</h2>
${compareSection(data.compare)}
<h2 id="traffic">Before and after, by the hour</h2>
${trafficSection(data.traffic, deployment.environment)}
<h2 id="rollback-plan">Rollback plan</h2>
${planSection(data.plan, service, deployment.environment, data.detail.live)}`;
  return page(
    {
      title,
      crumbs: serviceCrumbs(service, { label: `${deployment.version} in ${deployment.environment}` }),
      signedIn: context.signedIn,
    },
    body,
  );
}

function trafficSection(traffic: DeploymentTraffic, environment: string): Html {
  const total = traffic.hours.reduce((sum, hour) => sum + hour.requests, 0);
  if (total === 0) {
    return html`<div class="callout tone-info"><p>No usage ingested for ${environment} in the ${WINDOW_HOURS} hours around this
deployment, so there is nothing to chart. <code>holdfast usage ingest</code> reads access logs into the registry.</p></div>`;
  }
  const headline = overall(traffic);
  // The hourly view is context; the verdict above is deploy compare's (minute windows).
  const points = (value: (hour: DeploymentTraffic['hours'][number]) => number | null) =>
    traffic.hours.map((hour) => ({
      from: hour.from,
      after: hour.after,
      value: hour.requests === 0 ? null : value(hour),
    }));
  const operations = new Map<
    string,
    { before?: (typeof traffic.before.operations)[number]; after?: (typeof traffic.before.operations)[number] }
  >();
  for (const stats of traffic.before.operations) operations.set(stats.operation, { before: stats });
  for (const stats of traffic.after?.operations ?? []) {
    operations.set(stats.operation, { ...operations.get(stats.operation), after: stats });
  }
  const afterHours = traffic.hours.filter((hour) => hour.after).length;
  const rows = [...operations.entries()].sort(
    (left, right) =>
      rate(right[1].after) - rate(left[1].after) ||
      (right[1].after?.requests ?? 0) - (left[1].after?.requests ?? 0) ||
      (left[0] < right[0] ? -1 : 1),
  );
  return html`${headline}
<p class="muted">From ${traffic.description}; hourly, ${WINDOW_HOURS} h before and ${afterHours} h after
the deployment (split at ${traffic.split.toISOString().slice(11, 16)} UTC).</p>
${traffic.caveats.length === 0 ? '' : html`<div class="callout tone-warn">${traffic.caveats.map((caveat) => html`<p>Note: ${caveat}.</p>`)}</div>`}
<ul class="legend" aria-hidden="true"><li><span class="swatch before"></span>before the deployment</li><li><span class="swatch after"></span>after</li></ul>
<div class="charts">
${beforeAfterChart(
  points((hour) => hour.requests),
  {
    id: 'chart-requests',
    title: 'Requests per hour',
    format: (value) => count(Math.round(value)),
    marker: traffic.split,
  },
)}
${beforeAfterChart(
  points((hour) => (hour.requests === 0 ? null : (hour.errors / hour.requests) * 100)),
  {
    id: 'chart-errors',
    title: 'Error rate (5xx share)',
    format: (value) => `${value === 0 || value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`,
    marker: traffic.split,
    minimumTop: 1,
  },
)}
${beforeAfterChart(
  points((hour) => hour.slowestP95),
  {
    id: 'chart-p95',
    title: 'p95 latency (slowest operation)',
    format: (value) => `${Math.round(value)} ms`,
    marker: traffic.split,
  },
)}
</div>
<h3>Per operation</h3>
<div class="table-wrap"><table>
  <caption>Requests, error rate and p95 per operation, ${WINDOW_HOURS} h before vs after (worst error rate after first)</caption>
  <thead><tr><th scope="col">Operation</th><th scope="col" class="num">Requests before</th><th scope="col" class="num">after</th>
  <th scope="col" class="num">5xx before</th><th scope="col" class="num">after</th><th scope="col" class="num">p95 before</th><th scope="col" class="num">after</th><th scope="col">Change</th></tr></thead>
  <tbody>${rows.map(
    ([operation, { before, after }]) => html`<tr>
    <th scope="row"><code>${operation}</code></th>
    <td class="num">${count(before?.requests ?? 0)}</td><td class="num">${count(after?.requests ?? 0)}</td>
    <td class="num">${percent(before === undefined ? 0 : errorsOf(before), before?.requests ?? 0)}</td>
    <td class="num">${percent(after === undefined ? 0 : errorsOf(after), after?.requests ?? 0)}</td>
    <td class="num">${before?.latencyMs == null ? '–' : `${before.latencyMs.p95} ms`}</td>
    <td class="num">${after?.latencyMs == null ? '–' : `${after.latencyMs.p95} ms`}</td>
    <td>${change(before, after)}</td>
  </tr>`,
  )}</tbody></table></div>`;
}

type Stats = { requests: number; statusClasses: Partial<Record<string, number>>; latencyMs: { p95: number } | null };

function rate(stats: Stats | undefined): number {
  return stats === undefined || stats.requests === 0 ? 0 : (stats.statusClasses['5xx'] ?? 0) / stats.requests;
}

/** Worse when the error rate rises by 1 point or more, or p95 by half or more. */
function change(before: Stats | undefined, after: Stats | undefined): Html {
  if (after === undefined || after.requests === 0) return badge('muted', 'no calls after');
  if (before === undefined || before.requests === 0) return badge('info', 'new traffic');
  const errorRise = rate(after) - rate(before);
  const slowdown =
    before.latencyMs === null || after.latencyMs === null
      ? 1
      : after.latencyMs.p95 / Math.max(before.latencyMs.p95, 0.1);
  const reasons = [
    errorRise >= 0.01 ? `errors +${(errorRise * 100).toFixed(1)} pts` : null,
    slowdown >= 1.5 ? `p95 ×${slowdown.toFixed(1)}` : null,
  ].filter((reason): reason is string => reason !== null);
  if (reasons.length > 0) return badge('bad', `worse: ${reasons.join(', ')}`);
  return badge('ok', 'steady');
}

function planSection(
  plan: DeploymentPageData['plan'],
  service: string,
  environment: string,
  live: DeploymentView | null,
): Fragment {
  if (plan === null) {
    return html`<p class="muted">This deployment is not live any more, so there is nothing to roll back here.${
      live === null
        ? html` Nothing of ${service} is live in ${environment} now.`
        : html` The plan for what is live now is on <a href="${href(['services', service, 'deployments', live.id])}">the page of ${live.version} in ${environment}</a>.`
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
    : html`<p><a href="${href(['services', service, 'diff'], { base: result.live.version, revision: result.target.version, env: environment })}">What the rollback changes for clients (diff ${result.live.version} → ${result.target.version})</a></p>`
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

/**
 * One line for the whole service, before vs after: the 5xx share and the slowest operation's
 * p95, judged like each operation's row (worse: +1 point of errors, or p95 ×1.5).
 */
function overall(traffic: DeploymentTraffic): Html {
  const sum = (window: DeploymentTraffic['before'] | null) => {
    let requests = 0;
    let errors = 0;
    let slowest: number | null = null;
    for (const operation of window?.operations ?? []) {
      requests += operation.requests;
      errors += errorsOf(operation);
      if (operation.latencyMs !== null) slowest = Math.max(slowest ?? 0, operation.latencyMs.p95);
    }
    return { requests, errors, slowest };
  };
  const before = sum(traffic.before);
  const after = sum(traffic.after);
  if (after.requests === 0) {
    return html`<div class="callout tone-info"><p>${badge('muted', 'no data after')} No request was counted after the deployment yet.</p></div>`;
  }
  if (before.requests === 0) {
    // Nothing to compare with: "steady" here read as an all-clear while deploy compare (minute
    // windows) may already recommend a rollback.
    return html`<div class="callout tone-info"><p>${badge('muted', 'no data before')} No request was counted in the hours
before the deployment, so there is nothing to compare: 5xx ${percent(after.errors, after.requests)} after
(${count(after.requests)} requests). <code>holdfast deploy compare</code> compares minute windows on each side.</p></div>`;
  }
  const rate = (side: typeof before) => (side.requests === 0 ? 0 : side.errors / side.requests);
  const errorRise = rate(after) - rate(before);
  const slowdown =
    before.slowest === null || after.slowest === null ? 1 : after.slowest / Math.max(before.slowest, 0.1);
  const worse = before.requests > 0 && (errorRise >= 0.01 || slowdown >= 1.5);
  const better = !worse && before.requests > 0 && (errorRise <= -0.01 || slowdown <= 1 / 1.5);
  const p95 =
    before.slowest === null || after.slowest === null
      ? ''
      : html`; p95 of the slowest operation ${Math.round(before.slowest)} ms → ${Math.round(after.slowest)} ms`;
  return html`<div class="callout ${worse ? 'tone-bad' : 'tone-ok'}"><p>${worse ? badge('bad', 'worse after') : badge('ok', better ? 'better after' : 'steady')}
5xx ${percent(before.errors, before.requests)} → ${percent(after.errors, after.requests)}${p95}
(${count(before.requests)} requests before, ${count(after.requests)} after).</p></div>`;
}

const VERDICT_TONE: Record<CompareVerdict, Tone> = {
  healthy: 'ok',
  investigate: 'warn',
  rollback: 'bad',
  'not-enough-data': 'muted',
};

const EXPECTATION_TONE: Record<ExpectationStatus, Tone> = { met: 'ok', 'not met': 'bad', 'not measurable': 'muted' };

const percentOf = (rate: number | null): string => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);
const perMinute = (rate: number): string => `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/min`;
const milliseconds = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);

/**
 * The verdict of `holdfast deploy compare` for this deployment, the same result object the
 * command prints (so the page and the command agree): per operation, rates before -> after, the
 * reasons, the expected result checked, the caveats and the rollback command.
 */
function compareSection(compare: DeploymentPageData['compare']): Html {
  if ('error' in compare) {
    return html`<div class="callout tone-info"><p>${badge('muted', 'no comparison')} ${compare.error}</p></div>`;
  }
  const result = compare.result;
  const tone = VERDICT_TONE[result.verdict];
  return html`<div class="callout tone-${tone === 'muted' ? 'info' : tone}" id="compare-verdict"><p>${badge(tone, result.verdictText)}
${result.windowMinutes} min before against ${result.after.minutes} min after (${count(result.before.requests)} requests before, ${count(result.after.requests)} after), from ${result.source}.</p>
${result.rollbackCommand === null ? '' : html`<div class="command"><pre id="compare-rollback-command"><code>${result.rollbackCommand}</code></pre><button type="button" data-copy="compare-rollback-command" hidden>Copy</button></div>`}</div>
<div class="table-wrap"><table>
  <caption>Per operation, the window before vs after (worst verdict first)</caption>
  <thead><tr><th scope="col">Operation</th><th scope="col" class="num">Requests</th><th scope="col" class="num">5xx</th>
  <th scope="col" class="num">4xx</th><th scope="col" class="num">p95</th><th scope="col">Verdict</th></tr></thead>
  <tbody>${result.operations.map(
    (row) => html`<tr>
    <th scope="row"><code>${row.operation}</code></th>
    <td class="num">${perMinute(row.before.ratePerMinute)} → ${perMinute(row.after.ratePerMinute)}</td>
    <td class="num">${percentOf(row.before.rate5xx)} → ${percentOf(row.after.rate5xx)}</td>
    <td class="num">${percentOf(row.before.rate4xx)} → ${percentOf(row.after.rate4xx)}</td>
    <td class="num">${milliseconds(row.before.p95Ms)} → ${milliseconds(row.after.p95Ms)}</td>
    <td>${badge(VERDICT_TONE[row.verdict], row.verdict === 'rollback' ? 'roll back' : row.verdict.replaceAll('-', ' '))}${
      row.reasons.length === 0
        ? ''
        : html`<ul class="reasons">${row.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`
    }</td>
  </tr>`,
  )}</tbody></table></div>
${
  result.expected === null
    ? ''
    : html`<p>Expected result ${badge(EXPECTATION_TONE[result.expected.status], result.expected.status)} <q>${result.expected.text}</q>${
        result.expected.reason === null ? '' : html` <span class="muted">(${result.expected.reason})</span>`
      }</p>${
        result.expected.clauses.length === 0
          ? ''
          : html`<ul>${result.expected.clauses.map(
              (clause) =>
                html`<li>${badge(EXPECTATION_TONE[clause.status], clause.status)} ${clause.clause}${
                  clause.measured === null ? '' : html`: ${clause.measured}`
                }${clause.note === null ? '' : html` <span class="muted">(${clause.note})</span>`}</li>`,
            )}</ul>`
      }`
}
${result.caveats.length === 0 ? '' : html`<div class="callout tone-warn">${result.caveats.map((caveat) => html`<p>Note: ${caveat}</p>`)}</div>`}`;
}
