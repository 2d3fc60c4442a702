/**
 * The dashboard behind a reverse proxy at a sub-path, in Chromium: a small real HTTP proxy on
 * 127.0.0.1 serves `/holdfast/...` from the server's `/...`, the way nginx does with
 * `location /holdfast/ { proxy_pass http://127.0.0.1:8080/; }` (the prefix stripped, Host set to the
 * upstream, no X-Forwarded-* headers: nginx's defaults). The test logs in, clicks through every page,
 * uses the keyboard shortcut home, hits a page that does not exist and logs out; the proxy answers
 * 404 to anything outside /holdfast/, and the test fails if the browser asked for such a path
 * (an absolute link, asset, redirect or form action would).
 *
 * Skipped like browser.test.ts where /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, type Seeded, seedRegistry, startDashboard } from './_fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const PREFIX = '/holdfast';

/** A prefix-stripping proxy: `/holdfast/x` -> upstream `/x`; anything else 404 and recorded. */
async function startProxy(upstream: string): Promise<{ url: string; outside: string[]; close(): Promise<void> }> {
  const target = new URL(upstream);
  const outside: string[] = [];
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const url = incoming.url ?? '/';
    if (!url.startsWith(`${PREFIX}/`)) {
      outside.push(`${incoming.method} ${url}`);
      outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('not behind this proxy');
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: url.slice(PREFIX.length),
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    outside,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'dashboard behind a proxy at a sub-path, in Chromium'
    : `dashboard behind a proxy at a sub-path (skipped: no ${CHROMIUM}; apt-get install -y chromium)`,
  () => {
    let folder: string;
    let seeded: Seeded;
    let guarded: RunningDashboard;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    let browser: Browser;

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'holdfast-proxy-'));
      seeded = await seedRegistry(folder);
      guarded = await startDashboard(seeded, { tokens: true });
      proxy = await startProxy(guarded.url);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await proxy?.close();
      await guarded?.close();
      await seeded?.store.close();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    it('logs in, clicks through every page, loads its assets and logs out, all under /holdfast/', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(5_000);
      const base = `${proxy.url}${PREFIX}`;
      const requested: string[] = [];
      const failed: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('404')) problems.push(message.text());
      });
      const heading = async () => ((await page.locator('h1').textContent()) ?? '').trim();

      // Login: the redirect, the form's action and the way back all stay under the prefix.
      await page.goto(`${base}/services/shop`);
      await page.waitForURL(`${base}/login?next=%2Fservices%2Fshop`);
      // The stylesheet and the script came through the proxy: the theme button shows, styled.
      await expect(page.locator('#theme-toggle').isVisible()).resolves.toBe(true);
      await expect(page.evaluate(() => getComputedStyle(document.body).margin)).resolves.toBe('0px');
      await page.getByLabel('Token').fill(guarded.token ?? '');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/services/shop`);
      expect(await heading()).toBe('shop');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'holdfast_token', path: PREFIX, httpOnly: true, sameSite: 'Strict' });

      // Every page by its links.
      await page.locator('.topbar').getByRole('link', { name: 'Overview', exact: true }).click();
      await page.waitForURL(`${base}/`);
      expect(await heading()).toBe('What is live where');
      await page.locator('tr[data-service="shop"]').getByRole('link', { name: 'shop', exact: true }).click();
      await page.waitForURL(`${base}/services/shop`);
      await page.selectOption('#base', '1.0.0');
      await page.selectOption('#revision', '2.0.0');
      await page.getByRole('button', { name: 'Show the diff' }).click();
      await page.waitForURL(`${base}/services/shop/diff?base=1.0.0&revision=2.0.0`);
      expect(await heading()).toBe('shop 1.0.0 → 2.0.0');
      await page.getByRole('link', { name: 'usage page' }).click();
      await page.waitForURL(`${base}/services/shop/usage?env=production`);
      expect(await heading()).toBe('Usage of shop in production');
      await page.selectOption('#days', '7');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(`${base}/services/shop/usage?env=production&days=7`);
      await page.locator('.crumbs').getByRole('link', { name: 'shop' }).click();
      await page.waitForURL(`${base}/services/shop`);
      await page.getByRole('link', { name: '2.0.0 to production' }).click();
      await page.waitForURL(`${base}/services/shop/deployments/${seeded.deployments.production200}`);
      expect(await heading()).toBe('shop 2.0.0 in production');
      await page.selectOption('#window', '30');
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.waitForURL(`${base}/services/shop/deployments/${seeded.deployments.production200}?window=30`);
      await page.getByRole('link', { name: /^diff 1\.1\.0 → 2\.0\.0$/ }).click();
      await page.waitForURL(/\/holdfast\/services\/shop\/diff\?base=1\.1\.0&revision=2\.0\.0/);
      // g h: home, wherever the dashboard is mounted.
      await page.keyboard.press('g');
      await page.keyboard.press('h');
      await page.waitForURL(`${base}/`);

      // A page that does not exist: the dashboard's 404 page, with its way back.
      const missing = await page.goto(`${base}/services/shop/nowhere`);
      expect(missing?.status()).toBe(404);
      expect(await heading()).toBe('Page not found');
      await page.getByRole('link', { name: 'Back to the overview' }).click();
      await page.waitForURL(`${base}/`);

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${base}/login`);
      await expect(context.cookies()).resolves.toEqual([]);
      await context.close();

      // Not even /favicon.ico: every page links its icon, relative like the rest.
      expect(proxy.outside, 'requests outside the sub-path').toEqual([]);
      expect(requested.filter((path) => !path.startsWith(`${PREFIX}/`))).toEqual([]);
      // (The icon too, when Chromium asks for it: it may not, headless.)
      const assets = new Set(requested.filter((path) => path.includes('/assets/dashboard-')));
      expect([...assets].map((path) => path.replace(/-[0-9a-f]{12}\./, '-HASH.')).sort()).toEqual([
        `${PREFIX}/assets/dashboard-HASH.css`,
        `${PREFIX}/assets/dashboard-HASH.js`,
      ]);
      expect(failed).toEqual([`404 ${PREFIX}/services/shop/nowhere`]);
      expect(problems).toEqual([]);
    });
  },
);
