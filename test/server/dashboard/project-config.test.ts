/**
 * The deployment page judges with the server's project configuration: `deploy-compare` (window and
 * thresholds) and `deploy-command` from the holdfast.yaml / [tool.holdfast] `holdfast serve` loaded
 * at start, and says which thresholds it used. The same numbers as `holdfast deploy compare` with
 * those settings; a deploy command recorded with `holdfast service set` still wins.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDeployment, setService } from '../../../src/registry/index.js';
import { registerDashboard } from '../../../src/server/dashboard/index.js';
import { type Seeded, seedRegistry } from './_fixture.js';

let folder: string;
let seeded: Seeded;
let plain: FastifyInstance;
let configured: FastifyInstance;

const PROJECT = {
  displayName: 'holdfast.yaml',
  deployCommand: './deploy.sh {service} {version} {env}',
  deployCompare: { windowMinutes: 30, minRequests: 5, rollback5xxIncrease: 0.02, investigateP95Ratio: 1.25 },
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'holdfast-dashboard-config-'));
  seeded = await seedRegistry(folder);
  plain = Fastify();
  await registerDashboard(plain, { store: seeded.store, registryOptions: seeded.options });
  configured = Fastify();
  await registerDashboard(configured, { store: seeded.store, registryOptions: seeded.options, project: PROJECT });
}, 60_000);

afterAll(async () => {
  await plain?.close();
  await configured?.close();
  await seeded?.store.close();
  rmSync(folder, { recursive: true, force: true });
});

function text(body: string): string {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const page = async (app: FastifyInstance, url: string) => {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  expect(response.statusCode, url).toBe(200);
  return response.body;
};

describe('the deployment page and the server configuration', () => {
  it('without deploy-compare, says the defaults were used', async () => {
    const body = text(await page(plain, `/services/shop/deployments/${seeded.deployments.production200}`));
    expect(body).toContain(
      'Thresholds (the defaults of deploy compare: the server found no configuration): roll back at 5xx +5 points or p95 ×2; investigate at 5xx +1 point, 4xx +10 points, p95 ×1.5 (and at least 50 ms more) or traffic down 50 %; 20 requests a side for a verdict.',
    );
  });

  it("judges with deploy-compare's window and thresholds, names them, and gives the command with the same numbers", async () => {
    const id = seeded.deployments.production200;
    const html = await page(configured, `/services/shop/deployments/${id}`);
    const body = text(html);
    expect(body).toContain(
      "Thresholds (deploy-compare in holdfast.yaml, the server's configuration: window, min-requests, rollback-5xx-increase, investigate-p95-ratio; the defaults of deploy compare otherwise): roll back at 5xx +2 points or p95 ×2; investigate at 5xx +1 point, 4xx +10 points, p95 ×1.25 (and at least 50 ms more) or traffic down 50 %; 5 requests a side for a verdict.",
    );
    expect(html).toContain('<option value="30" selected>30 min each side</option>');
    expect(body).toContain(
      `Same numbers as holdfast deploy compare --service shop --env production --deployment deploy-${id} --window 30m --min-requests 5 --rollback-5xx-increase 2% --investigate-p95-ratio 1.25 .`,
    );
    const { windowMinutes, ...thresholds } = PROJECT.deployCompare;
    const expected = await compareDeployment(
      seeded.store,
      { service: 'shop', environment: 'production', deployment: String(id), windowMinutes, thresholds },
      seeded.options,
    );
    expect(expected.thresholds.rollback5xxIncrease).toBe(0.02);
    expect(body).toContain(`${expected.verdictText} All operations:`);
    expect(body).toContain(`(30 minutes, ${expected.before.requests} requests)`);
    // The picker still overrides the configured window.
    const hour = text(await page(configured, `/services/shop/deployments/${id}?window=60`));
    expect(hour).toContain(`--deployment deploy-${id} --window 60m --min-requests 5`);
    expect(hour).toContain('(60 minutes,');
  });

  it('plans rollbacks with deploy-command, unless the service recorded its own', async () => {
    const url = `/services/shop/deployments/${seeded.deployments.productionRollback}`;
    // `holdfast service set` (the fixture records one for shop) wins over the configuration.
    expect(text(await page(configured, url))).toContain('make deploy SERVICE=shop VERSION=1.0.0 ENV=production');
    await setService(seeded.store, { service: 'shop', deployCommand: '' }, seeded.options);
    const body = text(await page(configured, url));
    expect(body).toContain('./deploy.sh shop 1.0.0 production');
    expect(body).not.toContain('make deploy');
    // Without the configuration, no deploy command at all.
    expect(text(await page(plain, url))).not.toContain('./deploy.sh');
  });
});
