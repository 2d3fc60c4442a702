/**
 * scripts/send-traffic.js as docs/usage.md runs it: on the line right after `uvicorn ... &`, before
 * the server listens. It waits for the port (TCP only, nothing in the access log) instead of
 * failing on the first ECONNREFUSED.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/send-traffic.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function sendTraffic(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

describe('send-traffic.js', () => {
  it('waits for a server that starts listening after it, and sends every request to it', async () => {
    const port = await freePort();
    const requests: string[] = [];
    const running = sendTraffic(['--base', `http://127.0.0.1:${port}`, '--requests', '12', '--wait', '20']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => {
        response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    const result = await running;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Sent 12 requests to http://127\\.0\\.0\\.1:${port} in `));
    // The wait only opened TCP connections: the server saw exactly the 12 requests.
    expect(requests).toHaveLength(12);
  });

  it('exits 2 naming the wait when nothing listens', async () => {
    const port = await freePort();
    const result = await sendTraffic(['--base', `http://127.0.0.1:${port}`, '--requests', '3', '--wait', '0.5']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `send-traffic: could not reach http://127.0.0.1:${port} within 0.5 s: ECONNREFUSED; expected the example shop running there.\n`,
    );
  });
});
