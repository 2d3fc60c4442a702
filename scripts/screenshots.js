#!/usr/bin/env node
// Screenshots of every dashboard page, light and dark, into docs/images/ (used by the README and
// docs/dashboard.md). Seeds a throwaway SQLite registry with the browser test's fixture
// (test/server/dashboard/_fixture.ts, bundled here with esbuild), serves the dashboard on
// 127.0.0.1 and drives Debian's Chromium with playwright-core.
//
//   node scripts/screenshots.js            # all pages, both themes
//   CHROMIUM=/path/to/chrome node scripts/screenshots.js
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  process.stderr.write(
    `screenshots: no Chromium at ${executablePath}; expected Debian's chromium (apt-get install -y chromium) or CHROMIUM=path.\n`,
  );
  process.exit(2);
}

// Inside node_modules so the bundle's bare imports (fastify, kysely, ...) resolve to the project's.
const cache = join(root, 'node_modules/.cache/holdfast-screenshots');
mkdirSync(cache, { recursive: true });
const fixturePath = join(cache, 'fixture.mjs');
await build({
  entryPoints: [join(root, 'test/server/dashboard/_fixture.ts')],
  outfile: fixturePath,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { seedRegistry, startDashboard } = await import(pathToFileURL(fixturePath).href);

const folder = mkdtempSync(join(tmpdir(), 'holdfast-screenshots-'));
const seeded = await seedRegistry(folder, root, { payloads: false });
const running = await startDashboard(seeded);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless'] });
const output = join(root, 'docs/images');
mkdirSync(output, { recursive: true });

const pages = [
  { name: 'overview', path: '/' },
  { name: 'service', path: '/services/shop' },
  { name: 'diff', path: '/services/shop/diff?base=1.1.0&revision=2.0.0&env=production' },
  { name: 'deployment', path: `/services/shop/deployments/${seeded.deployments.production200}` },
  { name: 'rollback-plan', path: `/services/shop/deployments/${seeded.deployments.productionRollback}#rollback-plan` },
  { name: 'usage', path: '/services/shop/usage?env=production' },
];

try {
  for (const theme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
    // Nothing leaves 127.0.0.1, here as in the test.
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    for (const { name, path } of pages) {
      await page.goto(running.url + path);
      const file = join(output, `dashboard-${name}-${theme}.png`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const hash = path.includes('#') ? path.slice(path.indexOf('#') + 1) : null;
      const top = hash === null ? 0 : await page.evaluate((id) => document.getElementById(id)?.offsetTop ?? 0, hash);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: Math.max(0, top - 16), width: 1280, height: Math.min(1400, height - Math.max(0, top - 16)) },
      });
      process.stdout.write(`screenshots: ${file.slice(root.length + 1)}\n`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await running.close();
  await seeded.store.close();
  rmSync(folder, { recursive: true, force: true });
}
