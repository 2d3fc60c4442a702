/** `/login` and the error page. */
import { type Html, html } from '../html.js';
import { page } from '../layout.js';

export function loginPage(options: { next: string; message: string | null; readsOpen: boolean }): Html {
  const body = options.readsOpen
    ? html`<h1>Log in</h1><div class="callout tone-info"><p>Reads are open on this server: the dashboard needs no token.
<a href="/">Go to the overview</a>.</p></div>`
    : html`<h1>Log in</h1>
<p class="lead">Paste a holdfast token (any role can read). The browser keeps it in an HttpOnly cookie for this site only;
create one with <code>holdfast token create --role read --name "$USER dashboard"</code>.</p>
${options.message === null ? '' : html`<div class="callout tone-bad" role="alert"><p>${options.message}</p></div>`}
<form class="login" method="post" action="/login">
  <input type="hidden" name="next" value="${options.next}">
  <label for="token">Token
    <input type="password" id="token" name="token" autocomplete="current-password" required autofocus spellcheck="false">
  </label>
  <div><button type="submit">Log in</button></div>
</form>`;
  return page({ title: 'Log in', section: 'login' }, body);
}

export function errorPage(options: {
  status: number;
  title: string;
  message: string;
  signedIn: boolean;
  /** For 401: the login form, coming back to this page (the overview would answer 401 too). */
  login?: string;
}): Html {
  const link =
    options.status === 401 && options.login !== undefined
      ? html`<a href="${options.login}">Log in</a>`
      : html`<a href="/">Back to the overview</a>`;
  const body = html`<h1>${options.title}</h1>
<div class="callout tone-bad" role="alert"><p>${options.message}</p></div>
<p>${link}</p>`;
  return page({ title: options.title, signedIn: options.signedIn }, body);
}
