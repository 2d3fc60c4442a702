/**
 * The CLI's HTTP client against a real server: results are the registry's objects, errors come
 * back as the same AppError, and retryable answers are tried again only when repeating is safe.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { RegistryClient } from '../../src/server/client.js';
import { BACKENDS } from '../registry/_backends.js';
import { V1 } from '../registry/_contracts.js';
import { startServer, type TestServer } from './_server.js';

describe('RegistryClient', () => {
  let server: TestServer;
  let waits: number[];

  beforeEach(async () => {
    server = await startServer(BACKENDS[0]!);
    waits = [];
  });

  afterEach(async () => {
    server.app.holdfast.closing = false;
    await server.close();
  });

  function client(token = server.tokens.admin): RegistryClient {
    return new RegistryClient({
      server: `${server.url}/`,
      token,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
        // The server comes back while the client waits.
        server.app.holdfast.closing = false;
      },
    });
  }

  it('retries a write the server refused while stopping (it never started), and succeeds', async () => {
    server.app.holdfast.closing = true;
    const result = await client().publish({ service: 'shop', version: '1.0.0', source: V1 });
    expect(result).toMatchObject({ status: 'created', version: { service: 'shop', version: '1.0.0' } });
    expect(waits).toEqual([1000]);
  });

  it('gives up after three tries with the last error', async () => {
    const stubborn = new RegistryClient({
      server: server.url,
      token: server.tokens.admin,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    server.app.holdfast.closing = true;
    const failure = await stubborn.listServices().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'SERVER_SHUTTING_DOWN', retryable: true, exitCode: 2 });
    expect((failure as Error).message).toMatch(
      / Temporary; retrying may help \(this command tried 3 times over 3 s\)\.$/,
    );
    expect(waits).toEqual([1000, 2000]);
  });

  it('does not retry what is not retryable, and keeps the exit code the registry gave', async () => {
    await client().publish({ service: 'shop', version: '1.0.0', source: V1 });
    const failure = await client()
      .undo({ eventId: 'publish-1', reason: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'REGISTRY_UNDO_REFUSED', exitCode: 1, retryable: false });
    expect(waits).toEqual([]);
  });

  it('takes the API URL serve prints (…/api/v1) as the server, with or without a slash', async () => {
    await client().publish({ service: 'shop', version: '1.0.0', source: V1 });
    for (const suffix of ['/api/v1', '/api/v1/']) {
      const api = new RegistryClient({ server: `${server.url}${suffix}`, token: server.tokens.read });
      expect((await api.listServices()).services.map((service) => service.name)).toEqual(['shop']);
    }
  });

  it('says an HTML answer is a page, not holdfast, and names the URL it used', async () => {
    // What a proxy answers when the sub-path was left out of --server (nginx's own 404 page).
    const proxy = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end(
        '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body><center><h1>404 Not Found</h1></center><hr><center>nginx/1.22.1</center></body></html>',
      );
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const failure = await new RegistryClient({ server: `${base}/`, token: server.tokens.read })
        .listServices()
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'SERVER_BAD_RESPONSE', retryable: false, exitCode: 2 });
      expect((failure as Error).message).toBe(
        `Unexpected answer from GET ${base}/api/v1/services: HTTP 404, an HTML page ("404 Not Found"); expected holdfast's JSON. Check that --server (or HOLDFAST_SERVER) is the URL holdfast serve prints first ("listening on http://HOST:PORT"), or behind a proxy that URL plus the proxy's prefix; it is ${base}; retrying will not help.`,
      );
    } finally {
      proxy.close();
    }
  });

  it('https:// to the plain-HTTP server: a clear error, not retried', async () => {
    const tls = new RegistryClient({
      server: server.url.replace('http:', 'https:'),
      token: server.tokens.read,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    const failure = await tls.listServices().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'SERVER_UNREACHABLE', retryable: false, exitCode: 2 });
    expect((failure as Error).message).toBe(
      `Could not reach the holdfast server ${server.url.replace('http:', 'https:')} over HTTPS: it answered in plain HTTP; expected a server that speaks HTTPS there. holdfast serve itself speaks plain HTTP: use http:// for it, and https:// for a proxy that terminates TLS; retrying will not help.`,
    );
    expect(waits).toEqual([]);
  });

  it('refuses a HOLDFAST_TOKEN that is a header value or several words, without repeating it', () => {
    const token = server.tokens.read;
    expect(() => new RegistryClient({ server: server.url, token: `Bearer ${token}` })).toThrow(
      'Invalid HOLDFAST_TOKEN: it starts with "Bearer ", a header value; expected the token alone (hf_ and 43 characters, as holdfast token create prints it). Remove "Bearer "; retrying will not help.',
    );
    expect(() => new RegistryClient({ server: server.url, token: `${token} ${token}` })).toThrow(
      'Invalid HOLDFAST_TOKEN: it holds several words; expected one token (hf_ and 43 characters, as holdfast token create prints it). Set it to the token alone; retrying will not help.',
    );
  });

  it('refuses a server URL that is not http(s)', () => {
    expect(() => new RegistryClient({ server: 'ftp://x' })).toThrow(
      'Invalid server URL "ftp://x": scheme ftp:; expected http(s)://host[:port] (--server or HOLDFAST_SERVER).',
    );
  });
});
