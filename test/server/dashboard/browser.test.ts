/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, against Fastify on
 * 127.0.0.1 with a seeded SQLite registry. Clicks through every page, uses the keyboard, switches
 * the theme, logs in, and checks that script payloads stay text: no dialog opens, no injected
 * element exists. Every request the browser makes is intercepted: anything not for 127.0.0.1
 * fails the test (the dashboard fetches nothing from the internet). No CSP violation or script
 * error may show up on the console.
 *
 * Skipped, with the reason in its name, when /usr/bin/chromium is missing (`apt-get install -y
 * chromium`); in CI (`CI=true`) a missing Chromium fails instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAYLOADS, type RunningDashboard, type Seeded, seedRegistry, startDashboard } from './_fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`No Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium); expected it in CI.`);
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'dashboard in Chromium'
    : `dashboard in Chromium (skipped: no ${CHROMIUM}; apt-get install -y chromium)`,
  () => {
    let folder: string;
    let seeded: Seeded;
    let open: RunningDashboard;
    let guarded: RunningDashboard;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let outside: string[];
    /** Requests the interception saw (proves it is on: every page load goes through it). */
    let routed: number;
    let dialogs: string[];
    let problems: string[];

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'holdfast-browser-'));
      seeded = await seedRegistry(folder);
      open = await startDashboard(seeded);
      guarded = await startDashboard(seeded, { tokens: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await open?.close();
      await guarded?.close();
      await seeded?.store.close();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    async function newContext(colorScheme: 'light' | 'dark' = 'light', javaScriptEnabled = true): Promise<void> {
      context = await browser.newContext({ colorScheme, javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        routed += 1;
        if (url.hostname === '127.0.0.1') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      page = await context.newPage();
      // Fail fast with the step that hung, well inside vitest's own timeout.
      page.setDefaultTimeout(5_000);
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
    }

    beforeEach(async () => {
      outside = [];
      routed = 0;
      dialogs = [];
      problems = [];
      await newContext();
    });

    afterEach(async () => {
      await context.close();
      expect(routed).toBeGreaterThan(0);
      expect(outside, 'requests outside 127.0.0.1').toEqual([]);
      expect(dialogs, 'dialogs opened by a payload').toEqual([]);
      expect(problems, 'script errors and CSP violations').toEqual([]);
    });

    /** What a person sees in the first element matching `selector`, whitespace collapsed. */
    const visibleText = async (selector: string): Promise<string> =>
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a person reads, which is what the test checks.
      (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

    it('clicks from the overview through a service, a diff, a deployment and usage', async () => {
      await page.goto(`${open.url}/`);
      await expect(page.title()).resolves.toBe('Overview · holdfast');
      const shopRow = await visibleText('tr[data-service="shop"]');
      expect(shopRow).toBe(
        'shop 1.1.0 by dave · 4 h ago ✗ ROLLBACK from 2.0.0 4 h ago by dave: 5xx on POST /orders: the mobile app sends note: null 2.0.0 by carol · 6 h ago',
      );

      await page.locator('tr[data-service="shop"]').getByRole('link', { name: 'shop', exact: true }).click();
      await page.waitForURL(`${open.url}/services/shop`);
      expect(await visibleText('h1')).toBe('shop');
      expect(await visibleText('.timeline > li.kind-rolled-back')).toContain(
        'ROLLED BACK 2.0.0 → 1.1.0 in production 2026-01-05 12:00 UTC',
      );

      await page.selectOption('#base', '1.0.0');
      await page.selectOption('#revision', '2.0.0');
      await page.getByRole('button', { name: 'Show the diff' }).click();
      await page.waitForURL(/\/services\/shop\/diff\?base=1\.0\.0&revision=2\.0\.0$/);
      expect(await visibleText('h1')).toBe('shop 1.0.0 → 2.0.0');
      const groups = await page.locator('section.group header h3').allInnerTexts();
      expect(groups.slice(0, 3)).toEqual(['GET /items', 'GET /items/{item_id}', 'POST /orders']);
      expect(await visibleText('section.group header')).toMatch(
        /^GET \/items ✗ BREAKING 333 calls top clients: web \(120\)/,
      );

      await page.goto(`${open.url}/services/shop`);
      await page.getByRole('link', { name: '2.0.0 to production' }).click();
      await page.waitForURL(`${open.url}/services/shop/deployments/${seeded.deployments.production200}`);
      expect(await visibleText('h1')).toBe('shop 2.0.0 in production');
      await expect(page.locator('figure.chart svg[role="img"]').count()).resolves.toBe(3);
      for (const chart of ['Requests per minute', 'Error rate (5xx share)', 'p95 latency']) {
        await expect(
          page.getByRole('img', { name: new RegExp(`^${chart.replace(/[()]/g, '\\$&')}`) }).isVisible(),
        ).resolves.toBe(true);
      }
      expect(await visibleText('#chart-errors .summary')).toBe('All operations before: 0 %; after: 14 %.');

      await page.getByRole('link', { name: '1.1.0', exact: true }).last().click();
      await page.waitForURL(`${open.url}/services/shop/deployments/${seeded.deployments.productionRollback}`);
      expect(await visibleText('#rollback-plan + .callout')).toBe(
        '✗ UNSAFE Rolling back 1.1.0 → 1.0.0 in production would break clients: 1 breaking change.',
      );
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const copy = page.locator('button[data-copy]').last();
      await copy.click();
      await expect.poll(() => copy.textContent()).toBe('Copied');
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
        "holdfast rollback record --service shop --env production --from 1.1.0 --to 1.0.0 --by '<you>' --reason '<why>'",
      );

      await page.goto(`${open.url}/services/shop`);
      await page.getByRole('link', { name: 'usage in production' }).click();
      await page.waitForURL(`${open.url}/services/shop/usage?env=production`);
      expect(await visibleText('h1')).toBe('Usage of shop in production');
      expect(await visibleText('table tbody tr')).toMatch(/^GET \/items 333 31 % of calls 5 web \(120\)/);
      await page.selectOption('#days', '1');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/days=1/);
      expect(await visibleText('p.lead')).toBe('1,071 calls since 2026-01-04 16:00 UTC; live version 1.1.0.');
    });

    it('works from the keyboard: skip link, visible focus, / to filter, g h for the overview', async () => {
      await page.goto(`${open.url}/services/shop`);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      await expect(skip.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      const box = await skip.boundingBox();
      expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
      await expect(skip.evaluate((element) => getComputedStyle(element).outlineStyle)).resolves.not.toBe('none');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return { text: element.textContent, outline: getComputedStyle(element).outlineStyle };
      });
      expect(focused.text).toBe('Overview');
      expect(focused.outline).not.toBe('none');

      await page.keyboard.press('g');
      await page.keyboard.press('h');
      await page.waitForURL(`${open.url}/`);
      await page.keyboard.press('/');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('service-filter');
      await page.keyboard.type('sho');
      await expect(page.locator('tr[data-service="shop"]').isVisible()).resolves.toBe(true);
      await expect(page.locator('tbody tr[data-service]').nth(0).isVisible()).resolves.toBe(false);
      expect(await visibleText('#service-filter-status')).toBe('1 of 2 services shown');
      // Typing in the filter is not a shortcut.
      await page.keyboard.type('g');
      expect(page.url()).toBe(`${open.url}/`);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('shop');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${open.url}/services/shop`);
    });

    it('switches between light and dark themes and remembers the choice', async () => {
      await page.goto(`${open.url}/`);
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(await background()).toBe('rgb(255, 255, 255)');
      const toggle = page.locator('#theme-toggle');
      expect(await visibleText('#theme-toggle')).toBe('Dark theme');
      await toggle.focus();
      await page.keyboard.press('Enter');
      expect(await background()).toBe('rgb(13, 17, 23)');
      await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
      expect(await visibleText('#theme-toggle')).toBe('Light theme');
      await page.goto(`${open.url}/services/shop`);
      expect(await background()).toBe('rgb(13, 17, 23)');
      await page.locator('#theme-toggle').click();
      expect(await background()).toBe('rgb(255, 255, 255)');
      await expect(page.evaluate(() => localStorage.getItem('holdfast-theme'))).resolves.toBe('light');

      await context.close();
      await newContext('dark');
      await page.goto(`${open.url}/`);
      expect(await background()).toBe('rgb(13, 17, 23)');
      expect(await visibleText('#theme-toggle')).toBe('Light theme');
    });

    it('works with scripts off: pages and the dark theme render, controls that need the script stay hidden', async () => {
      await context.close();
      await newContext('dark', false);
      await page.goto(`${open.url}/services/shop/deployments/${seeded.deployments.productionRollback}`);
      expect(await visibleText('h1')).toBe('shop 1.1.0 in production');
      await expect(page.locator('#theme-toggle').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('button', { name: 'Copy' }).first().isVisible()).resolves.toBe(false);
      await expect(page.locator('figure.chart').first().isVisible()).resolves.toBe(true);
      await page.goto(`${open.url}/`);
      await expect(page.locator('#service-filter').isVisible()).resolves.toBe(false);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(13, 17, 23)');
    });

    it('shows every script payload as text, runs none of them', async () => {
      const evil = encodeURIComponent(PAYLOADS.service);
      const urls = [
        '/',
        `/services/${evil}`,
        `/services/${evil}/diff?base=1.0.0&revision=${encodeURIComponent(PAYLOADS.version)}`,
        `/services/${evil}/deployments/${seeded.deployments.payload}`,
        `/services/${evil}/usage?env=staging`,
        '/services/shop/usage?env=production',
      ];
      const shown = new Set<string>();
      for (const url of urls) {
        await page.goto(open.url + url);
        await page.locator('details').evaluateAll((elements) => {
          for (const element of elements) (element as HTMLDetailsElement).open = true;
        });
        const body = await visibleText('body');
        for (const [field, payload] of Object.entries(PAYLOADS)) if (body.includes(payload)) shown.add(field);
        const injected = await page.evaluate(() => ({
          images: document.querySelectorAll('img').length,
          frames: document.querySelectorAll('iframe').length,
          handlers: [...document.querySelectorAll('*')].filter((element) =>
            [...element.attributes].some((attribute) => attribute.name.startsWith('on')),
          ).length,
          scripts: [...document.scripts].map((script) => new URL(script.src).pathname),
          javascriptLinks: [...document.querySelectorAll('a')].filter((link) => link.protocol === 'javascript:').length,
        }));
        expect(injected, url).toEqual({
          images: 0,
          frames: 0,
          handlers: 0,
          scripts: [expect.stringMatching(/^\/assets\/dashboard-[0-9a-f]{12}\.js$/)],
          javascriptLinks: 0,
        });
      }
      expect([...shown].sort()).toEqual(Object.keys(PAYLOADS).sort());
    });

    it('logs in with a token kept in an HttpOnly cookie, then shows the page asked for', async () => {
      await page.goto(`${guarded.url}/services/shop`);
      await page.waitForURL(`${guarded.url}/login?next=%2Fservices%2Fshop`);
      await page.getByLabel('Token').fill('hf_wrong_token_000000');
      await page.getByRole('button', { name: 'Log in' }).click();
      expect(await visibleText('[role="alert"]')).toContain(
        'Token refused: the server does not know it, or it was revoked',
      );
      problems = problems.filter((problem) => !problem.includes('401'));
      await page.getByLabel('Token').fill(guarded.token ?? '');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${guarded.url}/services/shop`);
      expect(await visibleText('h1')).toBe('shop');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({
        name: 'holdfast_token',
        value: guarded.token,
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      });
      await expect(page.evaluate(() => document.cookie)).resolves.toBe('');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${guarded.url}/login`);
      await expect(context.cookies()).resolves.toEqual([]);
    });
  },
);
