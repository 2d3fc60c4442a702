/**
 * The one way the dashboard writes HTML: the {@link html} tagged template escapes every value it
 * is given, unless the value is already {@link Html} (built by this template). Contract text
 * (descriptions hold HTML and Markdown), log lines (client names), owners and notes all go
 * through it; nothing is ever interpolated into markup by string concatenation.
 *
 * Links are built by {@link href} from path segments, each percent-encoded, so a value from a
 * contract can never become a `javascript:` URL or leave the dashboard's own paths. Pages write them
 * relative to themselves ({@link linker}: `../services/shop` on `/services/x`), so the dashboard works
 * unchanged behind a reverse proxy that serves it under a sub-path (`/holdfast/`).
 *
 * @example
 * html`<td>${deployment.owner}</td>` // `<td>&lt;script&gt;…</td>` for an owner "<script>…"
 */

/** Markup the dashboard built itself: inserted as is by {@link html}. */
export class Html {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What a template accepts: text (escaped), numbers, markup, lists of these; null, undefined and false render nothing. */
export type Fragment = Html | string | number | boolean | null | undefined | readonly Fragment[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text as HTML: safe between tags and inside quoted attribute values.
 *
 * @example
 * escapeHtml('"><img src=x onerror=alert(1)>') // '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character] ?? character);
}

function render(fragment: Fragment): string {
  if (fragment === null || fragment === undefined || fragment === false) return '';
  if (fragment instanceof Html) return fragment.toString();
  if (Array.isArray(fragment)) return fragment.map(render).join('');
  if (typeof fragment === 'number') return Number.isFinite(fragment) ? String(fragment) : '';
  return escapeHtml(String(fragment));
}

/**
 * Builds markup from a template literal: the literal parts are the dashboard's own markup, every
 * interpolated value is escaped (unless it is {@link Html}).
 *
 * @example
 * html`<li>${name}</li>`
 */
export function html(strings: TemplateStringsArray, ...values: readonly Fragment[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(markup);
}

/** Joins fragments with a separator (both escaped unless {@link Html}). */
export function join(fragments: readonly Fragment[], separator: Fragment = ''): Html {
  return new Html(fragments.map(render).join(render(separator)));
}

/**
 * A dashboard path from segments and query parameters, every part percent-encoded: always starts
 * with `/`, so it is never a `javascript:` or off-site URL whatever the segments hold.
 *
 * @example
 * href(['services', 'shop', 'diff'], { base: '1.0.0', revision: '2.0.0' }) // '/services/shop/diff?base=1.0.0&revision=2.0.0'
 */
export function href(
  segments: readonly (string | number)[],
  query: Record<string, string | number | null | undefined> = {},
): string {
  const path = `/${segments.map((segment) => encodeURIComponent(String(segment))).join('/')}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * Where to go after logging in: a dashboard path only (starts with one `/`, not `//` or `/\`),
 * else `/`.
 */
export function localPath(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

/**
 * The way from the page at `requestUrl` (the path the server received, query and all) up to the
 * dashboard's root, as a relative reference: `./` on `/` and `/login`, `../` on `/services/shop`,
 * `../../../` on `/services/shop/deployments/6`. The browser resolves it against the URL it
 * shows, so a proxy's sub-path (`/holdfast/services/shop`) is kept without the server knowing it.
 *
 * @example
 * rootOf('/services/shop/diff?base=1.0.0') // '../../'
 */
export function rootOf(requestUrl: string): string {
  const path = requestUrl.split('?')[0] ?? '/';
  const depth = Math.max(0, path.split('/').length - 2);
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** Builds links relative to the current page: an {@link href} without its leading `/`, after {@link rootOf}. */
export type Linker = (
  segments: readonly (string | number)[],
  query?: Record<string, string | number | null | undefined>,
) => string;

/**
 * Links relative to a page whose root is `root` ({@link rootOf}). Every link starts with `./` or
 * `../`, so, like {@link href}, none can be a `javascript:` or off-site URL.
 *
 * @example
 * linker('../')(['services', 'shop', 'usage'], { env: 'production' }) // '../services/shop/usage?env=production'
 * linker('../')([]) // '../' (the overview)
 */
export function linker(root: string): Linker {
  return (segments, query = {}) => relative(root, href(segments, query));
}

/** An app path (`/services/shop`, as {@link href} builds it) relative to a page whose root is `root`. */
export function relative(root: string, appPath: string): string {
  return `${root}${appPath.replace(/^\/+/, '')}`;
}
