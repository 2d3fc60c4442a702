/**
 * The HTTP API against a real server on a random port and a real database: each operation returns
 * the object the CLI renders with --format json, errors are one JSON shape with stable codes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../registry/_backends.js';
import { V1, V2, V3 } from '../registry/_contracts.js';
import { checkDocumented, startServer, type TestServer } from './_server.js';

describe.each(BACKENDS)('API on $name', (backend) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startServer(backend);
  });

  afterEach(async () => {
    await server.close();
  });

  async function seed(): Promise<void> {
    for (const [version, source] of [
      ['1.0.0', V1],
      ['1.1.0', V2],
      ['2.0.0', V3],
    ] as const) {
      const answer = await server.request('POST', '/api/v1/publish', {
        body: { service: 'shop', version, contract: source.text, name: source.displayName },
      });
      expect(answer.status).toBe(200);
    }
    for (const version of ['1.0.0', '1.1.0']) {
      const answer = await server.request('POST', '/api/v1/deploy', {
        body: { service: 'shop', version, environment: 'production', owner: 'ana', rollbackNote: 'redeploy 1.0.0' },
      });
      expect(answer.status).toBe(200);
    }
  }

  it('documents history events, rollback steps, deploy compare and usage rows item by item (each answer is checked against them)', async () => {
    await seed();
    const recorded = await server.request('POST', '/api/v1/rollback/record', {
      body: { service: 'shop', environment: 'production', to: '1.0.0', from: '1.1.0', by: 'bob', reason: 'errors' },
    });
    await server.request('POST', '/api/v1/undo', {
      body: { eventId: (recorded.body as { rollback: { eventId: string } }).rollback.eventId, reason: 'wrong record' },
    });
    const history = await server.request('GET', '/api/v1/services/shop/history');
    expect(history.status).toBe(200);
    const events = (history.body as { events: Array<{ kind: string }> }).events;
    expect(new Set(events.map((event) => event.kind))).toEqual(
      new Set(['published', 'deployed', 'rolled-back', 'undone']),
    );
    // The schemas are real: an event missing its fields, or of an unknown kind, does not pass.
    const valid = history.body as Record<string, unknown>;
    expect(() =>
      checkDocumented('GET', '/api/v1/services/shop/history', {
        ...valid,
        events: [{ kind: 'deployed', id: 'deploy-1' }],
      }),
    ).toThrow(/does not match the document/);
    expect(() =>
      checkDocumented('GET', '/api/v1/services/shop/history', { ...valid, events: [{ ...events[0], kind: 'moved' }] }),
    ).toThrow(/does not match the document/);

    const plan = await server.request('POST', '/api/v1/rollback/plan', {
      body: { service: 'shop', environment: 'production', deployCommand: 'make deploy V={version}' },
    });
    expect(plan.status).toBe(200);
    const steps = (plan.body as { steps: Array<{ number: number; command: string | null }> }).steps;
    expect(steps[0]).toMatchObject({ number: 1, command: 'make deploy V=1.0.0' });
    expect(() =>
      checkDocumented('POST', '/api/v1/rollback/plan', { ...(plan.body as object), steps: [{ number: '1' }] }),
    ).toThrow(/does not match the document/);

    const line = (minutesAgo: number) => {
      const time = new Date(Date.now() - minutesAgo * 60_000);
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const pad = (value: number) => String(value).padStart(2, '0');
      return `10.0.0.1 - - [${pad(time.getUTCDate())}/${months[time.getUTCMonth()]}/${time.getUTCFullYear()}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000] "GET /items/${minutesAgo} HTTP/1.1" 200 12 "-" "curl/8.5.0" 0.020`;
    };
    const ingest = await server.request(
      'POST',
      '/api/v1/usage/ingest?service=shop&environment=production&name=access.log',
      {
        body: `${[5, 10, 20, 30].map(line).join('\n')}\nnot a log line\n`,
        headers: { 'content-type': 'text/plain' },
      },
    );
    expect(ingest.status).toBe(200);
    expect(ingest.body).toMatchObject({ files: [{ path: 'access.log', lines: 5, matched: 4, unparseable: 1 }] });
    const usage = await server.request('GET', '/api/v1/services/shop/environments/production/usage');
    expect(usage.body).toMatchObject({
      operations: [{ operation: 'GET /items/{item_id}', calls: 4, topClients: [{ client: 'curl', calls: 4 }] }],
      clients: [{ client: 'curl', calls: 4, operations: [{ operation: 'GET /items/{item_id}', calls: 4 }] }],
    });
    const compare = await server.request('POST', '/api/v1/deploy/compare', {
      body: { service: 'shop', environment: 'production', deployment: 'deploy-1' },
    });
    expect(compare.status).toBe(200);
    expect(compare.body).toMatchObject({ thresholds: { minRequests: 20 }, verdict: 'not-enough-data' });
    expect(
      (compare.body as { operations: Array<{ operation: string; before: { requests: number } }> }).operations.map(
        (row) => [row.operation, row.before.requests],
      ),
    ).toEqual([
      ['(all operations)', 4],
      ['GET /items/{item_id}', 4],
    ]);
  });

  it('publishes, deploys, answers can-i-deploy, plans and records a rollback, undoes, lists and diffs', async () => {
    await seed();
    const repeat = await server.request('POST', '/api/v1/publish', {
      body: { service: 'shop', version: '1.0.0', contract: V1.text },
    });
    expect(repeat.body).toMatchObject({ status: 'unchanged', version: { service: 'shop', version: '1.0.0' } });

    const answer = await server.request('POST', '/api/v1/can-i-deploy', {
      body: { service: 'shop', version: '2.0.0', environment: 'production' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ verdict: 'no', live: { version: '1.1.0', owner: 'ana' } });

    const plan = await server.request('POST', '/api/v1/rollback/plan', {
      body: { service: 'shop', environment: 'production' },
    });
    expect(plan.body).toMatchObject({
      target: { version: '1.0.0' },
      safe: false,
      note: { rollbackNote: 'redeploy 1.0.0' },
    });

    const recorded = await server.request('POST', '/api/v1/rollback/record', {
      body: { service: 'shop', environment: 'production', to: '1.0.0', from: '1.1.0', by: 'bob', reason: 'errors' },
    });
    expect(recorded.status).toBe(200);
    const rollbackId = (recorded.body as { rollback: { eventId: string } }).rollback.eventId;
    const undone = await server.request('POST', '/api/v1/undo', {
      body: { eventId: rollbackId, reason: 'wrong record' },
    });
    expect(undone.body).toMatchObject({ live: { version: '1.1.0' } });

    expect((await server.request('GET', '/api/v1/services')).body).toMatchObject({ services: [{ name: 'shop' }] });
    expect((await server.request('GET', '/api/v1/environments')).body).toMatchObject({
      environments: [{ name: 'production', production: false }],
    });
    const versions = await server.request('GET', '/api/v1/services/shop/versions');
    expect((versions.body as { versions: Array<{ version: string }> }).versions.map((entry) => entry.version)).toEqual([
      '2.0.0',
      '1.1.0',
      '1.0.0',
    ]);
    const shown = await server.request('GET', '/api/v1/services/shop/versions/1.0.0');
    expect(JSON.parse((shown.body as { text: string }).text)).toMatchObject({ openapi: '3.1.0' });
    const history = await server.request('GET', '/api/v1/services/shop/history?environment=production&limit=2');
    expect(history.body).toMatchObject({ limit: 2, truncated: true, environment: 'production' });
    const diff = await server.request('GET', '/api/v1/services/shop/diff?base=1.0.0&revision=2.0.0');
    expect(diff.body).toMatchObject({ blocked: true, base: { version: '1.0.0' }, revision: { version: '2.0.0' } });
    expect(
      (diff.body as { comparison: { summary: { breaking: number } } }).comparison.summary.breaking,
    ).toBeGreaterThan(0);
  });

  it('ingests an uploaded access log once, and shows usage', async () => {
    await seed();
    const log = [
      '127.0.0.1:5000 - "GET /items/1 HTTP/1.1" 200',
      '127.0.0.1:5000 - "GET /items/2 HTTP/1.1" 200',
      '127.0.0.1:5000 - "GET /nowhere HTTP/1.1" 404',
    ].join('\n');
    const upload = () =>
      server.request('POST', '/api/v1/usage/ingest?service=shop&environment=production&name=access.log', {
        body: `${log}\n`,
        headers: { 'content-type': 'text/plain' },
      });
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: '1.1.0',
      files: [{ path: 'access.log', status: 'ingested' }],
      totals: { matched: 2, unmatched: 1 },
    });
    const again = await upload();
    expect(again.body).toMatchObject({ files: [{ path: 'access.log', status: 'unchanged' }], totals: { matched: 0 } });
    const usage = await server.request('GET', '/api/v1/services/shop/environments/production/usage?days=36500');
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ totalCalls: 2, operations: [{ operation: 'GET /items/{item_id}', calls: 2 }] });
  });

  it('counts standard input (name "-") every time, as a local ingest of stdin does', async () => {
    await seed();
    const upload = () =>
      server.request('POST', '/api/v1/usage/ingest?service=shop&environment=production&name=-', {
        body: '127.0.0.1:5000 - "GET /items/1 HTTP/1.1" 200\n',
        headers: { 'content-type': 'text/plain' },
      });
    for (let time = 0; time < 2; time++) {
      const answer = await upload();
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ files: [{ path: '-', status: 'stdin' }], totals: { matched: 1 } });
    }
    const usage = await server.request('GET', '/api/v1/services/shop/environments/production/usage?days=36500');
    expect(usage.body).toMatchObject({ totalCalls: 2 });
  });

  it('answers errors as JSON with a stable code, the message, retryable and the exit code', async () => {
    await seed();
    const unknown = await server.request('GET', '/api/v1/services/nope/versions');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: {
        code: 'REGISTRY_UNKNOWN_SERVICE',
        message: expect.stringMatching(
          /^Unknown service "nope": the registry .* has services "shop"; expected the name of a published service\./,
        ),
        retryable: false,
        exitCode: 2,
      },
    });
    const conflict = await server.request('POST', '/api/v1/publish', {
      body: { service: 'shop', version: '1.0.0', contract: V2.text },
    });
    expect(conflict.status).toBe(409);
    expect((conflict.body as { error: { code: string } }).error.code).toBe('REGISTRY_VERSION_CONFLICT');

    const invalid = await server.request('POST', '/api/v1/deploy', { body: { service: 'shop', version: '1.0.0' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      error: {
        code: 'HTTP_BAD_REQUEST',
        message:
          "Invalid request to POST /api/v1/deploy: body must have required property 'environment'; expected what /api/v1/openapi.json describes for it. Fix the request; retrying will not help.",
        retryable: false,
        exitCode: 2,
      },
    });
    const extra = await server.request('POST', '/api/v1/deploy', {
      body: { service: 'shop', version: '1.0.0', environment: 'production', colour: 'blue' },
    });
    expect((extra.body as { error: { message: string } }).error.message).toContain(
      'body must NOT have additional properties',
    );

    const notJson = await server.request('POST', '/api/v1/deploy', { body: '{"service":' });
    expect(notJson.status).toBe(400);
    expect((notJson.body as { error: { code: string } }).error.code).toBe('HTTP_BAD_REQUEST');

    const missing = await server.request('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect((missing.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'HTTP_NOT_FOUND',
      message:
        'No route GET /api/v1/nothing-here: not part of this API; expected a path from /api/v1/openapi.json. Fix the URL; retrying will not help.',
    });

    const unpublishable = await server.request('POST', '/api/v1/publish', {
      body: { service: 'shop', version: '9.0.0', contract: 'hello: world' },
    });
    expect(unpublishable.status).toBe(422);
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const answer = await server.request('POST', '/api/v1/deploy', {
      body: { service: big, version: '1', environment: 'p' },
    });
    expect(answer.status).toBe(413);
    expect((answer.body as { error: { code: string } }).error.code).toBe('HTTP_BODY_TOO_LARGE');
  });

  it('serves /healthz, /readyz and a request id, and logs one JSON line per request without the token', async () => {
    expect((await server.request('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/readyz', { token: null })).body).toEqual({
      status: 'ready',
      database: backend.name,
    });
    const answer = await server.request('GET', '/api/v1/services', { headers: { 'x-request-id': 'req-42' } });
    expect(answer.headers.get('x-request-id')).toBe('req-42');
    const odd = await server.request('GET', '/api/v1/services', { headers: { 'x-request-id': `${'x'.repeat(200)}` } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = server.logs.map((text) => JSON.parse(text)).find((entry) => entry.requestId === 'req-42');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/api/v1/services',
      status: 200,
      caller: 'test-admin',
    });
    expect(typeof line.durationMs).toBe('number');
    const everything = server.logs.join('\n');
    for (const token of Object.values(server.tokens)) expect(everything).not.toContain(token);
  });
});

describe('timeouts and shutdown', () => {
  it('a write past its timeout answers 503 HTTP_TIMEOUT with Retry-After, and still completes', async () => {
    let pause = 0;
    const server = await startServer(
      BACKENDS[0]!,
      { writeTimeoutMs: 100 },
      { beforeCommit: () => new Promise((resolve) => setTimeout(resolve, pause)) },
    );
    try {
      pause = 400;
      const answer = await server.request('POST', '/api/v1/environments', { body: { name: 'staging' } });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toEqual({
        error: {
          code: 'HTTP_TIMEOUT',
          message:
            'POST /api/v1/environments timed out: no answer within 100 ms; expected the registry to answer sooner. The write may still complete: check with history before repeating it (publish and deploy repeated with the same input change nothing). Temporary; retrying may help.',
          retryable: true,
          exitCode: 2,
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      pause = 0;
      expect((await server.request('GET', '/api/v1/environments')).body).toMatchObject({
        environments: [{ name: 'staging' }],
      });
    } finally {
      await server.close();
    }
  });

  it('once shutdown began, new requests get 503 SERVER_SHUTTING_DOWN', async () => {
    const server = await startServer(BACKENDS[0]!);
    try {
      server.app.holdfast.closing = true;
      const answer = await server.request('GET', '/api/v1/services');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect((answer.body as { error: { code: string } }).error.code).toBe('SERVER_SHUTTING_DOWN');
      server.app.holdfast.closing = false;
    } finally {
      await server.close();
    }
  });
});
