/**
 * User-agent family: a short, stable client name from a `User-Agent` header, so that
 * `python-requests/2.31.0` and `python-requests/2.32.3` count as one client.
 *
 * The rules, in order (deliberately small; not a full browser database):
 * 1. empty or `-` -> `(none)`.
 * 2. `Mozilla/...` (browsers and most bots): a token containing `bot`, `spider` or `crawl`
 *    (case-insensitive) gives that token's product name (`Googlebot`); otherwise the first of
 *    `Edg` -> `Edge`, `OPR` -> `Opera`, `Firefox`, `Chrome` (also `CriOS`), `Safari` (with
 *    `Version/`, also `FxiOS` -> `Firefox`); otherwise `Mozilla-compatible`.
 * 3. Anything else: the product name of the first token, without its version
 *    (`python-requests/2.31` -> `python-requests`, `okhttp/4.12.0` -> `okhttp`,
 *    `Dart/3.2 (dart:io)` -> `Dart`, `curl/8.5.0` -> `curl`, `shop-mobile/2.3 (iOS)` ->
 *    `shop-mobile`); when that first token is a language runtime (`Python`, `Java`)
 *    followed by a library token (`Python/3.11 aiohttp/3.9`), the library's name.
 * Families are at most 64 characters.
 *
 * @example
 * userAgentFamily('python-requests/2.31.0') // 'python-requests'
 */
export function userAgentFamily(userAgent: string): string {
  const text = userAgent.trim();
  if (text === '' || text === '-') return '(none)';
  if (text.startsWith('Mozilla/')) return browserFamily(text);
  const tokens = text.split(/\s+/);
  let first = productName(tokens[0]);
  if ((first === 'Python' || first === 'Java') && tokens.length > 1 && tokens[1].includes('/')) {
    first = productName(tokens[1]);
  }
  return first.slice(0, 64) || '(none)';
}

function productName(token: string): string {
  const slash = token.indexOf('/');
  return slash === -1 ? token : token.slice(0, slash);
}

const botPattern = /([A-Za-z][\w.-]*(?:bot|spider|crawl)[\w.-]*)/i;

function browserFamily(text: string): string {
  const bot = botPattern.exec(text);
  if (bot) return productName(bot[1]).slice(0, 64);
  if (text.includes('Edg/') || text.includes('EdgA/') || text.includes('EdgiOS/')) return 'Edge';
  if (text.includes('OPR/')) return 'Opera';
  if (text.includes('Firefox/') || text.includes('FxiOS/')) return 'Firefox';
  if (text.includes('Chrome/') || text.includes('CriOS/')) return 'Chrome';
  if (text.includes('Safari/') && text.includes('Version/')) return 'Safari';
  return 'Mozilla-compatible';
}

/**
 * `userAgentFamily` with a bounded memo: logs repeat the same few user agents millions of times.
 * Holds at most `limit` entries (cleared when full), so memory stays constant.
 */
export class UserAgentFamilies {
  private readonly memo = new Map<string, string>();
  constructor(private readonly limit = 4096) {}

  family(userAgent: string): string {
    let family = this.memo.get(userAgent);
    if (family === undefined) {
      family = userAgentFamily(userAgent);
      if (this.memo.size >= this.limit) this.memo.clear();
      this.memo.set(userAgent, family);
    }
    return family;
  }
}
