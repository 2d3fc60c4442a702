/**
 * The whole path on a real server: uvicorn serves the example shop, real HTTP requests reach it,
 * its access log is ingested through `holdfast usage ingest` into the registry (SQLite and
 * PostgreSQL), and `usage show` reports the calls against the contract the app serves.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { HAS_FASTAPI, PYTHON, SHOP, temporaryFolder } from '../extract/_python.js';
import { BACKENDS } from './_backends.js';

const HAS_UVICORN = HAS_FASTAPI && spawnSync(PYTHON, ['-c', 'import uvicorn'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!HAS_UVICORN)('usage from a real uvicorn access log', () => {
  let server: ChildProcess | undefined;
  let folder: { path: string; remove: () => Promise<void> };
  let logPath = '';
  let contract = '';

  beforeAll(async () => {
    folder = await temporaryFolder('holdfast-usage-registry-live-');
    logPath = join(folder.path, 'access.log');
    const logFd = openSync(logPath, 'w');
    server = spawn(
      PYTHON,
      ['-m', 'uvicorn', 'shop.main:app', '--app-dir', join(SHOP, 'v1'), '--host', '127.0.0.1', '--port', '0'],
      { stdio: ['ignore', logFd, 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
    );
    closeSync(logFd);
    const base = await new Promise<string>((resolve, reject) => {
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
    contract = join(folder.path, 'openapi.json');
    writeFileSync(contract, await (await fetch(`${base}/openapi.json`)).text());
    for (const path of ['/items', '/items', '/items/1', '/items/999', '/users/1', '/nope']) {
      await (await fetch(`${base}${path}`)).arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    await exited;
  }, 30_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await folder?.remove();
  });

  it.each(BACKENDS)('ingests and shows the calls on $name', async (backend) => {
    const database = await backend.create();
    try {
      const run = async (...argv: string[]) => {
        let stdout = '';
        let stderr = '';
        const status = await main(argv, {
          cwd: database.folder,
          env: database.env,
          stdout: { write: (chunk: string) => (stdout += chunk) },
          stderr: { write: (chunk: string) => (stderr += chunk) },
          readStdin: async () => '',
        });
        return { status, stdout, stderr };
      };
      expect((await run('publish', '--service', 'shop', '--version', '1.0.0', contract)).status).toBe(0);
      expect((await run('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'local')).status).toBe(0);
      const ingested = await run(
        'usage',
        'ingest',
        '--service',
        'shop',
        '--env',
        'local',
        '--client',
        'address',
        logPath,
      );
      expect(ingested.stderr).toBe('');
      // The fetch of /openapi.json and /nope are not operations of the contract.
      expect(ingested.stdout.split('\n')[0]).toBe(
        'Ingested 1 file for shop in local (contract 1.0.0): 7 lines, 5 matched, 0 unparseable, 2 unmatched',
      );
      expect(ingested.stdout).toContain('no durations in this uvicorn log: no latency recorded');
      const shown = await run(
        'usage',
        'show',
        '--service',
        'shop',
        '--env',
        'local',
        '--days',
        '1',
        '--format',
        'json',
      );
      const result = JSON.parse(shown.stdout) as {
        totalCalls: number;
        operations: Array<{ operation: string; calls: number; statusClasses: Record<string, number> }>;
        unused: string[];
        clients: Array<{ client: string; calls: number }>;
      };
      expect(result.totalCalls).toBe(5);
      expect(result.operations.map(({ operation, calls, statusClasses }) => [operation, calls, statusClasses])).toEqual(
        [
          ['GET /items', 2, { '2xx': 2 }],
          ['GET /items/{item_id}', 2, { '2xx': 1, '4xx': 1 }],
          ['GET /users/{user_id}', 1, { '2xx': 1 }],
        ],
      );
      expect(result.unused).toEqual(['GET /orders/{order_id}', 'POST /items', 'POST /orders']);
      expect(result.clients).toEqual([{ client: '127.0.0.1', calls: 5, operations: expect.any(Array) }]);
    } finally {
      await database.dispose();
    }
  });
});
