/**
 * `holdfast serve` as users run it (the built CLI in its own process, a real SQLite file), and the
 * CLI's registry commands both ways: on a local database and with --server / HOLDFAST_SERVER +
 * HOLDFAST_TOKEN, which must print the same and exit the same. Also: SIGTERM while a write is in
 * flight finishes the write, answers it, and exits 0.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { ROOT } from '../cli/_run.js';
import { BACKENDS } from '../registry/_backends.js';
import { V1, V2, V3 } from '../registry/_contracts.js';

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  token: string;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

function serve(folder: string, args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/holdfast.js'), 'serve', '--port', '0', ...args], {
    cwd: folder,
    env: { ...process.env, HOLDFAST_DB: '', HOLDFAST_DATABASE_URL: '', ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /listening on (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
      const token = /shown once[^\n]*\n(hf_\S+)\n/.exec(stderr)?.[1];
      if (url !== undefined && token !== undefined) {
        resolve({ child, url, token, stderr: () => stderr, stdout: () => stdout, exited });
      }
    });
    exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

async function run(folder: string, env: Record<string, string>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    cwd: folder,
    env: { HOLDFAST_DB: '', HOLDFAST_DATABASE_URL: '', ...env },
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    readStdin: async () => '',
  });
  return { status, stdout, stderr };
}

describe('holdfast serve and --server', () => {
  let folder: string;
  let served: Served;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-serve-'));
    for (const [name, source] of [
      ['v1.json', V1],
      ['v2.json', V2],
      ['v3.json', V3],
    ] as const) {
      writeFileSync(join(folder, name), source.text);
    }
    served = await serve(folder, ['--registry', join(folder, 'server.db')]);
  });

  afterAll(async () => {
    served.child.kill('SIGTERM');
    await served.exited;
    rmSync(folder, { recursive: true, force: true });
  });

  it('prints its URL and a first admin token, and serves /healthz', async () => {
    expect(served.stderr()).toContain(
      `holdfast serve: listening on ${served.url} (registry ${join(folder, 'server.db')})`,
    );
    expect(served.token).toMatch(/^hf_[\w-]{43}$/);
    expect(await (await fetch(`${served.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('registry commands print the same and exit the same on a database and through the server', async () => {
    const local = { HOLDFAST_DB: join(folder, 'local.db') };
    const remote = { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: served.token };
    const normalize = (text: string) =>
      text
        .replaceAll(join(folder, 'local.db'), '<registry>')
        .replaceAll(join(folder, 'server.db'), '<registry>')
        .replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?Z/g, '<time>');
    const steps: string[][] = [
      // (Not `list services` first: locally that is "no registry", a server's registry always exists.)
      ['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'],
      ['list', 'services'],
      ['publish', '--service', 'shop', '--version', '1.1.0', 'v2.json'],
      ['publish', '--service', 'shop', '--version', '2.0.0', 'v3.json', '--format', 'json'],
      ['publish', '--service', 'shop', '--version', '1.0.0', 'v2.json'],
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production', '--owner', 'ana'],
      [
        'deploy',
        '--service',
        'shop',
        '--version',
        '1.1.0',
        '--env',
        'production',
        '--owner',
        'bob',
        '--rollback-note',
        'redeploy 1.0.0',
      ],
      ['deploy', '--service', 'shop', '--version', '9.9.9', '--env', 'production'],
      ['can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'production'],
      ['can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'production', '--format', 'json'],
      ['can-i-deploy', '--service', 'shop', '--version', '1.0.0', '--to', 'production'],
      ['rollback', 'plan', '--service', 'shop', '--env', 'production'],
      [
        'rollback',
        'record',
        '--service',
        'shop',
        '--env',
        'production',
        '--to',
        '1.0.0',
        '--from',
        '1.1.0',
        '--by',
        'bob',
      ],
      ['undo', 'deploy-1', '--reason', 'not the latest'],
      ['history', '--service', 'shop'],
      ['history', '--service', 'shop', '--env', 'production', '--format', 'json'],
      ['list', 'versions', '--service', 'shop'],
      ['list', 'versions', '--service', 'nope'],
      ['show', '--service', 'shop', '--version', '1.0.0', '--format', 'yaml'],
      ['environment', 'create', 'staging', '--production'],
      ['environment', 'list', '--format', 'json'],
      ['service', 'set', '--service', 'shop', '--deploy-command', 'make deploy V={version}'],
      // Absolute: usage ingest reads paths from the process's folder, not the in-process test's cwd.
      ['usage', 'ingest', '--service', 'shop', '--env', 'production', join(folder, 'access.log')],
      ['usage', 'ingest', '--service', 'shop', '--env', 'production', join(folder, 'access.log'), '--format', 'json'],
      ['usage', 'ingest', '--service', 'shop', '--env', 'production', join(folder, 'missing.log')],
      ['usage', 'show', '--service', 'shop', '--env', 'production', '--days', '36500'],
      // An empty name (a CI variable that was not set): the registry's words, not the API schema's.
      ['publish', '--service', '', '--version', '1.0.0', 'v1.json'],
      ['history', '--service', ''],
      ['can-i-deploy', '--service', 'shop', '--version', '', '--to', 'production'],
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'x'.repeat(201)],
    ];
    for (const step of steps) {
      const [here, there] = [await run(folder, local, step), await run(folder, remote, step)];
      expect({ step, status: there.status, stdout: normalize(there.stdout), stderr: normalize(there.stderr) }).toEqual({
        step,
        status: here.status,
        stdout: normalize(here.stdout),
        stderr: normalize(here.stderr),
      });
    }
  });

  it('bad options are usage errors', async () => {
    expect(await run(folder, {}, ['serve', '--log-level', 'loud'])).toMatchObject({
      status: 2,
      stderr:
        'holdfast: error: Invalid --log-level "loud": expected one of fatal, error, warn, info, debug, silent.\nRun "holdfast --help" for usage.\n',
    });
    expect((await run(folder, {}, ['serve', '--port', '99999'])).stderr).toContain(
      'Invalid --port "99999": expected a whole number from 0 to 65535.',
    );
    expect((await run(folder, {}, ['serve', '--port', '6666'])).stderr).toBe(
      `holdfast: error: Invalid --port "6666": browsers and the CLI's HTTP client refuse to connect to port 6666 (a "bad port" of the Fetch standard), so neither the dashboard nor --server could reach the server; expected another port, such as 8080.\nRun "holdfast --help" for usage.\n`,
    );
    expect((await run(folder, {}, ['serve', '--cache-mb', 'lots'])).stderr).toContain(
      'Invalid --cache-mb "lots": expected a whole number of megabytes from 0 to 65536.',
    );
  });

  it('a port in use is a clear error, naming the holdfast serve already there; no token is created', async () => {
    const port = new URL(served.url).port;
    const fresh = mkdtempSync(join(tmpdir(), 'holdfast-serve-again-'));
    const again = await run(fresh, {}, ['serve', '--port', port]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(
      `holdfast: Could not listen on 127.0.0.1:${port}: a holdfast serve is already running there (http://127.0.0.1:${port}/readyz answers); expected a free port. Use the running server, stop it first, or choose another port with --port; retrying will not help.\n`,
    );
    // The failed start left no admin token behind: the next start prints the first one.
    const registry = await openStore({ kind: 'sqlite', path: join(fresh, '.holdfast', 'registry.db') });
    try {
      const { listTokens } = await import('../../src/registry/index.js');
      expect((await listTokens(registry)).tokens).toEqual([]);
    } finally {
      await registry.close();
    }
    const next = await serve(fresh, []);
    try {
      expect(next.stderr()).toContain(
        `first admin token (shown once; store it now, e.g. in a password manager):\n${next.token}\n`,
      );
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('--host 0.0.0.0 says every address listens, not only the loopback URL it prints', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'holdfast-serve-any-'));
    const everywhere = await serve(fresh, ['--host', '0.0.0.0']);
    try {
      const port = new URL(everywhere.url).port;
      expect(everywhere.stderr()).toContain(
        `holdfast serve: listening on http://127.0.0.1:${port} and on every other address of this machine (--host 0.0.0.0), port ${port} (registry ${join(fresh, '.holdfast', 'registry.db')})\n`,
      );
    } finally {
      everywhere.child.kill('SIGTERM');
      await everywhere.exited;
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('a port another program holds: stop it or pick another port', async () => {
    const { createServer } = await import('node:net');
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = String((other.address() as { port: number }).port);
    try {
      const again = await run(folder, { HOLDFAST_DB: join(folder, 'other.db') }, ['serve', '--port', port]);
      expect(again).toMatchObject({
        status: 2,
        stderr: `holdfast: Could not listen on 127.0.0.1:${port}: the port is in use by another process; expected a free port on an address of this machine. Stop that process, or choose another port with --port; retrying will not help.\n`,
      });
    } finally {
      other.close();
    }
  });

  it('HOLDFAST_TOKEN without a server is refused instead of writing a registry here', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'holdfast-no-server-'));
    writeFileSync(join(fresh, 'v1.json'), V1.text);
    try {
      const publish = await run(fresh, { HOLDFAST_TOKEN: served.token }, [
        'publish',
        '--service',
        'shop',
        '--version',
        '1.0.0',
        'v1.json',
      ]);
      expect(publish).toEqual({
        status: 2,
        stdout: '',
        stderr:
          'holdfast: error: HOLDFAST_TOKEN is set but no server is named: neither --server nor HOLDFAST_SERVER; expected HOLDFAST_SERVER=URL of the holdfast serve the token belongs to. Set HOLDFAST_SERVER (or pass --server URL), or unset HOLDFAST_TOKEN to use the registry database here; retrying will not help.\nRun "holdfast --help" for usage.\n',
      });
      expect(existsSync(join(fresh, '.holdfast'))).toBe(false);
      // An empty HOLDFAST_TOKEN is no token: the local registry as before.
      expect((await run(fresh, { HOLDFAST_TOKEN: '' }, ['list', 'services'])).status).toBe(2);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('a wrong token and an unreachable server are clear errors', async () => {
    const wrong = await run(folder, { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: 'hf_wrong' }, ['list', 'services']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe(
      'holdfast: Invalid token for GET /api/v1/services: the token is unknown or revoked; expected an active token with role read or higher. Ask an admin for a new token (holdfast token list shows which are active); retrying will not help.\n',
    );
    // A port nothing listens on (taken, then freed): exit 2, retryable, and it says it already
    // tried (after 1 s, then 2 s).
    const { createServer } = await import('node:net');
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as { port: number }).port;
    await new Promise((resolve) => gone.close(resolve));
    const nowhere = await run(folder, {}, ['list', 'services', '--server', `http://127.0.0.1:${port}`]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toBe(
      `holdfast: Could not reach the holdfast server http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}; expected a running holdfast serve at that URL. Temporary; retrying may help (this command tried 3 times over 3 s).\n`,
    );
    // A port fetch never connects to: said so at once, not retried.
    const blocked = await run(folder, {}, ['list', 'services', '--server', 'http://127.0.0.1:6666']);
    expect(blocked).toMatchObject({
      status: 2,
      stderr: `holdfast: Could not reach the holdfast server http://127.0.0.1:6666: Node's fetch refuses port 6666 (a "bad port" of the Fetch standard; browsers refuse it too); expected a server on another port. Start holdfast serve with another --port (8080 by default); retrying will not help.\n`,
    });
  });

  it('tokens: created over the API with an admin token, a read token cannot publish, a revoked one is refused', async () => {
    const remote = { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: served.token };
    const created = await run(folder, remote, [
      'token',
      'create',
      '--role',
      'read',
      '--name',
      'dash',
      '--format',
      'json',
    ]);
    expect(created.status).toBe(0);
    const readToken = (JSON.parse(created.stdout) as { token: string }).token;
    const publish = await run(folder, { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: readToken }, [
      'publish',
      '--service',
      'shop',
      '--version',
      '3.0.0',
      'v3.json',
    ]);
    expect(publish.status).toBe(2);
    expect(publish.stderr).toContain(
      'holdfast: Forbidden: token "dash" has role read; expected role publish or higher for POST /api/v1/publish.',
    );
    expect((await run(folder, remote, ['token', 'revoke', 'dash'])).stdout).toBe(
      'Revoked token "dash" (role read); requests with it now get 401.\n',
    );
    const listed = await run(folder, remote, ['token', 'list']);
    expect(listed.stdout).toMatch(
      /^admin {2}admin {2}created \S+ by holdfast serve {2}active\ndash {2}read {2}created \S+ by admin {2}revoked \S+\n$/,
    );
    expect(listed.stdout).not.toContain(readToken);
    const revoked = await run(folder, { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: readToken }, ['list', 'services']);
    expect(revoked.stderr).toContain('the token is unknown or revoked');
  });
});

describe('graceful shutdown', () => {
  it('--workers 2: two processes share the port; SIGTERM to the primary finishes an in-flight write in a worker', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'holdfast-serve-'));
    const path = join(folder, 'server.db');
    try {
      const served = await serve(folder, ['--registry', path, '--workers', '2'], {
        HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '1500',
      });
      expect(served.stderr()).toContain(`holdfast serve: listening on ${served.url} (registry ${path}; 2 workers)`);
      const headers = { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' };
      expect((await fetch(`${served.url}/api/v1/services`, { headers })).status).toBe(200);
      const pending = fetch(`${served.url}/api/v1/publish`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ service: 'shop', version: '1.0.0', contract: V1.text }),
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      served.child.kill('SIGTERM');
      expect((await pending).status).toBe(200);
      expect(await served.exited).toBe(0);
      expect(served.stderr()).toContain(
        'holdfast serve: SIGTERM: the workers finish their writes in flight, then stop\nholdfast serve: stopped\n',
      );
      const store = await openStore({ kind: 'sqlite', path });
      try {
        expect(await store.db.selectFrom('versions').select('label').execute()).toEqual([{ label: '1.0.0' }]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('SIGTERM while a write is in flight: the write completes and is answered, then the server exits 0', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'holdfast-serve-'));
    const path = join(folder, 'server.db');
    try {
      const served = await serve(folder, ['--registry', path], { HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '1500' });
      const pending = fetch(`${served.url}/api/v1/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'shop', version: '1.0.0', contract: V1.text }),
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      served.child.kill('SIGTERM');
      const response = await pending;
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'created' });
      expect(await served.exited).toBe(0);
      expect(served.stderr()).toContain(
        'holdfast serve: SIGTERM: finishing 1 write in flight, then stopping\nholdfast serve: stopped\n',
      );
      const store = await openStore({ kind: 'sqlite', path });
      try {
        const rows = await store.db.selectFrom('versions').select('label').execute();
        expect(rows.map((row) => row.label)).toEqual(['1.0.0']);
      } finally {
        await store.close();
      }
      const lines = served
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line.route === '/api/v1/publish')).toMatchObject({ status: 200, caller: 'admin' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe.each(BACKENDS.filter((backend) => backend.name === 'postgres'))(
  'holdfast serve --registry on $name',
  (backend) => {
    it('starts on PostgreSQL, is ready, and takes writes from the CLI', async () => {
      const database = await backend.create();
      try {
        const url = database.env.HOLDFAST_DATABASE_URL ?? '';
        writeFileSync(join(database.folder, 'v1.json'), V1.text);
        const served = await serve(database.folder, ['--registry', url]);
        try {
          expect(await (await fetch(`${served.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'postgres' });
          const remote = { HOLDFAST_SERVER: served.url, HOLDFAST_TOKEN: served.token };
          const published = await run(database.folder, remote, [
            'publish',
            '--service',
            'shop',
            '--version',
            '1.0.0',
            'v1.json',
          ]);
          expect(published).toMatchObject({ status: 0, stderr: '' });
          const listed = await run(database.folder, { HOLDFAST_DATABASE_URL: url }, [
            'list',
            'versions',
            '--service',
            'shop',
          ]);
          expect(listed.stdout).toContain('1.0.0');
        } finally {
          served.child.kill('SIGTERM');
          expect(await served.exited).toBe(0);
        }
      } finally {
        await database.dispose();
      }
    });
  },
);
