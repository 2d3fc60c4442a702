/** `/login`, the error page, and the page for a path the dashboard does not have. */
import { type Html, html, relative } from '../html.js';
import { page } from '../layout.js';

export function loginPage(options: { next: string; message: string | null; readsOpen: boolean; root: string }): Html {
  const body = options.readsOpen
    ? html`<h1>Log in</h1><div class="callout tone-info"><p>Reads are open on this server: the dashboard needs no token.
<a href="${options.root}">Go to the overview</a>.</p></div>`
    : html`<h1>Log in</h1>
<p class="lead">Paste a holdfast token (any role can read). The browser keeps it in an HttpOnly cookie for this site only;
create one with <code>holdfast token create --role read --name "$USER dashboard"</code>.</p>
${options.message === null ? '' : html`<div class="callout tone-bad" role="alert"><p>${options.message}</p></div>`}
<form class="login" method="post" action="${relative(options.root, '/login')}">
  <input type="hidden" name="next" value="${options.next}">
  <label for="token">Token
    <input type="password" id="token" name="token" autocomplete="current-password" required autofocus spellcheck="false">
  </label>
  <div><button type="submit">Log in</button></div>
</form>`;
  return page({ title: 'Log in', section: 'login', root: options.root }, body);
}

export function errorPage(options: {
  status: number;
  title: string;
  message: string;
  signedIn: boolean;
  root: string;
}): Html {
  const body = html`<h1>${options.title}</h1>
<div class="callout tone-bad" role="alert"><p>${options.message}</p></div>
<p><a href="${options.root}">Back to the overview</a></p>`;
  return page({ title: options.title, signedIn: options.signedIn, root: options.root }, body);
}

/** 404 for a path that is no page of the dashboard (the API's own paths answer JSON). */
export function notFoundPage(options: { path: string; signedIn: boolean; root: string }): Html {
  const body = html`<h1>Page not found</h1>
<div class="callout tone-info" role="alert"><p>No dashboard page at <code>${options.path}</code>: the link is wrong or out of date.
Pages are the overview, and per service its timeline, diffs, deployments and usage.</p></div>
<p><a href="${options.root}">Back to the overview</a></p>`;
  return page({ title: 'Page not found', signedIn: options.signedIn, root: options.root }, body);
}
