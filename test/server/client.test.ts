/**
 * The CLI's HTTP client against a real server: results are the registry's objects, errors come
 * back as the same AppError, and retryable answers are tried again only when repeating is safe.
 */
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

  it('refuses a server URL that is not http(s)', () => {
    expect(() => new RegistryClient({ server: 'ftp://x' })).toThrow(
      'Invalid server URL "ftp://x": scheme ftp:; expected http(s)://host[:port] (--server or HOLDFAST_SERVER).',
    );
  });
});
