/**
 * `holdfast diff --usage` and `holdfast check --usage` through a server: with `--server URL` or
 * HOLDFAST_SERVER (and HOLDFAST_TOKEN) the counts come from the server's registry over
 * `GET /api/v1/services/{service}/environments/{environment}/usage/operations`, never from a local
 * file. The same commands run on the same registry directly and through a real server (Fastify on
 * 127.0.0.1, a real SQLite file, and PostgreSQL under scripts/with-postgres.sh) must print the same
 * bytes and exit the same, errors included.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { deploy, ingestUsage, publish } from '../../src/registry/index.js';
import { BACKENDS } from '../registry/_backends.js';
import { startServer, type TestServer } from './_server.js';

const EXAMPLES = new URL('../../examples/fastapi-shop/openapi-pydantic2/', import.meta.url);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx combined lines, one second apart, ending two hours ago. */
function nginxLog(entries: Array<[count: number, request: string, userAgent: string]>): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const lines: string[] = [];
  let time = Date.now() - 2 * 3_600_000;
  for (const [count, request, userAgent] of entries) {
    for (let index = 0; index < count; index++) {
      time -= 1000;
      const date = new Date(time);
      const stamp = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
      lines.push(`10.0.0.${index % 250} - - [${stamp}] "${request} HTTP/1.1" 200 120 "-" "${userAgent}" 0.012`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe.each(BACKENDS)('diff and check --usage through a server on $name', (backend) => {
  let server: TestServer;
  let folder: string;

  beforeAll(async () => {
    server = await startServer(backend, { log: false });
    folder = server.database.folder;
    copyFileSync(new URL('v1.json', EXAMPLES), join(folder, 'v1.json'));
    copyFileSync(new URL('v2-breaking.json', EXAMPLES), join(folder, 'v2-breaking.json'));
    writeFileSync(
      join(folder, 'access.log'),
      nginxLog([
        [40, 'POST /orders', 'shop-mobile/2.1 (iOS 17)'],
        [12, 'POST /orders', 'curl/8.5.0'],
        [25, 'GET /items', 'python-requests/2.31.0'],
        [7, 'GET /items/3', 'curl/8.5.0'],
      ]),
    );
    const options = { cwd: folder };
    const v1 = {
      uri: join(folder, 'v1.json'),
      displayName: 'v1.json',
      text: readFileSync(join(folder, 'v1.json'), 'utf8'),
    };
    await publish(server.store, { service: 'shop', version: '1.0.0', source: v1 }, options);
    await deploy(server.store, { service: 'shop', version: '1.0.0', environment: 'prod' }, options);
    await deploy(server.store, { service: 'shop', version: '1.0.0', environment: 'staging' }, options);
    await ingestUsage(
      server.store,
      { service: 'shop', environment: 'prod', files: [join(folder, 'access.log')] },
      options,
    );
    // check takes the service from the project's configuration.
    writeFileSync(join(folder, 'holdfast.yaml'), 'service: shop\n');
  });

  afterAll(async () => {
    await server?.close();
  });

  async function run(env: Record<string, string>, argv: string[]) {
    let stdout = '';
    let stderr = '';
    const status = await main(argv, {
      cwd: folder,
      env: { NO_COLOR: '1', ...env },
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      readStdin: async () => '',
    });
    return { status, stdout, stderr };
  }

  /** Directly on the registry's database. */
  const local = () => server.database.env;
  /** Through the server: the local database variables point nowhere, so a local read would fail. */
  const remote = (): Record<string, string> => ({
    HOLDFAST_DB: join(folder, 'absent', 'nothing.db'),
    HOLDFAST_DATABASE_URL: '',
    HOLDFAST_SERVER: server.url,
    HOLDFAST_TOKEN: server.tokens.read,
  });

  const commands: string[][] = [
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod'],
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod:7', '--format', 'json'],
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod', '--ignore-unused'],
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod', '--format', 'markdown'],
    // Never ingested: the same USAGE_NO_DATA message and exit status either way.
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'staging', '--ignore-unused'],
    ['diff', 'v1.json', 'v2-breaking.json', '--service', 'nope', '--usage', 'prod'],
    ['check', '--spec', 'v2-breaking.json', '--base', 'v1.json', '--usage', 'prod'],
    [
      'check',
      '--spec',
      'v2-breaking.json',
      '--base',
      'v1.json',
      '--usage',
      'prod:30',
      '--ignore-unused',
      '--format',
      'json',
    ],
    ['check', '--spec', 'v2-breaking.json', '--base', 'v1.json', '--usage', 'staging'],
  ];

  it.each(commands)(
    '%s %s %s … prints the same and exits the same directly and with HOLDFAST_SERVER',
    async (...argv) => {
      // The window ends "now": the JSON's `until` is the only thing two runs a few milliseconds apart may differ in.
      const clock = (result: { status: number; stdout: string; stderr: string }) => ({
        ...result,
        stdout: result.stdout.replace(/"until": "[^"]+"/g, '"until": "<now>"'),
      });
      const here = clock(await run(local(), argv));
      const there = clock(await run(remote(), argv));
      expect(there).toEqual(here);
    },
  );

  it('the reports carry the server-side counts, and --server works as HOLDFAST_SERVER does', async () => {
    const { HOLDFAST_SERVER: url, ...withoutServer } = remote();
    const argv = ['diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod'];
    const flagged = await run(withoutServer, [...argv, '--server', url ?? '']);
    expect(flagged).toEqual(await run(local(), argv));
    expect(flagged.status).toBe(1);
    expect(flagged.stdout).toMatch(
      /^Comparing v1\.json with v2-breaking\.json\nUsage: 84 calls to shop in prod in the last 30 days \(since \d{4}-\d\d-\d\d \d\d:00Z\), from ingested access logs\.\n/,
    );
    expect(flagged.stdout).toContain('usage: 52 calls, 2 clients (shop-mobile 40, curl 12)');
    const checked = await run(withoutServer, [
      'check',
      '--spec',
      'v2-breaking.json',
      '--base',
      'v1.json',
      '--usage',
      'staging',
      '--server',
      url ?? '',
    ]);
    expect(checked.status).toBe(2);
    expect(checked.stderr).toBe(
      `holdfast: Could not rank findings by usage of shop in staging: no access logs of shop in staging were ever ingested into the registry ${server.store.location}; expected usage counted by holdfast usage ingest. Ingest the logs first: holdfast usage ingest --service shop --env staging ACCESS_LOG; retrying will not help.\n`,
    );
    // A local read would have failed on the missing database, and created nothing.
    expect(existsSync(join(folder, 'absent'))).toBe(false);
  });

  it('the route answers the table diff and check rank by, for a read token', async () => {
    const answer = await server.request(
      'GET',
      '/api/v1/services/shop/environments/prod/usage/operations?days=7&ignoreUnused=true',
      { token: server.tokens.read },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      service: 'shop',
      environment: 'prod',
      days: 7,
      totalCalls: 84,
      operations: [
        {
          key: 'POST /orders',
          operation: 'POST /orders',
          calls: 52,
          clients: 2,
          topClients: [
            { client: 'shop-mobile', calls: 40 },
            { client: 'curl', calls: 12 },
          ],
        },
        { key: 'GET /items', calls: 25 },
        { key: 'GET /items/{}', operation: 'GET /items/{item_id}', calls: 7 },
      ],
    });
    const empty = await server.request('GET', '/api/v1/services/shop/environments/staging/usage/operations');
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ error: { code: 'USAGE_NO_DATA', retryable: false, exitCode: 2 } });
    const unknown = await server.request('GET', '/api/v1/services/nope/environments/prod/usage/operations');
    expect(unknown.status).toBe(404);
    const badDays = await server.request('GET', '/api/v1/services/shop/environments/prod/usage/operations?days=0');
    expect(badDays.status).toBe(400);
  });
});
