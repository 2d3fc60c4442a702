/**
 * Every API route without a token (401 AUTH_REQUIRED), with a revoked token (401 AUTH_INVALID),
 * with a token one role too low (403 AUTH_FORBIDDEN), with the cookie instead of the header, and
 * with reads opened by the operator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken, TOKEN_ROLES, type TokenRole } from '../../src/registry/index.js';
import { API_ROUTES } from '../../src/server/index.js';
import { BACKENDS } from '../registry/_backends.js';
import { startServer, type TestServer } from './_server.js';

const ROUTES = API_ROUTES.map((route) => ({
  name: `${route.method} ${route.path}`,
  method: route.method,
  path: `/api/v1${route.path.replace(/:(\w+)/g, (_match, name: string) => (name === 'name' ? 'test-read' : 'x'))}`,
  role: route.role,
}));

function below(role: TokenRole): TokenRole | undefined {
  return TOKEN_ROLES[TOKEN_ROLES.indexOf(role) - 1];
}

describe.each(BACKENDS)('auth on $name', (backend) => {
  let server: TestServer;
  let revoked: string;

  beforeAll(async () => {
    server = await startServer(backend);
    const created = await server.request('POST', '/api/v1/tokens', { body: { name: 'soon-revoked', role: 'admin' } });
    revoked = (created.body as { token: string }).token;
    await revokeToken(server.store, { name: 'soon-revoked' }, { cwd: server.database.folder });
  });

  afterAll(async () => {
    await server.close();
  });

  it.each(ROUTES)('$name: 401 without a token', async (route) => {
    const answer = await server.request(route.method, route.path, {
      token: null,
      body: route.method === 'GET' ? undefined : {},
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: {
        code: 'AUTH_REQUIRED',
        message: `Missing token for ${route.method} /api/v1${route.name.split(' ')[1]}: no Authorization: Bearer header and no holdfast_token cookie; expected a token with role ${route.role} or higher. Send a token (holdfast token create --role ROLE --name NAME); for the CLI set HOLDFAST_TOKEN; retrying will not help.`,
        retryable: false,
        exitCode: 2,
      },
    });
  });

  it.each(ROUTES)('$name: 401 with a revoked token', async (route) => {
    const answer = await server.request(route.method, route.path, {
      token: revoked,
      body: route.method === 'GET' ? undefined : {},
    });
    expect(answer.status).toBe(401);
    expect((answer.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'AUTH_INVALID',
      message: expect.stringContaining('the token is unknown or revoked'),
    });
  });

  it.each(ROUTES.filter((route) => below(route.role) !== undefined))(
    '$name: 403 with a token of too low a role',
    async (route) => {
      const role = below(route.role) ?? 'read';
      const answer = await server.request(route.method, route.path, {
        token: server.tokens[role],
        body: route.method === 'GET' ? undefined : {},
      });
      expect(answer.status).toBe(403);
      expect((answer.body as { error: { code: string; message: string } }).error.message).toBe(
        `Forbidden: token "test-${role}" has role ${role}; expected role ${route.role} or higher for ${route.method} /api/v1${route.name.split(' ')[1]}. Use a token with role ${route.role} (roles: read < publish < deploy < admin); retrying will not help.`,
      );
    },
  );

  it('takes the token from the holdfast_token cookie too', async () => {
    const answer = await server.request('GET', '/api/v1/services', {
      token: null,
      headers: { cookie: `theme=dark; holdfast_token=${encodeURIComponent(server.tokens.read)}` },
    });
    expect(answer.status).toBe(200);
  });

  it('a garbage Authorization header is an unreadable one (401 AUTH_REQUIRED), an unknown token is invalid', async () => {
    const basic = await server.request('GET', '/api/v1/services', {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect((basic.body as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
    // Said as what it is, without repeating the header (it may hold a token).
    expect((basic.body as { error: { message: string } }).error.message).toBe(
      'Unreadable Authorization header for GET /api/v1/services: found "Basic" followed by 1 word; expected "Bearer TOKEN" with one token of role read or higher. Send Authorization: Bearer hf_...; for the CLI set HOLDFAST_TOKEN to the token alone; retrying will not help.',
    );
    const doubled = await server.request('GET', '/api/v1/services', {
      token: null,
      headers: { authorization: `Bearer Bearer ${server.tokens.read}` },
    });
    expect(doubled.status).toBe(401);
    expect((doubled.body as { error: { message: string } }).error.message).toBe(
      'Unreadable Authorization header for GET /api/v1/services: found "Bearer" followed by 2 words; expected "Bearer TOKEN" with one token of role read or higher. Send Authorization: Bearer hf_...; for the CLI set HOLDFAST_TOKEN to the token alone; retrying will not help.',
    );
    expect(doubled.text).not.toContain(server.tokens.read);
    const unknown = await server.request('GET', '/api/v1/services', { token: 'hf_not-a-real-token' });
    expect((unknown.body as { error: { code: string } }).error.code).toBe('AUTH_INVALID');
  });
});

describe('open reads', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(BACKENDS[0]!, { openReads: true });
  });

  afterAll(async () => {
    await server.close();
  });

  it('read routes answer without a token; writes still need one', async () => {
    expect((await server.request('GET', '/api/v1/services', { token: null })).status).toBe(200);
    expect((await server.request('GET', '/api/v1/services/x/versions', { token: null })).status).toBe(404);
    const write = await server.request('POST', '/api/v1/deploy', { token: null, body: {} });
    expect(write.status).toBe(401);
    // A token that is sent is still checked.
    const revokedLike = await server.request('GET', '/api/v1/services', { token: 'hf_unknown' });
    expect(revokedLike.status).toBe(401);
  });
});
