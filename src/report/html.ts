/**
 * A single self-contained HTML page (no external assets, no network) a reviewer would rather read
 * than the JSON: the verdict, the counts and the suggested version bump up top; then every finding
 * grouped by operation, or (one click) by shared component; hints; accepted findings marked with
 * their reason. Level filters and the view switch are plain CSS (checkboxes and radios), so they
 * work with scripts disabled; a few lines of script only hide groups a filter emptied.
 */
import { type ComparisonResult, type Finding, LEVEL_RANK, type OperationRef } from '../rules/types.js';
import {
  compareOperations,
  filterByLevel,
  formatOperation,
  hiddenChanges,
  plural,
  verdict,
  witnessSentence,
} from './_group.js';
import { acceptanceText, docsLink, ruleInfo } from './_machine.js';
import { downgradeText, usageByOperation, usageCalls, usageHeader, usageText } from './_usage.js';
import { changeCounts, describeCount } from './changes.js';
import type { ReportOptions } from './formats.js';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --panel: #f6f8fa; --line: #d1d9e0;
  --breaking: #cf222e; --warning: #9a6700; --info: #0969da; --accepted: #6e7781; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23;
  --line: #3d444d; --breaking: #ff7b72; --warning: #d29922; --info: #58a6ff; --accepted: #9198a1; --ok: #3fb950; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.1rem; margin: 0; padding: 0.5rem 0.75rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.compare, .muted { color: var(--muted); }
.verdict { font-weight: 600; padding: 0.5rem 0.75rem; border-left: 4px solid var(--ok); background: var(--panel); }
.verdict.breaking { border-color: var(--breaking); } .verdict.warning { border-color: var(--warning); }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; list-style: none; }
.counts strong { font-size: 1.25rem; }
.toggle { position: absolute; opacity: 0; pointer-events: none; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 1rem 0; align-items: center; }
.filters label { cursor: pointer; user-select: none; border: 1px solid var(--line); border-radius: 2rem; padding: 0.15rem 0.75rem; }
.filters .sep { width: 1rem; }
${toggleStyles()}
#show-breaking:not(:checked) ~ main .finding.level-breaking:not(.accepted),
#show-warning:not(:checked) ~ main .finding.level-warning:not(.accepted),
#show-info:not(:checked) ~ main .finding.level-info:not(.accepted),
#show-accepted:not(:checked) ~ main .finding.accepted,
#view-operations:checked ~ main .by-component, #view-components:checked ~ main .by-operation,
.group[data-empty] { display: none; }
.group { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; overflow: hidden; }
.group > p { margin: 0; padding: 0.5rem 0.75rem; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { padding: 0.5rem 0.75rem; border-top: 1px solid var(--line); border-left: 4px solid var(--info); }
.finding:first-child { border-top: 0; }
.finding.level-breaking { border-left-color: var(--breaking); } .finding.level-warning { border-left-color: var(--warning); }
.finding.accepted { border-left-color: var(--accepted); opacity: 0.85; }
.finding p { margin: 0.25rem 0 0; }
.badge { display: inline-block; min-width: 5.5rem; font-weight: 600; text-transform: uppercase; font-size: 0.75rem; }
.level-breaking .badge { color: var(--breaking); } .level-warning .badge { color: var(--warning); }
.level-info .badge { color: var(--info); } .accepted .badge { color: var(--accepted); }
.where { color: var(--muted); float: right; }
.hint { color: var(--muted); }
.acceptance { font-style: italic; }
.usage { color: var(--info); } .downgraded { color: var(--warning); font-weight: 600; }
.reach { margin: 0.25rem 0 0; padding-left: 1.25rem; color: var(--muted); }
`;

/** The pressed look of each filter's label, and a focus ring for keyboard users (the inputs are invisible). */
function toggleStyles(): string {
  const ids = ['show-breaking', 'show-warning', 'show-info', 'show-accepted', 'view-operations', 'view-components'];
  const checked = ids.map((id) => `#${id}:checked ~ .filters [for=${id}]`).join(',\n');
  const focused = ids.map((id) => `#${id}:focus-visible ~ .filters [for=${id}]`).join(',\n');
  return `${checked} {\n  background: var(--panel); font-weight: 600; border-color: var(--fg); }\n${focused} { outline: 2px solid var(--info); }`;
}

// Hides a group when every finding in it is filtered out; without scripts, such groups just stay.
const SCRIPT = `
document.querySelectorAll('.toggle').forEach(function (input) { input.addEventListener('change', update); });
function update() {
  document.querySelectorAll('.group').forEach(function (group) {
    var visible = Array.prototype.some.call(group.querySelectorAll('.finding'), function (item) {
      return getComputedStyle(item).display !== 'none';
    });
    if (visible) group.removeAttribute('data-empty'); else group.setAttribute('data-empty', '');
  });
}
`;

/**
 * Renders the page. `options.minLevel` leaves lower findings out (the counts still cover all);
 * `options.docsUrl` turns rule ids into links to their documentation.
 *
 * @example
 * await writeFile('holdfast-report.html', renderHtml(result, { docsUrl: 'https://example.com/holdfast/docs/' }));
 */
export function renderHtml(result: ComparisonResult, options: ReportOptions = {}): string {
  const { summary } = result;
  const findings = filterByLevel(result.findings, options.minLevel);
  const accepted = result.findings.filter((finding) => finding.accepted !== undefined).length;
  const empty = summary.breaking + summary.warning + summary.info === 0 && result.findings.length === 0;
  const { level, text } = verdict(summary);
  const changes = changeCounts(result.findings);
  const title = empty
    ? 'no changes'
    : level === 'breaking'
      ? 'breaking changes'
      : level === 'warning'
        ? 'possibly breaking changes'
        : 'no breaking changes';

  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>holdfast: ${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>holdfast: ${escapeHtml(title)}</h1>`,
    `<p class="compare">Comparing <code>${escapeHtml(result.base)}</code> with <code>${escapeHtml(result.revision)}</code></p>`,
    `<p class="verdict${level ? ` ${level}` : ''}">${escapeHtml(empty ? 'No changes found.' : text)}</p>`,
    '<ul class="counts">',
    // Changes, not findings: a change in a shared component is one change affecting N operations.
    ...(['breaking', 'warning', 'info'] as const).map(
      (name) => `<li class="level-${name}">${countItem(describeCount(name, changes[name]))}</li>`,
    ),
  ];
  if (result.policy) {
    out.push(`<li class="accepted"><strong>${accepted}</strong> accepted</li>`);
    if (result.policy.skipped > 0)
      out.push(`<li class="muted"><strong>${result.policy.skipped}</strong> skipped by policy</li>`);
    out.push(`<li>Suggested version bump: <strong>${result.policy.semver}</strong></li>`);
  }
  out.push('</ul>');
  if (result.usage) out.push(`<p class="usage">${escapeHtml(usageHeader(result.usage))}</p>`);
  const hidden = hiddenChanges(changes, options.minLevel);
  if (hidden > 0)
    out.push(`<p class="muted">${escapeHtml(plural(hidden, 'change'))} below ${options.minLevel} not shown.</p>`);
  out.push('</header>');

  if (!empty) {
    out.push(
      '<input type="checkbox" class="toggle" id="show-breaking" checked>',
      '<input type="checkbox" class="toggle" id="show-warning" checked>',
      '<input type="checkbox" class="toggle" id="show-info" checked>',
      '<input type="checkbox" class="toggle" id="show-accepted" checked>',
      '<input type="radio" class="toggle" name="view" id="view-operations" checked>',
      '<input type="radio" class="toggle" name="view" id="view-components">',
      '<nav class="filters" aria-label="Filters">',
      'Show:',
      '<label for="show-breaking">Breaking</label>',
      '<label for="show-warning">Warning</label>',
      '<label for="show-info">Info</label>',
      '<label for="show-accepted">Accepted</label>',
      '<span class="sep"></span>Group by:',
      '<label for="view-operations">Operation</label>',
      '<label for="view-components">Component</label>',
      '</nav>',
      '<main>',
      '<section class="by-operation" aria-label="Findings by operation">',
      ...byOperation(findings, options),
      '</section>',
      '<section class="by-component" aria-label="Findings by component">',
      ...byComponent(findings, options),
      '</section>',
      '</main>',
      `<script>${SCRIPT}</script>`,
    );
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function byOperation(findings: readonly Finding[], options: ReportOptions): string[] {
  const groups = new Map<string, { operation: OperationRef | null; findings: Finding[] }>();
  for (const finding of findings) {
    const key = finding.operation ? formatOperation(finding.operation) : '';
    let group = groups.get(key);
    if (!group) {
      group = { operation: finding.operation, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  // With --usage, at the same level the most called operation first.
  const calls = (group: { findings: Finding[] }): number => group.findings[0]?.usage?.calls ?? -1;
  const sorted = [...groups.values()].sort(
    (left, right) =>
      worst(left.findings) - worst(right.findings) ||
      calls(right) - calls(left) ||
      (left.operation === null || right.operation === null
        ? (left.operation === null ? 1 : 0) - (right.operation === null ? 1 : 0)
        : compareOperations(left.operation, right.operation)),
  );
  const out: string[] = [];
  for (const group of sorted) {
    const heading = group.operation ? `<code>${escapeHtml(formatOperation(group.operation))}</code>` : 'Whole document';
    const groupCalls = calls(group);
    const traffic = groupCalls < 0 ? '' : ` <span class="usage">${escapeHtml(usageCalls(groupCalls))}</span>`;
    out.push('<article class="group">', `<h2>${heading}${traffic}</h2>`, '<ul class="findings">');
    for (const finding of byLevel(group.findings)) out.push(...findingItem(finding, options, true));
    out.push('</ul>', '</article>');
  }
  return out;
}

function byComponent(findings: readonly Finding[], options: ReportOptions): string[] {
  const components = new Map<string, Map<string, { finding: Finding; operations: string[] }>>();
  const loose: Finding[] = [];
  for (const finding of findings) {
    if (finding.component === null) {
      loose.push(finding);
      continue;
    }
    let changes = components.get(finding.component);
    if (!changes) {
      changes = new Map();
      components.set(finding.component, changes);
    }
    const key = [
      finding.id,
      finding.level,
      finding.side,
      finding.location.pointer,
      finding.message,
      finding.accepted?.reason ?? '',
    ].join('\u0000');
    let change = changes.get(key);
    if (!change) {
      change = { finding, operations: [] };
      changes.set(key, change);
    }
    if (finding.operation) {
      const label = formatOperation(finding.operation);
      if (!change.operations.includes(label)) change.operations.push(label);
    }
  }
  const usage = usageByOperation(findings);
  const out: string[] = [];
  for (const [component, changes] of [...components].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const list = [...changes.values()].sort((left, right) => rank(left.finding) - rank(right.finding));
    const reached = new Set(list.flatMap((change) => change.operations));
    out.push(
      '<article class="group">',
      `<h2><code>${escapeHtml(component)}</code></h2>`,
      `<p class="muted">${escapeHtml(plural(list.length, 'change'))}, affects ${escapeHtml(plural(reached.size, 'operation'))}</p>`,
      '<ul class="findings">',
    );
    for (const change of list) {
      const reach = change.operations
        .map((operation) => {
          const calls = usage.get(operation);
          const note = calls === undefined ? '' : ` <span class="usage">${escapeHtml(usageText(calls))}</span>`;
          return `<li><code>${escapeHtml(operation)}</code>${note}</li>`;
        })
        .join('');
      out.push(
        ...findingItem(change.finding, options, false, reach === '' ? '' : `<ul class="reach">${reach}</ul>`, false),
      );
    }
    out.push('</ul>', '</article>');
  }
  if (loose.length > 0) {
    out.push('<article class="group">', '<h2>Not in a shared component</h2>', '<ul class="findings">');
    for (const finding of byLevel(loose)) out.push(...findingItem(finding, options, false, operationLine(finding)));
    out.push('</ul>', '</article>');
  }
  return out;
}

function operationLine(finding: Finding): string {
  return finding.operation ? `<p class="muted"><code>${escapeHtml(formatOperation(finding.operation))}</code></p>` : '';
}

function findingItem(
  finding: Finding,
  options: ReportOptions,
  showComponent: boolean,
  extra = '',
  showUsage = true,
): string[] {
  const classes = ['finding', `level-${finding.level}`];
  if (finding.accepted) classes.push('accepted');
  const link = docsLink(ruleInfo(finding.id), options.docsUrl);
  const rule =
    link === undefined
      ? `<code>${escapeHtml(finding.id)}</code>`
      : `<a href="${escapeHtml(link)}"><code>${escapeHtml(finding.id)}</code></a>`;
  const badge = finding.accepted ? `${finding.level}, accepted` : finding.level;
  const out = [
    `<li class="${classes.join(' ')}">`,
    `<span class="badge">${escapeHtml(badge)}</span> ${rule} <span class="where">${escapeHtml(`${finding.location.file}:${finding.location.line}`)}</span>`,
    `<p class="message">${escapeHtml(finding.message)}</p>`,
  ];
  if (finding.witness) out.push(`<p class="witness">${escapeHtml(witnessSentence(finding.witness))}</p>`);
  if (showUsage && finding.usage !== undefined) {
    out.push(`<p class="usage">Usage: ${escapeHtml(usageText(finding.usage))}</p>`);
  }
  if (finding.downgraded !== undefined) {
    out.push(`<p class="downgraded">${escapeHtml(downgradeText(finding).replace(/^d/, 'D'))}</p>`);
  }
  if (finding.hint !== '') out.push(`<p class="hint">Hint: ${escapeHtml(finding.hint)}</p>`);
  if (showComponent && finding.component !== null)
    out.push(`<p class="muted">In <code>${escapeHtml(finding.component)}</code></p>`);
  const acceptance = acceptanceText(finding);
  if (acceptance !== null)
    out.push(`<p class="acceptance">${escapeHtml(acceptance.replace(/^accepted/, 'Accepted'))}</p>`);
  if (extra !== '') out.push(extra);
  out.push('</li>');
  return out;
}

/** Unaccepted before accepted, then breaking before warning before info. */
function rank(finding: Finding): number {
  return (finding.accepted ? 3 : 0) + LEVEL_RANK[finding.level];
}

function worst(findings: readonly Finding[]): number {
  return Math.min(...findings.map(rank));
}

function byLevel(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((left, right) => rank(left) - rank(right));
}

/** `<strong>3</strong> breaking changes (affecting 6 operations)`: the number stands out. */
function countItem(text: string): string {
  const [count, ...rest] = text.split(' ');
  return `<strong>${escapeHtml(count)}</strong> ${escapeHtml(rest.join(' '))}`;
}

/** Escapes text and attribute values (both double-quoted and single-quoted). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
