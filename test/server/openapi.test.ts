/**
 * The API document: served at /api/v1/openapi.json, equal to the committed docs/api/openapi.json,
 * and checked by holdfast itself (`holdfast diff committed generated`), which must also catch a
 * breaking change to the API.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, openApiDocument } from '../../src/server/index.js';
import { ROOT, runCli } from '../cli/_run.js';
import { BACKENDS } from '../registry/_backends.js';
import { checkDocumented, startServer, type TestServer } from './_server.js';

const COMMITTED = join(ROOT, 'docs/api/openapi.json');
const generatedText = `${JSON.stringify(openApiDocument(API_ROUTES), null, 2)}\n`;

describe('API document', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(BACKENDS[0]!);
  });

  afterAll(async () => {
    await server.close();
  });

  it('the committed document is the generated one (npm run build && npm run docs:api)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generatedText);
  });

  it('is served without a token at /api/v1/openapi.json', async () => {
    const answer = await server.request('GET', '/api/v1/openapi.json', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(generatedText));
  });

  it('the API tests check every 200 answer against its documented schema', () => {
    const service = { name: 'shop', createdAt: '2025-01-01T00:00:00.000Z', deployCommand: null };
    expect(() => checkDocumented('GET', '/api/v1/services', { services: [service] })).not.toThrow();
    expect(() => checkDocumented('GET', '/api/v1/services', { services: [{ ...service, name: 1 }] })).toThrow(
      'GET /api/v1/services: the answer does not match the document: data/services/0/name must be string',
    );
    expect(() => checkDocumented('GET', '/api/v1/services/shop/versions?x=1', { service: 'shop' })).toThrow(
      "must have required property 'versions'",
    );
  });

  it('lists every route with its role', () => {
    const document = JSON.parse(generatedText) as {
      paths: Record<string, Record<string, { 'x-holdfast-role'?: string }>>;
    };
    for (const route of API_ROUTES) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(document.paths[path]?.[route.method.toLowerCase()]?.['x-holdfast-role']).toBe(route.role);
    }
  });

  it('holdfast diff of the committed document against the served one finds no change', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'holdfast-api-'));
    const served = join(folder, 'served.json');
    writeFileSync(served, (await server.request('GET', '/api/v1/openapi.json', { token: null })).text);
    const run = await runCli(['diff', COMMITTED, served]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`No changes found between ${COMMITTED} and ${served}.\n`);
    expect(run.status).toBe(0);
  });

  it('holdfast diff catches a breaking change to the API (a new required field on deploy)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'holdfast-api-'));
    const changed = JSON.parse(generatedText);
    const schema = changed.paths['/api/v1/deploy'].post.requestBody.content['application/json'].schema;
    schema.properties.ticket = { type: 'string' };
    schema.required.push('ticket');
    const file = join(folder, 'changed.json');
    writeFileSync(file, JSON.stringify(changed));
    const run = await runCli(['diff', COMMITTED, file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('POST /api/v1/deploy');
    expect(run.stdout).toMatch(/ticket/);
  });
});
