/**
 * A real uvicorn serves the example shop; real HTTP requests go to it; its real access log (its
 * stdout, written to a file) is ingested against the contract the running app serves.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStream, mergeCells, openLogFile, Router, routesFromOpenApi } from '../../src/usage/index.js';
import { HAS_FASTAPI, PYTHON, SHOP, temporaryFolder } from '../extract/_python.js';

const HAS_UVICORN = HAS_FASTAPI && spawnSync(PYTHON, ['-c', 'import uvicorn'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!HAS_UVICORN)('a real uvicorn access log', () => {
  let server: ChildProcess | undefined;
  let folder: { path: string; remove: () => Promise<void> };
  let logPath = '';
  let base = '';

  beforeAll(async () => {
    folder = await temporaryFolder('holdfast-usage-live-');
    logPath = join(folder.path, 'access.log');
    const logFd = openSync(logPath, 'w');
    server = spawn(
      PYTHON,
      ['-m', 'uvicorn', 'shop.main:app', '--app-dir', join(SHOP, 'v1'), '--host', '127.0.0.1', '--port', '0'],
      { stdio: ['ignore', logFd, 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
    );
    closeSync(logFd);
    // uvicorn prints the port it bound (port 0 = any free one) on stderr once it serves.
    base = await new Promise<string>((resolve, reject) => {
      let errors = '';
      const timer = setTimeout(() => reject(new Error(`uvicorn did not start:\n${errors}`)), 20_000);
      server!.stderr!.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
        const match = /Uvicorn running on (http:\/\/127\.0\.0\.1:\d+)/.exec(errors);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      server!.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`uvicorn exited with ${code}:\n${errors}`));
      });
    });
  }, 30_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await folder?.remove();
  });

  it('counts every request the server logged, by operation and status class', async () => {
    const openapi = await (await fetch(`${base}/openapi.json`)).json();
    const router = new Router(routesFromOpenApi(openapi));
    const json = { 'content-type': 'application/json' };
    const requests: Array<[string, string, string | undefined, number]> = [
      ['GET', '/items', undefined, 200],
      ['GET', '/items?limit=1', undefined, 200],
      ['GET', '/items/1', undefined, 200],
      ['GET', '/items/%32', undefined, 200],
      ['GET', '/items/999', undefined, 404],
      ['GET', '/items/abc', undefined, 422],
      ['POST', '/items', JSON.stringify({ name: 'Kite', price: 12, category: 'games' }), 201],
      ['POST', '/items', JSON.stringify({ name: '', price: -1 }), 422],
      ['GET', '/users/1', undefined, 200],
      ['POST', '/orders', JSON.stringify({ user_id: 1, lines: [{ item_id: 1, quantity: 2 }] }), 201],
      ['GET', '/orders/1', undefined, 200],
      ['GET', '/nope', undefined, 404],
      ['DELETE', '/items/1', undefined, 405],
    ];
    for (const [method, path, body, status] of requests) {
      const response = await fetch(`${base}${path}`, { method, body, headers: body ? json : undefined });
      await response.arrayBuffer();
      expect([method, path, response.status]).toEqual([method, path, status]);
    }
    // Every response is in; give the log line of the last one a moment to reach the file.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const defaultTime = Date.UTC(2026, 0, 5, 12, 34);
    const { summary, cells } = await ingestStream(await openLogFile(logPath), { router, defaultTime });
    expect(summary.format).toBe('uvicorn');
    expect(summary.parsed).toBe(requests.length + 1);
    expect(summary.unparseable.count).toBe(0);
    expect(summary.matched).toBe(requests.length - 2);
    expect(summary.unmatched.byReason).toEqual({ path: 2, method: 1 });
    expect(summary.unmatched.top).toEqual([
      { request: 'DELETE /items/1', count: 1 },
      { request: 'GET /nope', count: 1 },
      { request: 'GET /openapi.json', count: 1 },
    ]);
    expect(summary.missing).toHaveLength(3);
    const byOperation = mergeCells(cells, (cell) => `${cell.operation} ${cell.statusClass}`);
    expect(Object.fromEntries([...byOperation].map(([key, total]) => [key, total.count]))).toEqual({
      'GET /items 2xx': 2,
      'GET /items/{item_id} 2xx': 2,
      'GET /items/{item_id} 4xx': 2,
      'POST /items 2xx': 1,
      'POST /items 4xx': 1,
      'GET /users/{user_id} 2xx': 1,
      'POST /orders 2xx': 1,
      'GET /orders/{order_id} 2xx': 1,
    });
    expect(new Set(cells.map((cell) => cell.hour))).toEqual(new Set([Date.UTC(2026, 0, 5, 12)]));
    expect(new Set(cells.map((cell) => cell.client))).toEqual(new Set(['(unknown)']));
  });
});
