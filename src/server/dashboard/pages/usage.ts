/** `/services/:service/usage?env=E`: calls per operation and per client, from ingested access logs. */
import type { UsageShowResult } from '../../../registry/index.js';
import { badge, calls, count, percent, plural, utc } from '../format.js';
import { type Html, html, linker } from '../html.js';
import { page, serviceCrumbs } from '../layout.js';

export const USAGE_DAY_CHOICES = [1, 7, 30, 90] as const;

export interface UsagePageData {
  usage: UsageShowResult;
  environments: string[];
}

/** A horizontal share bar (SVG, so the page needs no inline style): calls, with the 5xx part in red. */
function shareBar(calls: number, errors: number, most: number): Html {
  const width = most === 0 ? 0 : (calls / most) * 100;
  const errorWidth = most === 0 ? 0 : (errors / most) * 100;
  return html`<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" x="0" y="0" width="100" height="6"></rect><rect class="fill" x="0" y="0" width="${width.toFixed(2)}" height="6"></rect><rect class="errors" x="${(width - errorWidth).toFixed(2)}" y="0" width="${errorWidth.toFixed(2)}" height="6"></rect></svg>`;
}

export function usagePage(data: UsagePageData, context: { signedIn: boolean; root: string }): Html {
  const link = linker(context.root);
  const { usage } = data;
  const service = usage.service;
  const most = Math.max(0, ...usage.operations.map((operation) => operation.calls));
  const title = `Usage of ${service} in ${usage.environment}`;
  const body = html`<h1>${title}</h1>
<form class="toolbar" method="get" action="${link(['services', service, 'usage'])}">
  <label for="env">Environment<select id="env" name="env">${data.environments.map(
    (environment) =>
      html`<option value="${environment}"${environment === usage.environment ? html` selected` : ''}>${environment}</option>`,
  )}</select></label>
  <label for="days">Window<select id="days" name="days">${USAGE_DAY_CHOICES.map(
    (days) =>
      html`<option value="${days}"${days === usage.days ? html` selected` : ''}>last ${plural(days, 'day')}</option>`,
  )}</select></label>
  <button type="submit">Show</button>
</form>
<p class="lead">${calls(usage.totalCalls)} since ${utc(usage.since)}${
    usage.liveVersion === null ? '' : html`; live version ${usage.liveVersion}`
  }.</p>
${
  usage.operations.length === 0
    ? html`<div class="callout tone-info"><p>No calls recorded in this window. <code>holdfast usage ingest --service ${service} --env ${usage.environment} access.log</code> reads access logs into the registry.</p></div>`
    : html`<h2 id="operations">Operations by traffic</h2>
<div class="table-wrap"><table>
  <caption>${plural(usage.operations.length, 'operation')} called, most called first</caption>
  <thead><tr><th scope="col">Operation</th><th scope="col" class="num">Calls</th><th scope="col">Share</th><th scope="col" class="num">Clients</th>
  <th scope="col">Top clients</th><th scope="col" class="num">4xx</th><th scope="col" class="num">5xx</th><th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col" class="num">p99</th></tr></thead>
  <tbody>${usage.operations.map((operation) => {
    const errors = operation.statusClasses['5xx'] ?? 0;
    const errorRate = operation.calls === 0 ? 0 : errors / operation.calls;
    return html`<tr>
    <th scope="row"><code>${operation.operation}</code></th>
    <td class="num">${count(operation.calls)}</td>
    <td>${shareBar(operation.calls, errors, most)}<span class="visually-hidden">${percent(operation.calls, usage.totalCalls)} of calls</span></td>
    <td class="num">${operation.clients}</td>
    <td>${operation.topClients.map((client, index) => html`${index > 0 ? ', ' : ''}${client.client} (${count(client.calls)})`)}</td>
    <td class="num">${percent(operation.statusClasses['4xx'] ?? 0, operation.calls)}</td>
    <td class="num">${percent(errors, operation.calls)}${errorRate >= 0.05 ? html` ${badge('bad', 'high')}` : ''}</td>
    <td class="num">${operation.latency === null ? '–' : `${operation.latency.p50} ms`}</td>
    <td class="num">${operation.latency === null ? '–' : `${operation.latency.p95} ms`}</td>
    <td class="num">${operation.latency === null ? '–' : `${operation.latency.p99} ms`}</td>
  </tr>`;
  })}</tbody></table></div>`
}
${
  usage.liveVersion === null
    ? ''
    : html`<h2 id="unused">Unused operations of ${usage.liveVersion}</h2>
${
  usage.unused.length === 0
    ? html`<p>Every operation of the live contract was called in this window.</p>`
    : html`<p class="muted">No call in this window: candidates for deprecation.</p><ul>${usage.unused.map((operation) => html`<li><code>${operation}</code></li>`)}</ul>`
}`
}
${
  usage.clients.length === 0
    ? ''
    : html`<h2 id="clients">Clients</h2>
<div class="table-wrap"><table>
  <caption>${plural(usage.clients.length, 'client')}, most calls first</caption>
  <thead><tr><th scope="col">Client</th><th scope="col" class="num">Calls</th><th scope="col">Operations called</th></tr></thead>
  <tbody>${usage.clients.map(
    (client) => html`<tr>
    <th scope="row">${client.client}</th>
    <td class="num">${count(client.calls)}</td>
    <td>${client.operations.map((entry, index) => html`${index > 0 ? ', ' : ''}<code>${entry.operation}</code> (${count(entry.calls)})`)}</td>
  </tr>`,
  )}</tbody></table></div>`
}`;
  return page(
    {
      title,
      crumbs: serviceCrumbs(service, { label: `usage in ${usage.environment}` }),
      signedIn: context.signedIn,
      root: context.root,
    },
    body,
  );
}
