/** `/services/:service`: what is live, the timeline of versions and deployments, and a version picker for diffs. */
import type { ChangeSummary, HistoryEvent, HistoryResult, VersionListResult } from '../../../registry/index.js';
import { ageTime, badge, deploymentStatusBadge, plural, time } from '../format.js';
import { type Fragment, type Html, html, type Linker, linker } from '../html.js';
import { page, serviceCrumbs } from '../layout.js';

export interface ServicePageData {
  history: HistoryResult;
  versions: VersionListResult;
  /** `info.title` and `info.description` of the newest published contract, as written (shown as text). */
  about: { version: string; title: string | null; description: string | null } | null;
}

export function servicePage(data: ServicePageData, context: { now: Date; signedIn: boolean; root: string }): Html {
  const link = linker(context.root);
  const { history, versions } = data;
  const service = history.service;
  const published = versions.versions.filter((version) => version.published);
  const body = html`<h1>${service}</h1>
${about(data.about)}
<h2 id="live">Live now</h2>
${
  history.live.length === 0
    ? html`<p class="empty">Nothing of ${service} is live anywhere.</p>`
    : html`<div class="table-wrap"><table>
  <caption>Live deployments of ${service}</caption>
  <thead><tr><th scope="col">Environment</th><th scope="col">Version</th><th scope="col">Owner</th><th scope="col">Deployed</th><th scope="col">Usage</th></tr></thead>
  <tbody>${history.live.map(
    (deployment) => html`<tr>
    <th scope="row">${deployment.environment}</th>
    <td><a href="${link(['services', service, 'deployments', deployment.id])}">${deployment.version}</a></td>
    <td>${deployment.owner ?? html`<span class="empty">none recorded</span>`}</td>
    <td>${ageTime(deployment.deployedAt, context.now)}</td>
    <td><a href="${link(['services', service, 'usage'], { env: deployment.environment })}">usage in ${deployment.environment}</a></td>
  </tr>`,
  )}</tbody></table></div>`
}
<h2 id="compare">Compare two versions</h2>
${
  published.length < 2
    ? html`<p class="empty">At least two published versions are needed for a diff.</p>`
    : html`<form class="toolbar" method="get" action="${link(['services', service, 'diff'])}">
  <label for="base">Base (before)${versionSelect(
    'base',
    published.map((version) => version.version),
    published[1]?.version,
  )}</label>
  <label for="revision">Revision (after)${versionSelect(
    'revision',
    published.map((version) => version.version),
    published[0]?.version,
  )}</label>
  <button type="submit">Show the diff</button>
</form>`
}
<h2 id="timeline">Timeline</h2>
<p class="lead">Newest first: versions published, deployments (with owner, expected result and rollback note) and rollbacks.${
    history.truncated ? ` Showing the latest ${history.limit} events.` : ''
  }</p>
<ol class="timeline">
${history.events.map((event) => timelineEvent(service, event, context.now, link))}
</ol>
<h2 id="versions">Versions</h2>
<div class="table-wrap"><table>
  <caption>${plural(versions.versions.length, 'version')} of ${service}, newest first</caption>
  <thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Git</th><th scope="col">Contract</th></tr></thead>
  <tbody>${versions.versions.map(
    (version) => html`<tr>
    <th scope="row">${version.version}</th>
    <td>${version.publishedAt === null ? html`<span class="empty">never</span>` : time(version.publishedAt, context.now)}</td>
    <td>${version.branch ?? ''}${version.commit === null ? '' : html` <code>${version.commit.slice(0, 10)}</code>`}${
      version.dirty === true ? html` ${badge('warn', 'uncommitted changes')}` : ''
    }</td>
    <td>${version.contractHash === null ? badge('warn', 'no contract') : html`<code>${version.contractHash.slice(0, 19)}</code>`}</td>
  </tr>`,
  )}</tbody></table></div>`;
  return page({ title: service, crumbs: serviceCrumbs(service), signedIn: context.signedIn, root: context.root }, body);
}

function about(info: ServicePageData['about']): Fragment {
  if (info === null || (info.title === null && info.description === null)) return '';
  return html`<p class="lead">${info.title ?? ''} <span class="muted">(contract ${info.version})</span></p>
${info.description === null ? '' : html`<details><summary>Description from the contract</summary><div class="text-block">${info.description}</div></details>`}`;
}

function versionSelect(name: string, labels: string[], selected: string | undefined): Html {
  return html`<select id="${name}" name="${name}">${labels.map(
    (label) => html`<option value="${label}"${label === selected ? html` selected` : ''}>${label}</option>`,
  )}</select>`;
}

function changes(service: string, summary: ChangeSummary | null, link: Linker): Fragment {
  if (summary === null) return '';
  const diffLink = link(['services', service, 'diff'], { base: summary.from, revision: summary.to });
  if (summary.breaking + summary.warning + summary.info === 0) {
    return html`<p class="event-body">No contract change from ${summary.from}.</p>`;
  }
  return html`<div class="event-body">
  <p>${summary.breaking > 0 ? badge('bad', plural(summary.breaking, 'breaking change')) : badge('ok', 'no breaking change')}
  <span class="muted">${plural(summary.warning, 'warning')}, ${summary.info} info</span> since ${summary.from}:
  <a href="${diffLink}">diff ${summary.from} → ${summary.to}</a></p>
  ${summary.topBreaking.length === 0 ? '' : html`<ul>${summary.topBreaking.map((line) => html`<li>${line}</li>`)}${summary.moreBreaking > 0 ? html`<li class="muted">and ${summary.moreBreaking} more</li>` : ''}</ul>`}
</div>`;
}

function timelineEvent(service: string, event: HistoryEvent, now: Date, link: Linker): Html {
  switch (event.kind) {
    case 'published':
      return html`<li class="kind-published">
  <div class="event-head">${badge('ok', 'published')} <strong>${event.version.version}</strong> ${time(event.at, now)}
  ${event.version.branch === null ? '' : html`<span class="muted">from ${event.version.branch}</span>`}</div>
  ${changes(service, event.changes, link)}
</li>`;
    case 'deployed': {
      const deployment = event.deployment;
      return html`<li class="kind-deployed">
  <div class="event-head">${badge('info', 'deployed')} <a href="${link(['services', service, 'deployments', deployment.id])}"><strong>${deployment.version}</strong> to ${deployment.environment}</a>
  ${time(event.at, now)} ${deploymentStatusBadge(deployment.status)}
  ${event.undoneBy === null ? '' : badge('muted', `undone by ${event.undoneBy}`)}</div>
  <dl class="facts">
    <dt>Owner</dt><dd>${deployment.owner ?? html`<span class="empty">none recorded</span>`}</dd>
    <dt>Expected result</dt><dd>${deployment.expectedResult ?? html`<span class="empty">none recorded</span>`}</dd>
    <dt>Rollback note</dt><dd>${deployment.rollbackNote ?? html`<span class="empty">none recorded</span>`}${
      deployment.rollbackNoteBy !== null && deployment.rollbackNoteBy !== deployment.owner
        ? html` <span class="muted">(written by ${deployment.rollbackNoteBy})</span>`
        : ''
    }</dd>
  </dl>
  ${changes(service, event.changes, link)}
</li>`;
    }
    case 'rolled-back':
      return html`<li class="kind-rolled-back">
  <div class="event-head">${badge('bad', 'rolled back')} <strong>${event.rollback.fromVersion} → ${event.rollback.toVersion}</strong> in ${event.rollback.environment}
  ${time(event.at, now)} ${event.undoneBy === null ? '' : badge('muted', `undone by ${event.undoneBy}`)}</div>
  <dl class="facts">
    <dt>By</dt><dd>${event.rollback.by ?? html`<span class="empty">not recorded</span>`}</dd>
    <dt>Reason</dt><dd>${event.rollback.reason ?? html`<span class="empty">not recorded</span>`}</dd>
  </dl>
</li>`;
    case 'undone':
      return html`<li class="kind-undone">
  <div class="event-head">${badge('muted', 'undone')} <strong>${event.correction.summary}</strong> in ${event.correction.environment}
  ${time(event.at, now)}</div>
  <dl class="facts">
    <dt>By</dt><dd>${event.correction.by ?? html`<span class="empty">not recorded</span>`}</dd>
    <dt>Reason</dt><dd>${event.correction.reason}</dd>
    <dt>Live after</dt><dd>${event.correction.liveVersion ?? 'nothing'}</dd>
  </dl>
</li>`;
  }
}
