/**
 * `/services/:service/diff?base=V1&revision=V2`: the findings between two stored versions, grouped
 * by operation, the operations with breaking changes first (the most called first among them),
 * with the calls each operation received next to its findings when usage was ingested.
 */
import type { UsageShowResult, VersionDiffResult } from '../../../registry/index.js';
import { type Finding, LEVEL_RANK, type Level } from '../../../rules/types.js';
import { badge, calls, count, levelBadge, plural } from '../format.js';
import { type Fragment, type Html, html, linker } from '../html.js';
import { page, serviceCrumbs } from '../layout.js';

export interface DiffPageData {
  diff: VersionDiffResult;
  /** Published versions, newest first, for the pickers. */
  versions: string[];
  /** Environments with usage to choose from, and the usage of the chosen one (null when none). */
  environments: string[];
  usage: UsageShowResult | null;
}

interface OperationGroup {
  key: string;
  label: string;
  worst: Level;
  findings: Finding[];
  calls: number | null;
}

function operationKey(finding: Finding): string {
  return finding.operation === null ? '' : `${finding.operation.method.toUpperCase()} ${finding.operation.path}`;
}

export function groupByOperation(findings: readonly Finding[], usage: UsageShowResult | null): OperationGroup[] {
  const calls = new Map(usage?.operations.map((operation) => [operation.operation, operation.calls]) ?? []);
  const groups = new Map<string, OperationGroup>();
  for (const finding of findings) {
    const key = operationKey(finding);
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        key,
        label: key === '' ? 'Whole document' : key,
        worst: finding.level,
        findings: [],
        calls: usage === null || key === '' ? null : (calls.get(key) ?? 0),
      };
      groups.set(key, group);
    }
    group.findings.push(finding);
    if (LEVEL_RANK[finding.level] < LEVEL_RANK[group.worst]) group.worst = finding.level;
  }
  for (const group of groups.values()) {
    group.findings.sort((left, right) => LEVEL_RANK[left.level] - LEVEL_RANK[right.level]);
  }
  return [...groups.values()].sort(
    (left, right) =>
      LEVEL_RANK[left.worst] - LEVEL_RANK[right.worst] ||
      (right.calls ?? 0) - (left.calls ?? 0) ||
      (left.key === '' ? 1 : 0) - (right.key === '' ? 1 : 0) ||
      (left.key < right.key ? -1 : left.key > right.key ? 1 : 0),
  );
}

export function diffPage(data: DiffPageData, context: { signedIn: boolean; root: string }): Html {
  const link = linker(context.root);
  const { diff, usage } = data;
  const service = diff.service;
  const summary = diff.comparison.summary;
  const groups = groupByOperation(diff.comparison.findings, usage);
  const title = `${service} ${diff.base.version} → ${diff.revision.version}`;
  const usageByOperation = new Map(usage?.operations.map((operation) => [operation.operation, operation]) ?? []);
  const body = html`<h1>${title}</h1>
<form class="toolbar" method="get" action="${link(['services', service, 'diff'])}">
  <label for="base">Base (before)${select('base', data.versions, diff.base.version)}</label>
  <label for="revision">Revision (after)${select('revision', data.versions, diff.revision.version)}</label>
  ${
    data.environments.length === 0
      ? ''
      : html`<label for="env">Usage from${select('env', data.environments, usage?.environment ?? data.environments[0] ?? '')}</label>`
  }
  <button type="submit">Compare</button>
</form>
${verdict(diff)}
<ul class="counts" aria-label="Counts">
  <li>${badge(summary.breaking > 0 ? 'bad' : 'muted', plural(summary.breaking, 'breaking change'))}</li>
  <li>${badge(summary.warning > 0 ? 'warn' : 'muted', plural(summary.warning, 'warning'))}</li>
  <li>${badge('info', `${summary.info} info`)}</li>
  ${diff.comparison.policy === undefined ? '' : html`<li>suggested bump: <strong>${diff.comparison.policy.semver}</strong></li>`}
  ${
    diff.comparison.policy !== undefined && diff.comparison.policy.accepted > 0
      ? html`<li>${badge('muted', `${diff.comparison.policy.accepted} accepted`)}</li>`
      : ''
  }
</ul>
${
  usage === null
    ? html`<p class="muted">No usage ingested for ${service}: the findings are shown without call counts
(<code>holdfast usage ingest</code> adds them).</p>`
    : html`<p class="muted">Calls are from ${usage.environment}, last ${plural(usage.days, 'day')}:
${calls(usage.totalCalls)} in all (<a href="${link(['services', service, 'usage'], { env: usage.environment })}">usage page</a>).</p>`
}
<h2 id="findings">Findings by operation</h2>
${
  groups.length === 0
    ? html`<div class="callout tone-ok"><p>No difference between the two contracts.</p></div>`
    : groups.map((group, index) => {
        const stats = usageByOperation.get(group.key);
        return html`<section class="group" aria-labelledby="group-${index}">
  <header>
    <h3 id="group-${index}"><code>${group.label}</code></h3>
    ${levelBadge(group.worst)}
    ${callsNote(group, stats?.topClients ?? [], usage !== null)}
  </header>
  <ul class="findings">${group.findings.map((finding) => findingItem(finding))}</ul>
</section>`;
      })
}`;
  return page(
    {
      title,
      crumbs: serviceCrumbs(service, { label: `diff ${diff.base.version} → ${diff.revision.version}` }),
      signedIn: context.signedIn,
      root: context.root,
    },
    body,
  );
}

function verdict(diff: VersionDiffResult): Html {
  const { breaking } = diff.comparison.summary;
  if (diff.blocked) {
    return html`<div class="callout tone-bad"><p><strong>Blocked by the policy:</strong> ${plural(breaking, 'breaking change')}
would break clients going from ${diff.base.version} to ${diff.revision.version}.</p></div>`;
  }
  if (breaking > 0) {
    return html`<div class="callout tone-warn"><p><strong>Breaking changes, allowed by the policy:</strong> ${plural(breaking, 'breaking change')}.</p></div>`;
  }
  return html`<div class="callout tone-ok"><p><strong>Safe for clients:</strong> no breaking change from ${diff.base.version} to ${diff.revision.version}.</p></div>`;
}

function callsNote(
  group: OperationGroup,
  topClients: Array<{ client: string; calls: number }>,
  haveUsage: boolean,
): Fragment {
  if (!haveUsage || group.calls === null) return '';
  if (group.calls === 0) return html`<span class="usage-note">${badge('muted', 'no calls')} in the window</span>`;
  return html`<span class="usage-note">${calls(group.calls)}</span>
<span class="muted">${topClients.length === 0 ? '' : html`top clients: ${topClients.map((client, index) => html`${index > 0 ? ', ' : ''}${client.client} (${count(client.calls)})`)}`}</span>`;
}

function findingItem(finding: Finding): Html {
  return html`<li class="finding level-${finding.level}">
  <div>${levelBadge(finding.level)} ${finding.accepted === undefined ? '' : badge('muted', 'accepted')}
  <span>${finding.message}</span></div>
  <p class="where"><code>${finding.id}</code> · <code>${finding.location.file}:${finding.location.line}</code>${
    finding.component === null ? '' : html` · in <code>${finding.component}</code>`
  }</p>
  ${finding.witness === undefined ? '' : html`<p class="hint">Example ${finding.witness.of}, ${finding.witness.acceptedBy === 'base' ? 'accepted before, rejected now' : 'allowed now, not before'}: <code>${JSON.stringify(finding.witness.value)}</code></p>`}
  ${finding.accepted === undefined ? '' : html`<p class="hint">Accepted: ${finding.accepted.reason}${finding.accepted.expires === null ? '' : ` (until ${finding.accepted.expires})`}</p>`}
  <p class="hint">${finding.hint}</p>
</li>`;
}

function select(name: string, values: string[], selected: string): Html {
  return html`<select id="${name}" name="${name}">${values.map(
    (value) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${value}</option>`,
  )}</select>`;
}
