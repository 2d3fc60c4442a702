/**
 * The dashboard's only static assets: one stylesheet, one script and an icon, shipped inside the package
 * (bundled with the server code, so nothing is read from disk or fetched at run time). They are
 * served under names carrying their hash, so browsers may cache them forever.
 */
import { createHash } from 'node:crypto';

/** Colours per theme. Status colours always come with a word and a symbol (see format.ts: badge). */
const LIGHT = {
  fg: '#1f2328',
  muted: '#57606a',
  bg: '#ffffff',
  panel: '#f6f8fa',
  line: '#d0d7de',
  link: '#0550ae',
  focus: '#0969da',
  ok: '#116329',
  'ok-bg': '#dafbe1',
  bad: '#a40e26',
  'bad-bg': '#ffebe9',
  warn: '#7d4e00',
  'warn-bg': '#fff8c5',
  info: '#0550ae',
  'info-bg': '#ddf4ff',
  'muted-bg': '#eaeef2',
  before: '#6e7781',
  after: '#0969da',
  grid: '#d0d7de',
};

const DARK: typeof LIGHT = {
  fg: '#e6edf3',
  muted: '#9da7b3',
  bg: '#0d1117',
  panel: '#161b22',
  line: '#30363d',
  link: '#79c0ff',
  focus: '#58a6ff',
  ok: '#56d364',
  'ok-bg': '#12261e',
  bad: '#ff7b72',
  'bad-bg': '#3c1618',
  warn: '#e3b341',
  'warn-bg': '#2e2410',
  info: '#79c0ff',
  'info-bg': '#0c2d4b',
  'muted-bg': '#21262d',
  before: '#8b949e',
  after: '#58a6ff',
  grid: '#30363d',
};

const variables = (colours: typeof LIGHT): string =>
  Object.entries(colours)
    .map(([name, value]) => `--${name}: ${value};`)
    .join(' ');

export const STYLESHEET = `
:root { color-scheme: light; ${variables(LIGHT)} }
:root[data-theme="dark"] { color-scheme: dark; ${variables(DARK)} }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { color-scheme: dark; ${variables(DARK)} } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
.skip { position: absolute; left: 0.5rem; top: -3rem; padding: 0.5rem 1rem; background: var(--bg); color: var(--link); border: 2px solid var(--focus); z-index: 10; }
.skip:focus { top: 0.5rem; }
.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.6rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.brand { font-weight: 700; font-size: 1.05rem; color: var(--fg); text-decoration: none; }
.topbar nav ul { display: flex; gap: 1rem; margin: 0; padding: 0; list-style: none; }
.topbar nav a[aria-current="page"] { font-weight: 700; color: var(--fg); }
.topbar .spacer { flex: 1; }
button, .button, input, select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.3rem 0.75rem; }
button, .button { cursor: pointer; background: var(--panel); text-decoration: none; display: inline-block; }
button:hover, .button:hover { border-color: var(--fg); }
main { max-width: 80rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0.25rem 0 0.5rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 0.4rem; }
.lead { color: var(--muted); margin: 0 0 1rem; }
.muted { color: var(--muted); }
.crumbs { font-size: 0.9rem; margin: 0 0 0.25rem; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0; padding: 0; }
.crumbs li + li::before { content: "/"; color: var(--muted); margin-right: 0.4rem; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: 0.5rem 0.75rem; font-weight: 600; background: var(--panel); border-bottom: 1px solid var(--line); }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-size: 0.85rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
tbody tr:last-child > * { border-bottom: 0; }
th[scope="row"] { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cell-version { font-weight: 700; font-size: 1.05rem; }
.cell-meta { color: var(--muted); font-size: 0.85rem; display: block; }
.empty { color: var(--muted); font-style: italic; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.78rem; font-weight: 700; letter-spacing: 0.02em; text-transform: uppercase; border: 1px solid currentColor; white-space: nowrap; }
.tone-ok { color: var(--ok); background: var(--ok-bg); }
.tone-bad { color: var(--bad); background: var(--bad-bg); }
.tone-warn { color: var(--warn); background: var(--warn-bg); }
.tone-info { color: var(--info); background: var(--info-bg); }
.tone-muted { color: var(--muted); background: var(--muted-bg); }
.callout { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.75rem 0; background: var(--panel); }
.callout.tone-ok { border-left-color: var(--ok); color: var(--fg); }
.callout.tone-bad { border-left-color: var(--bad); color: var(--fg); }
.callout.tone-warn { border-left-color: var(--warn); color: var(--fg); }
.callout.tone-info { border-left-color: var(--info); color: var(--fg); }
.callout p { margin: 0.2rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.text-block { white-space: pre-wrap; word-break: break-word; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.25rem 0 0.75rem; max-height: 16rem; overflow: auto; }
.timeline { list-style: none; margin: 0; padding: 0; border-left: 3px solid var(--line); }
.timeline > li { position: relative; margin: 0 0 0.9rem; padding: 0.1rem 0 0 1.1rem; }
.timeline > li::before { content: ""; position: absolute; left: -0.5rem; top: 0.55rem; width: 0.75rem; height: 0.75rem; border-radius: 50%; background: var(--bg); border: 3px solid var(--muted); }
.timeline > li.kind-deployed::before { border-color: var(--info); }
.timeline > li.kind-rolled-back::before { border-color: var(--bad); }
.timeline > li.kind-published::before { border-color: var(--ok); }
.event-head { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
.event-body { margin: 0.2rem 0 0; color: var(--fg); }
.event-body dl.facts { margin: 0.3rem 0; }
.group { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 1rem; overflow: hidden; }
.group > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4rem 1rem; padding: 0.5rem 0.75rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.group > header h3 { margin: 0; font-size: 1rem; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { padding: 0.55rem 0.75rem; border-top: 1px solid var(--line); border-left: 5px solid var(--info); }
.finding:first-child { border-top: 0; }
.finding.level-breaking { border-left-color: var(--bad); }
.finding.level-warning { border-left-color: var(--warn); }
.finding p { margin: 0.2rem 0 0; }
.finding .hint, .finding .where { color: var(--muted); font-size: 0.9rem; }
.usage-note { font-weight: 600; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; margin: 0.5rem 0 1rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0.5rem 0 1rem; }
.toolbar label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 0.15rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.75rem 0.75rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.25rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart .summary { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
.chart-grid { stroke: var(--grid); stroke-width: 1; }
.chart-axis { fill: var(--muted); font-size: 11px; }
.chart-before { fill: var(--before); }
.chart-after { fill: var(--after); }
.chart-label { fill: var(--fg); font-size: 11px; font-weight: 600; }
.chart-value { fill: var(--muted); font-size: 10px; }
.legend { display: flex; gap: 1rem; font-size: 0.85rem; color: var(--muted); margin: 0.25rem 0 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: -0.1rem; margin-right: 0.3rem; }
.swatch.before { background: var(--before); }
.swatch.after { background: var(--after); background-image: repeating-linear-gradient(45deg, transparent 0 3px, rgba(255,255,255,0.35) 3px 5px); }
.bar { display: block; width: 100%; height: 0.6rem; }
.bar rect.track { fill: var(--muted-bg); }
.bar rect.fill { fill: var(--after); }
.bar rect.errors { fill: var(--bad); }
ol.steps { padding-left: 1.5rem; }
ol.steps > li { margin: 0 0 0.75rem; }
.command { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.3rem 0; }
.command pre { flex: 1; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.6rem; }
form.login { max-width: 28rem; display: grid; gap: 0.75rem; }
form.login label { display: grid; gap: 0.25rem; font-weight: 600; }
.keys { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding: 0.75rem 1.5rem; }
kbd { font-family: inherit; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 0.3rem; font-size: 0.85em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { main { padding: 1rem; } .topbar { padding: 0.5rem 1rem; } }
@media print { .topbar, .keys, .skip, button { display: none; } }
`;

/**
 * Theme (applied before the page paints: the script is loaded in <head> without defer), the theme
 * toggle, the service filter, copy buttons and the keyboard shortcuts. Everything works without
 * it, except the toggle, which stays hidden.
 */
export const SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'holdfast-theme';
  function stored() { try { return localStorage.getItem(KEY); } catch (error) { return null; } }
  function apply(theme) {
    if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
    else root.removeAttribute('data-theme');
  }
  function current() {
    var theme = root.getAttribute('data-theme');
    if (theme) return theme;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  apply(stored());

  function describe(button) {
    var dark = current() === 'dark';
    button.textContent = dark ? 'Light theme' : 'Dark theme';
    button.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.getElementById('theme-toggle');
    if (toggle) {
      toggle.hidden = false;
      describe(toggle);
      toggle.addEventListener('click', function () {
        var next = current() === 'dark' ? 'light' : 'dark';
        apply(next);
        try { localStorage.setItem(KEY, next); } catch (error) { /* private mode: the choice lasts this page */ }
        describe(toggle);
      });
    }

    var filter = document.getElementById('service-filter');
    if (filter) {
      var wrapper = document.getElementById('service-filter-wrap');
      if (wrapper) wrapper.hidden = false;
      var rows = Array.prototype.slice.call(document.querySelectorAll('[data-service]'));
      var status = document.getElementById('service-filter-status');
      filter.addEventListener('input', function () {
        var query = filter.value.trim().toLowerCase();
        var shown = 0;
        rows.forEach(function (row) {
          var match = query === '' || row.getAttribute('data-service').toLowerCase().indexOf(query) !== -1;
          row.hidden = !match;
          if (match) shown += 1;
        });
        if (status) status.textContent = shown + ' of ' + rows.length + ' services shown';
      });
    }

    Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        if (!source) return;
        var text = source.textContent;
        var say = function (words) { button.textContent = words; setTimeout(function () { button.textContent = 'Copy'; }, 2500); };
        // Without a secure context (plain HTTP to a remote host) there is no clipboard API: select the
        // command so Ctrl+C copies it.
        var select = function () {
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          if (selection) { selection.removeAllRanges(); selection.addRange(range); }
          say('Selected: press Ctrl+C');
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { say('Copied'); }, select);
        } else {
          select();
        }
      });
    });

    var pendingG = false;
    document.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === '/') {
        var search = document.querySelector('[data-shortcut-focus]');
        if (search && !search.closest('[hidden]')) { event.preventDefault(); search.focus(); }
        return;
      }
      if (pendingG) {
        pendingG = false;
        // The brand link is the overview, relative to this page (the dashboard may sit under a sub-path).
        if (event.key === 'h') { var home = document.querySelector('a.brand'); window.location.href = home ? home.href : './'; return; }
        var link = document.querySelector('[data-shortcut="' + event.key + '"]');
        if (link) link.click();
        return;
      }
      if (event.key === 'g') { pendingG = true; setTimeout(function () { pendingG = false; }, 1500); }
    });
  });
})();
`;

function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The tab icon: linked from every page (relative, like the rest), so a browser never asks the
 * host's root for /favicon.ico, which behind a sub-path proxy is another tool's, or a 404 in the log.
 */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/><path d="M4 3v10M12 3v10M4 8h8" stroke="#fff" stroke-width="2"/></svg>
`;

/** Paths the pages link to; the hash changes whenever the content does. */
export const ASSETS = {
  icon: { path: `/assets/icon-${fingerprint(ICON)}.svg`, type: 'image/svg+xml', body: ICON },
  stylesheet: {
    path: `/assets/dashboard-${fingerprint(STYLESHEET)}.css`,
    type: 'text/css; charset=utf-8',
    body: STYLESHEET,
  },
  script: { path: `/assets/dashboard-${fingerprint(SCRIPT)}.js`, type: 'text/javascript; charset=utf-8', body: SCRIPT },
} as const;
