/** The page shell: head, skip link, top bar with navigation and the theme toggle, keyboard help. */
import { ASSETS } from './assets.js';
import { type Fragment, type Html, href, html, relative } from './html.js';

export interface Crumb {
  label: Fragment;
  /** The dashboard path ({@link href}); omitted for the current page. */
  link?: string;
}

export interface PageOptions {
  title: string;
  /** The way up to the dashboard's root from this page (`rootOf(request.url)`): every link is relative to the page. */
  root: string;
  /** Which top-level section is current, for `aria-current`. */
  section?: 'overview' | 'login';
  crumbs?: Crumb[];
  /** Whether to show the log-out button (the visitor came in with a dashboard cookie). */
  signedIn?: boolean;
}

export function page(options: PageOptions, body: Fragment): Html {
  const current = (section: PageOptions['section']) => (options.section === section ? 'page' : null);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · holdfast</title>
<link rel="icon" href="${relative(options.root, ASSETS.icon.path)}" type="image/svg+xml">
<link rel="stylesheet" href="${relative(options.root, ASSETS.stylesheet.path)}">
<script src="${relative(options.root, ASSETS.script.path)}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
  <a class="brand" href="${options.root}">holdfast</a>
  <nav aria-label="Main">
    <ul>
      <li><a href="${options.root}" data-shortcut="o" ${current('overview') ? html`aria-current="page"` : ''}>Overview</a></li>
    </ul>
  </nav>
  <span class="spacer"></span>
  <button type="button" id="theme-toggle" hidden>Dark theme</button>
  ${options.signedIn ? html`<form method="post" action="${relative(options.root, '/logout')}"><button type="submit">Log out</button></form>` : ''}
</header>
<main id="main" tabindex="-1">
${options.crumbs === undefined ? '' : crumbs(options.crumbs, options.root)}
${body}
</main>
<footer class="keys">
  Keys: <kbd>/</kbd> filter services · <kbd>g</kbd> <kbd>h</kbd> overview · <kbd>Tab</kbd> moves through links, buttons and fields.
</footer>
</body>
</html>
`;
}

function crumbs(list: Crumb[], root: string): Html {
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${list.map((crumb, index) =>
    crumb.link === undefined || index === list.length - 1
      ? html`<li><span aria-current="page">${crumb.label}</span></li>`
      : html`<li><a href="${relative(root, crumb.link)}">${crumb.label}</a></li>`,
  )}</ol></nav>`;
}

/** Breadcrumbs down to a service. */
export function serviceCrumbs(service: string, ...rest: Crumb[]): Crumb[] {
  return [{ label: 'Overview', link: '/' }, { label: service, link: href(['services', service]) }, ...rest];
}
