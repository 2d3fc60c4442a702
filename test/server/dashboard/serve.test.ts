/**
 * The dashboard inside the real server (`buildServer` with `dashboardPlugin`, as `holdfast serve`
 * registers it): real tokens from the registry, the login cookie the API also accepts, revoked
 * tokens, open reads, and the API left as it was (JSON errors, no dashboard headers). Plus one
 * `holdfast serve` process: it prints the dashboard's URL and serves it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../../src/registry/index.js';
import { CONTENT_SECURITY_POLICY, dashboardPlugin } from '../../../src/server/dashboard/index.js';
import { ROOT } from '../../cli/_run.js';
import { BACKENDS } from '../../registry/_backends.js';
import { V1, V2 } from '../../registry/_contracts.js';
import { startServer, type TestServer } from '../_server.js';

const sqlite = BACKENDS.find((backend) => backend.name === 'sqlite');
if (sqlite === undefined) throw new Error('the SQLite backend is always there');

async function page(server: TestServer, path: string, cookie?: string) {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (cookie !== undefined) headers.cookie = cookie;
  return fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
}

describe('the dashboard in holdfast serve', () => {
  let server: TestServer;

  afterEach(async () => {
    await server?.close();
  });

  it('sends a browser to the login form, takes a real read token, and the cookie then works for pages and the API', async () => {
    server = await startServer(sqlite, { plugins: [dashboardPlugin], log: false });
    const anonymous = await page(server, '/');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('./login?next=%2F');

    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: server.tokens.read, next: '/' }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(`holdfast_token=${server.tokens.read}; HttpOnly; SameSite=Strict; Max-Age=43200`);
    const pair = cookie.split(';')[0] ?? '';

    const overview = await page(server, '/', pair);
    expect(overview.status).toBe(200);
    expect(overview.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await overview.text()).toContain('The registry holds no service yet.');

    const api = await fetch(`${server.url}/api/v1/services`, { headers: { cookie: pair } });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ services: [] });
    expect(api.headers.get('content-security-policy')).toBeNull();
  });

  it('refuses a token the registry does not know at the login form, and a revoked one on the next page', async () => {
    server = await startServer(sqlite, { plugins: [dashboardPlugin], log: false });
    const unknown = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=hf_unknown_token_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      redirect: 'manual',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('set-cookie')).toBeNull();

    await revokeToken(server.store, { name: 'test-read' }, { cwd: server.database.folder });
    const revoked = await page(server, '/services/shop', `holdfast_token=${server.tokens.read}`);
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('../login?next=%2Fservices%2Fshop&token=refused');
  });

  it('keeps the API as it was: JSON 401 without a token, JSON 404 for unknown API paths', async () => {
    server = await startServer(sqlite, { plugins: [dashboardPlugin], log: false });
    const api = await server.request('GET', '/api/v1/services', { token: null, headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    expect(api.body).toMatchObject({ error: { code: 'AUTH_REQUIRED', retryable: false } });
    for (const path of ['/api/v1/nowhere', '/api/v2/services', '/api', '/api/v1/services/shop/nowhere']) {
      const missing = await server.request('GET', path, { token: null, headers: { accept: 'text/html' } });
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('content-type'), path).toBe('application/json; charset=utf-8');
      expect(missing.body, path).toMatchObject({ error: { code: 'HTTP_NOT_FOUND', retryable: false } });
    }
  });

  it('answers a path that is no dashboard page with a "page not found" page, token or not', async () => {
    server = await startServer(sqlite, { plugins: [dashboardPlugin], log: false });
    for (const [path, root] of [
      ['/nowhere', './'],
      ['/services/shop/nowhere/deeper?x=1', '../../../'],
      ['/services/shop/deployments/6/', '../../../../'],
    ] as const) {
      for (const cookie of [undefined, `holdfast_token=${server.tokens.read}`]) {
        const response = await page(server, path, cookie);
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
        expect(response.headers.get('cache-control')).toBe('no-store');
        const body = await response.text();
        expect(body).toContain('<title>Page not found · holdfast</title>');
        expect(body).toContain(`<code>${path.split('?')[0]}</code>: the link is wrong or out of date.`);
        expect(body).toContain(`<p><a href="${root}">Back to the overview</a></p>`);
        expect(body).toMatch(
          new RegExp(
            `<link rel="stylesheet" href="${root.replaceAll('.', '\\.')}assets/dashboard-[0-9a-f]{12}\\.css">`,
          ),
        );
        // The log-out button only for a browser that logged in.
        expect(body.includes('Log out'), `${path} ${cookie}`).toBe(cookie !== undefined);
      }
    }
    // A POST too (a form sent to a stale URL), and a path carrying markup is shown as text.
    const posted = await fetch(`${server.url}/old-form`, { method: 'POST', redirect: 'manual' });
    expect(posted.status).toBe(404);
    expect(await posted.text()).toContain('<h1>Page not found</h1>');
    const evil = await page(server, '/%3Cscript%3Ealert(1)%3C/script%3E');
    expect(evil.status).toBe(404);
    const text = await evil.text();
    expect(text).not.toContain('<script>alert');
    expect(text).toContain('<code>/%3Cscript%3Ealert(1)%3C/script%3E</code>');
  });

  it('needs no token with open reads, and says so on the login page', async () => {
    server = await startServer(sqlite, { plugins: [dashboardPlugin], log: false, openReads: true });
    expect((await page(server, '/')).status).toBe(200);
    expect(await (await page(server, '/login')).text()).toContain(
      'Reads are open on this server: the dashboard needs no token.',
    );
  });
});

describe('holdfast serve', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-serve-dashboard-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('prints the dashboard URL, serves it with the first admin token, and judges deployments with its configuration', async () => {
    // The project configuration in the folder it runs in: the deployment page uses it.
    writeFileSync(
      join(folder, 'holdfast.yaml'),
      'deploy-command: ./deploy.sh {service} {version} {env}\ndeploy-compare:\n  window: 30m\n  min-requests: 5\n',
    );
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/holdfast.js'), 'serve', '--port', '0', '--registry', join(folder, 'registry.db')],
      {
        cwd: folder,
        env: { ...process.env, HOLDFAST_DB: '', HOLDFAST_DATABASE_URL: '' },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stderr = '';
    try {
      const started = await new Promise<{ dashboard: string; token: string }>((resolve, reject) => {
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
          const dashboard = /holdfast serve: dashboard (http:\/\/\S+)\n/.exec(stderr)?.[1];
          const token = /shown once[^\n]*\n(hf_\S+)\n/.exec(stderr)?.[1];
          if (dashboard !== undefined && token !== undefined) resolve({ dashboard, token });
        });
        exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      expect(started.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(started.dashboard, { headers: { cookie: `holdfast_token=${started.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<h1>What is live where</h1>');

      const api = (path: string, body: unknown) =>
        fetch(`${started.dashboard}api/v1/${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      for (const [version, source] of [
        ['1.0.0', V1],
        ['1.1.0', V2],
      ] as const) {
        expect((await api('publish', { service: 'shop', version, contract: source.text })).status).toBe(200);
        expect((await api('deploy', { service: 'shop', version, environment: 'production' })).status).toBe(200);
      }
      const deployment = await fetch(`${started.dashboard}services/shop/deployments/2`, {
        headers: { cookie: `holdfast_token=${started.token}` },
      });
      expect(deployment.status).toBe(200);
      const page = (await deployment.text())
        .replace(/<[^>]+>/g, ' ')
        .replaceAll('&#39;', "'")
        .replace(/\s+/g, ' ');
      expect(page).toContain(
        "Thresholds (deploy-compare in holdfast.yaml, the server's configuration: window, min-requests; the defaults of deploy compare otherwise)",
      );
      expect(page).toContain('--deployment deploy-2 --window 30m --min-requests 5');
      expect(page).toContain('./deploy.sh shop 1.0.0 production');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // Nothing was being written: no "finishing 0 writes".
    expect(stderr).toMatch(/\nholdfast serve: SIGTERM: stopping\nholdfast serve: stopped\n$/);
  });
});
