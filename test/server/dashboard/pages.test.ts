/**
 * The dashboard's pages over a seeded SQLite registry, through Fastify's `inject` (no socket):
 * what each page says, the security headers, escaping of every payload, the login cookie and the
 * redirects. The browser test (browser.test.ts) clicks through the same pages in Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDeployment } from '../../../src/registry/index.js';
import { ASSETS } from '../../../src/server/dashboard/assets.js';
import { escapeHtml, relative, rootOf } from '../../../src/server/dashboard/html.js';
import { CONTENT_SECURITY_POLICY, registerDashboard } from '../../../src/server/dashboard/index.js';
import { PAYLOADS, type Seeded, seedRegistry, testAuth } from './_fixture.js';

const TOKEN = 'hf_test_reader_token_0123456789';

let folder: string;
let seeded: Seeded;
let open: FastifyInstance;
let guarded: FastifyInstance;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'holdfast-dashboard-'));
  seeded = await seedRegistry(folder);
  open = Fastify();
  await registerDashboard(open, { store: seeded.store, registryOptions: seeded.options });
  guarded = Fastify();
  await registerDashboard(guarded, {
    store: seeded.store,
    registryOptions: seeded.options,
    auth: testAuth(TOKEN),
    verifyToken: async (token) => token === TOKEN,
  });
});

afterAll(async () => {
  await open?.close();
  await guarded?.close();
  await seeded?.store.close();
  rmSync(folder, { recursive: true, force: true });
});

const evil = encodeURIComponent(PAYLOADS.service);

/** The text of a page with tags removed and entities decoded, whitespace collapsed. */
function text(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Every attribute name of every tag (quoted values blanked first, so their text never counts). */
function attributeNames(body: string): string[] {
  const names: string[] = [];
  for (const tag of body.replace(/"[^"]*"/g, '""').matchAll(/<[a-zA-Z][^\s>]*([^>]*)>/g)) {
    for (const attribute of (tag[1] ?? '').matchAll(/([^\s=]+)(?:="")?/g)) names.push(attribute[1] ?? '');
  }
  return names;
}

async function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
}

describe('pages', () => {
  it('/ shows each service × environment cell with version, owner and age', async () => {
    const response = await get(open, '/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = text(response.body);
    expect(page).toContain('2 services × 2 environments');
    expect(page).toContain(
      'shop 1.1.0 by dave · 4 h ago ✗ rollback from 2.0.0 4 h ago by dave: 5xx on POST /orders: the mobile app sends note: null 2.0.0 by carol · 6 h ago',
    );
    expect(page).toContain('production ▲ production staging');
    expect(page).toContain(`${PAYLOADS.service} not deployed ${PAYLOADS.version} by ${PAYLOADS.owner} · 2 h ago`);
    expect(page).toContain(
      '4 h ago ✗ rolled back 2.0.0 → 1.1.0 shop production dave 5xx on POST /orders: the mobile app sends note: null 5 h ago ● deployed 2.0.0 ✗ rolled back shop production carol error rate below 1% and p95 of POST /orders below 300 ms',
    );
  });

  it('/services/shop shows the timeline with owner, expected result, rollback note and the rollback', async () => {
    const page = text((await get(open, '/services/shop')).body);
    expect(page).toContain(
      '✗ rolled back 2.0.0 → 1.1.0 in production 2026-01-05 12:00 UTC By dave Reason 5xx on POST /orders: the mobile app sends note: null',
    );
    expect(page).toContain(
      '● deployed 2.0.0 to production 2026-01-05 11:00 UTC ✗ rolled back Owner carol Expected result error rate below 1% and p95 of POST /orders below 300 ms Rollback note Roll back to 1.1.0; the mobile app still reads Item.name.',
    );
    expect(page).toContain('✗ 7 breaking changes 0 warnings, 3 info since 1.1.0: diff 1.1.0 → 2.0.0');
    expect(page).toContain(`Description from the contract ${PAYLOADS.description}`);
  });

  it('/services/shop/diff groups findings by operation, breaking first, with calls next to them', async () => {
    const response = await get(open, '/services/shop/diff?base=1.1.0&revision=2.0.0&env=production');
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    expect(page).toContain('Blocked by the policy: 7 breaking changes would break clients going from 1.1.0 to 2.0.0.');
    const headers = [
      ...page.matchAll(/ ((?:GET|POST|DELETE) \S+) [✗▲●] (breaking|warning|info) (\d+ calls|○ no calls)/g),
    ].map((match) => `${match[1]} ${match[2]} ${match[3]}`);
    expect(headers).toEqual([
      'GET /items breaking 333 calls',
      'GET /items/{item_id} breaking 275 calls',
      'POST /orders breaking 139 calls',
      'GET /users/{user_id} breaking 133 calls',
      'POST /items breaking 90 calls',
      'DELETE /items/{item_id} breaking ○ no calls',
    ]);
    expect(page).toContain(`top clients: web (120), ios-app (76), ${PAYLOADS.client} (51)`);
  });

  it('/services/shop/diff without versions goes to the two newest', async () => {
    const response = await get(open, '/services/shop/diff');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('../../services/shop/diff?base=1.1.0&revision=2.0.0');
  });

  it("/services/shop/deployments/:id shows deploy compare's verdict, expected-result check, caveats and charts", async () => {
    const response = await get(open, `/services/shop/deployments/${seeded.deployments.production200}`);
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    expect(page).toContain('shop 2.0.0 in production ✗ rolled back ▲ production Deployed 2026-01-05 11:00 UTC');
    expect(page).toContain(
      '✗ roll back recommended All operations: 5xx 0 % → 14 %, p95 of the slowest operation 84 ms → 369 ms, 1.6/min → 1.5/min (93 requests before, 87 after). 2.0.0 is no longer live in production: nothing to roll back.',
    );
    expect(page).toContain(
      'Before: 2026-01-05 10:00 UTC to 11:00 UTC (60 minutes, 93 requests); after: 2026-01-05 11:01 UTC to 12:00 UTC (59 minutes, 87 requests).',
    );
    expect(page).toContain(
      'Expected result ✗ not met “error rate below 1% and p95 of POST /orders below 300 ms” ✗ not met error rate below 1%: measured 13.79% ✗ not met p95 of POST /orders below 300 ms: measured 368.8 ms',
    );
    expect(page).toContain(
      'Note: the after-window ends at 2026-01-05T12:00:00Z, when 1.1.0 was deployed (59 of 60 minutes).',
    );
    expect(page).toContain('Requests per minute');
    expect(page).toContain('Error rate (5xx share)');
    expect(page).toContain('p95 latency');
    expect(page).toContain('All operations before: 0 %; after: 14 %.');
    expect(page).toContain('POST /orders: before 0 %, after 47 %');
    expect(page).toContain(
      'GET /items 0.5/min 0.5/min 0 % 3.7 % 0 % 3.7 % 65 ms 308 ms ✗ roll back recommended 5xx rate 0.0% -> 3.7% (+3.7 points; investigate at +1); p95 64.7 ms -> 308 ms (×4.76, +243.3 ms; roll back at ×2 and +50 ms)',
    );
    expect(page).toContain(
      'POST /orders 0.2/min 0.3/min 0 % 47 % 15 % 0 % 76 ms 369 ms ○ not enough data only 15 calls after (need 20)',
    );
    expect(page).toMatch(
      /This deployment is not live any more, so there is nothing to roll back here\. The plan for what is live now is on the page of 1\.1\.0 in production ?\./,
    );
    expect(response.body.match(/<svg[^>]+role="img"/g)).toHaveLength(3);
  });

  it('the deployment page agrees with holdfast deploy compare and takes its window', async () => {
    const compare = await compareDeployment(
      seeded.store,
      {
        service: 'shop',
        environment: 'production',
        deployment: String(seeded.deployments.production200),
        windowMinutes: 30,
      },
      seeded.options,
    );
    const page = text(
      (await get(open, `/services/shop/deployments/${seeded.deployments.production200}?window=30m`)).body,
    );
    expect(page).toContain(`${compare.verdictText} All operations:`);
    expect(page).toContain(`(30 minutes, ${compare.before.requests} requests)`);
    expect(page).toContain(`--deployment deploy-${seeded.deployments.production200} --window 30m`);
    const bad = await get(open, `/services/shop/deployments/${seeded.deployments.production200}?window=soon`);
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain(
      'Invalid window "soon": expected 1 minute to 7 days (e.g. 30m, 1h, 6h). Retrying will not help.',
    );
  });

  it('the live deployment page has the rollback plan with its commands', async () => {
    const page = text((await get(open, `/services/shop/deployments/${seeded.deployments.productionRollback}`)).body);
    expect(page).toContain('✗ unsafe Rolling back 1.1.0 → 1.0.0 in production would break clients: 1 breaking change.');
    expect(page).toContain(
      '✓ healthy All operations: 5xx 15 % → 0 %, p95 of the slowest operation 369 ms → 84 ms, 1.5/min → 1.6/min (89 requests before, 98 after).',
    );
    expect(page).toContain('make deploy SERVICE=shop VERSION=1.0.0 ENV=production');
    expect(page).toContain(
      "holdfast rollback record --service shop --env production --from 1.1.0 --to 1.0.0 --by '<you>' --reason '<why>'",
    );
  });

  it('/services/shop/usage shows operations and clients', async () => {
    const page = text((await get(open, '/services/shop/usage')).body);
    expect(page).toContain('Usage of shop in production');
    expect(page).toContain('1,071 calls since 2025-12-06 16:00 UTC; live version 1.1.0.');
    expect(page).toContain(
      'Unused operations of 1.1.0 No call in this window: candidates for deprecation. DELETE /items/{item_id}',
    );
    expect(page).toMatch(/Clients 5 clients, most calls first Client Calls Operations called web 387/);
  });

  it('unknown names and bad input get an error page with the registry message and a status', async () => {
    const unknown = await get(open, '/services/nope');
    expect(unknown.statusCode).toBe(404);
    expect(text(unknown.body)).toContain('Unknown service "nope"');
    const badId = await get(open, '/services/shop/deployments/abc');
    expect(badId.statusCode).toBe(400);
    expect(text(badId.body)).toContain(
      'Invalid deployment id "abc": not a number; expected the number of deploy-<id> as history shows it. Retrying will not help.',
    );
    const missing = await get(open, '/services/shop/deployments/999');
    expect(missing.statusCode).toBe(404);
    const half = await get(open, '/services/shop/diff?base=1.0.0');
    expect(half.statusCode).toBe(400);
    expect(text(half.body)).toContain(
      'Invalid diff request for shop: revision is missing; expected both ?base=VERSION&revision=VERSION, once each.',
    );
    const twice = await get(open, '/services/shop/diff?base=1.0.0&base=1.1.0&revision=2.0.0');
    expect(twice.statusCode).toBe(400);
    expect(text(twice.body)).toContain('Invalid diff request for shop: base is given more than once;');
  });
});

describe('escaping', () => {
  const pages = () => [
    '/',
    `/services/${evil}`,
    `/services/${evil}/diff?base=1.0.0&revision=${encodeURIComponent(PAYLOADS.version)}`,
    `/services/${evil}/deployments/${seeded.deployments.payload}`,
    `/services/${evil}/usage?env=staging`,
    '/services/shop/usage',
    '/services/shop/diff?base=1.1.0&revision=2.0.0',
    `/services/${evil}/usage?env=${encodeURIComponent(PAYLOADS.owner)}`,
  ];

  it('renders every payload as text on every page, never as markup', async () => {
    const seen = new Set<string>();
    for (const url of pages()) {
      const response = await get(open, url);
      expect([200, 404], url).toContain(response.statusCode);
      for (const [field, payload] of Object.entries(PAYLOADS)) {
        expect(response.body, `${field} raw on ${url}`).not.toContain(payload);
        if (response.body.includes(escapeHtml(payload))) seen.add(field);
      }
      // The only scripts are the dashboard's own file; no handler attributes, no javascript: links.
      expect(response.body.match(/<script\b[^>]*>/g) ?? []).toEqual([
        `<script src="${relative(rootOf(url), ASSETS.script.path)}">`,
      ]);
      const names = attributeNames(response.body);
      expect(names).toContain('href');
      expect(names.filter((name) => /^on/i.test(name))).toEqual([]);
      expect(response.body).not.toMatch(/(href|src)="\s*javascript:/i);
    }
    expect([...seen].sort()).toEqual(Object.keys(PAYLOADS).sort());
  });
});

describe('headers and assets', () => {
  it('sends a strict CSP and no-store on pages', async () => {
    const response = await get(open, '/');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/\sstyle="/);
  });

  it('serves the stylesheet and script from the package, cacheable forever under their hash', async () => {
    for (const asset of [ASSETS.stylesheet, ASSETS.script]) {
      const response = await open.inject({ method: 'GET', url: asset.path });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(asset.type);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.body).toBe(asset.body);
    }
    expect(ASSETS.stylesheet.body).not.toMatch(/url\(|@import|https?:/);
    expect(ASSETS.script.body).not.toMatch(/fetch\(|XMLHttpRequest|https?:/);
  });
});

describe('login when reads need a token', () => {
  it('sends a browser without a token to the login form, and back afterwards', async () => {
    const page = await get(guarded, '/services/shop');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('../login?next=%2Fservices%2Fshop');
    const form = await get(guarded, '/login?next=%2Fservices%2Fshop');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<input type="hidden" name="next" value="/services/shop">');
    const login = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'dash.example',
        origin: 'http://dash.example',
      },
      payload: `token=${TOKEN}&next=%2Fservices%2Fshop`,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('./services/shop');
    // No Path: the browser scopes the cookie to where the form was posted (/ here, /holdfast behind a proxy's sub-path).
    expect(login.headers['set-cookie']).toBe(`holdfast_token=${TOKEN}; HttpOnly; SameSite=Strict; Max-Age=43200`);
    const after = await get(guarded, '/services/shop', { cookie: `holdfast_token=${TOKEN}` });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('<button type="submit">Log out</button>');
  });

  it('says why when the cookie holds a token the server refuses', async () => {
    const page = await get(guarded, '/', { cookie: 'holdfast_token=hf_revoked_token_0000' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('./login?next=%2F&token=refused');
    expect(text((await get(guarded, '/login?next=%2F&token=refused')).body)).toContain(
      'The token this browser had was refused: the server does not know it, or it was revoked; expected a live token of any role.',
    );
  });

  it('also sends the browser to the login form when the auth hook answers 401 itself, but not an API client', async () => {
    const app = Fastify();
    await registerDashboard(app, {
      store: seeded.store,
      registryOptions: seeded.options,
      auth: async (_request, reply) => {
        await reply.code(401).send({ code: 'AUTH_REQUIRED', message: 'A token is needed.', retryable: false });
      },
    });
    try {
      const browser = await get(app, '/services/shop');
      expect(browser.statusCode).toBe(303);
      expect(browser.headers.location).toBe('../login?next=%2Fservices%2Fshop');
      const client = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
      expect(client.statusCode).toBe(401);
      expect(client.json()).toEqual({ code: 'AUTH_REQUIRED', message: 'A token is needed.', retryable: false });
    } finally {
      await app.close();
    }
  });

  it('refuses a wrong token with the reason, and a form posted from another site', async () => {
    const wrong = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=hf_not_a_real_token_123&next=//evil.example',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(text(wrong.body)).toContain(
      'Token refused: the server does not know it, or it was revoked; expected a live token of any role.',
    );
    expect(wrong.body).toContain('name="next" value="/"');
    const malformed = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=a%3Bb',
    });
    expect(malformed.statusCode).toBe(401);
    expect(text(malformed.body)).toContain('Token refused: it is empty or has characters a holdfast token never has');
    const crossSite = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'dash.example',
        origin: 'https://evil.example',
      },
      payload: `token=${TOKEN}`,
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    expect(text(crossSite.body)).toContain(
      'Form refused: it was posted from https://evil.example; expected a form of this dashboard (dash.example).',
    );
    // Behind a proxy that passes its upstream as Host (nginx's default), X-Forwarded-Host names the site.
    const proxied = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: '127.0.0.1:8080',
        'x-forwarded-host': 'dash.example',
        origin: 'https://dash.example',
      },
      payload: `token=${TOKEN}`,
    });
    expect(proxied.statusCode).toBe(303);
    const proxiedCrossSite = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: '127.0.0.1:8080',
        'x-forwarded-host': 'dash.example',
        origin: 'https://evil.example',
      },
      payload: `token=${TOKEN}`,
    });
    expect(proxiedCrossSite.statusCode).toBe(403);
    // A browser says where the form came from: that decides, whatever Host the proxy passed on.
    const sameOrigin = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: '127.0.0.1:8080',
        origin: 'https://dash.example',
        'sec-fetch-site': 'same-origin',
      },
      payload: `token=${TOKEN}`,
    });
    expect(sameOrigin.statusCode).toBe(303);
    for (const site of ['cross-site', 'same-site']) {
      const refused = await guarded.inject({
        method: 'POST',
        url: '/logout',
        headers: { host: 'dash.example', origin: 'https://dash.example', 'sec-fetch-site': site },
      });
      expect(refused.statusCode, site).toBe(403);
      expect(text(refused.body)).toContain(
        `Form refused: it was posted from https://dash.example (Sec-Fetch-Site: ${site}); expected a form of this dashboard. Retrying will not help.`,
      );
    }
  });

  it('marks the cookie Secure behind a TLS-terminating proxy', async () => {
    const login = await guarded.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      payload: `token=${TOKEN}`,
    });
    expect(login.headers['set-cookie']).toBe(
      `holdfast_token=${TOKEN}; HttpOnly; SameSite=Strict; Max-Age=43200; Secure`,
    );
  });

  it('logs out by clearing the cookie', async () => {
    const response = await guarded.inject({ method: 'POST', url: '/logout' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('./login');
    expect(response.headers['set-cookie']).toBe('holdfast_token=; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('says so when reads are open', async () => {
    expect(text((await get(open, '/login')).body)).toContain(
      'Reads are open on this server: the dashboard needs no token.',
    );
  });
});
