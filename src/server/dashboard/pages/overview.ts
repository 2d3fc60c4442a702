/** `/`: services × environments, what is live where, with the deployment's owner and age. */
import type { LiveMatrixResult, RecentEvent, RollbackView } from '../../../registry/index.js';
import { ageTime, badge, deploymentStatusBadge, utc } from '../format.js';
import { type Html, html, type Linker, linker } from '../html.js';
import { page } from '../layout.js';

export function overviewPage(
  matrix: LiveMatrixResult,
  recent: RecentEvent[],
  context: { now: Date; signedIn: boolean; root: string },
): Html {
  const link = linker(context.root);
  const live = new Map(
    matrix.live.map((deployment) => [`${deployment.service}\u0000${deployment.environment}`, deployment]),
  );
  const body =
    matrix.services.length === 0
      ? html`<h1>What is live where</h1>
<div class="callout tone-info"><p>The registry holds no service yet. Publish a contract with
<code>holdfast publish --service NAME --version V openapi.json</code> and record deployments with
<code>holdfast deploy</code>; they appear here.</p></div>`
      : html`<h1>What is live where</h1>
<p class="lead">${matrix.services.length} services × ${matrix.environments.length} environments. Each cell is the live
deployment: version, owner and how long ago it went out. Times are UTC.</p>
<div class="toolbar" id="service-filter-wrap" hidden>
  <label for="service-filter">Filter services
    <input type="search" id="service-filter" data-shortcut-focus autocomplete="off" placeholder="Press / to filter">
  </label>
  <span id="service-filter-status" role="status" class="muted"></span>
</div>
<div class="table-wrap">
<table class="matrix">
  <caption>Live deployments by service and environment</caption>
  <thead><tr><th scope="col">Service</th>${matrix.environments.map(
    (environment) =>
      html`<th scope="col">${environment.name}${environment.production ? html` ${badge('warn', 'production')}` : ''}</th>`,
  )}</tr></thead>
  <tbody>
  ${matrix.services.map(
    (service) => html`<tr data-service="${service.name}">
    <th scope="row"><a href="${link(['services', service.name])}">${service.name}</a></th>
    ${matrix.environments.map((environment) => {
      const deployment = live.get(`${service.name}\u0000${environment.name}`);
      if (deployment === undefined) return html`<td><span class="empty">not deployed</span></td>`;
      return html`<td>
      <a class="cell-version" href="${link(['services', service.name, 'deployments', deployment.id])}"
        aria-label="${service.name} ${deployment.version} in ${environment.name}, deployed ${utc(deployment.deployedAt)}">${deployment.version}</a>
      ${deployment.published ? '' : html` ${badge('warn', 'unpublished')}`}
      <span class="cell-meta">${deployment.owner === null ? html`<span class="empty">no owner</span>` : html`by ${deployment.owner}`}
        · ${ageTime(deployment.deployedAt, context.now)}</span>
      ${rollbackNote(matrix.rollbacksTo[deployment.id], context.now)}
    </td>`;
    })}
  </tr>`,
  )}
  </tbody>
</table>
</div>`;
  return page(
    { title: 'Overview', section: 'overview', signedIn: context.signedIn, root: context.root },
    html`${body}${recentSection(recent, context.now, link)}`,
  );
}

/** A live deployment that a rollback put there: said in the cell, so nobody redeploys blindly. */
function rollbackNote(rollback: RollbackView | undefined, now: Date): Html | '' {
  if (rollback === undefined) return '';
  return html`<span class="cell-meta">${badge('bad', 'rollback')} from ${rollback.fromVersion} ${ageTime(rollback.at, now)}${rollback.by === null ? '' : html` by ${rollback.by}`}${
    rollback.reason === null ? '' : html`: ${rollback.reason}`
  }</span>`;
}

/** The latest deployments and rollbacks across services: what changed lately. */
function recentSection(recent: RecentEvent[], now: Date, link: Linker): Html | '' {
  if (recent.length === 0) return '';
  return html`<h2 id="recent">Latest changes</h2>
<div class="table-wrap"><table>
  <caption>The ${recent.length} latest deployments and rollbacks, newest first</caption>
  <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Service</th><th scope="col">Environment</th><th scope="col">Who</th><th scope="col">Expected result or reason</th></tr></thead>
  <tbody>${recent.map((event) =>
    event.kind === 'deployed'
      ? html`<tr>
    <td>${ageTime(event.at, now)}</td>
    <td>${badge('info', 'deployed')} <a href="${link(['services', event.deployment.service, 'deployments', event.deployment.id])}">${event.deployment.version}</a> ${event.deployment.status === 'live' ? '' : deploymentStatusBadge(event.deployment.status)}</td>
    <th scope="row"><a href="${link(['services', event.deployment.service])}">${event.deployment.service}</a></th>
    <td>${event.deployment.environment}</td>
    <td>${event.deployment.owner ?? html`<span class="empty">not recorded</span>`}</td>
    <td>${event.deployment.expectedResult ?? ''}</td>
  </tr>`
      : html`<tr>
    <td>${ageTime(event.at, now)}</td>
    <td>${badge('bad', 'rolled back')} ${event.rollback.fromVersion} → ${event.rollback.toVersion}</td>
    <th scope="row"><a href="${link(['services', event.rollback.service])}">${event.rollback.service}</a></th>
    <td>${event.rollback.environment}</td>
    <td>${event.rollback.by ?? html`<span class="empty">not recorded</span>`}</td>
    <td>${event.rollback.reason ?? ''}</td>
  </tr>`,
  )}</tbody></table></div>`;
}
