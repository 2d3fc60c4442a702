/**
 * The server's answer cache (src/server/_answers.ts): a repeated read is answered from memory, and
 * any change to the registry, by this server or by another process on the same database, is seen
 * by the very next request. Real server, real SQLite file, the real CLI as the other process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { publish } from '../../src/registry/index.js';
import { AnswerCache } from '../../src/server/_answers.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli } from '../cli/_run.js';
import { BACKENDS } from '../registry/_backends.js';
import { V1, V2, V3 } from '../registry/_contracts.js';
import { startServer, type TestServer } from './_server.js';

describe.each(BACKENDS)('answer cache on $name', (backend) => {
  let server: TestServer;

  /**
   * PostgreSQL: the server reuses nothing until its LISTEN connection is up (opened by the first
   * request), and sees another process's commit when the notification arrives.
   */
  async function start(options: Parameters<typeof startServer>[1] = {}): Promise<TestServer> {
    const started = await startServer(backend, options);
    for (let attempt = 0; attempt < 100; attempt++) {
      const probe = await started.request('GET', '/api/v1/environments');
      if (probe.headers.get('cache-status') !== 'holdfast; fwd=bypass' || options.answerCacheBytes === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return started;
  }

  /** The first answer after another process wrote (PostgreSQL: once its notification arrived). */
  async function afterOtherProcess(method: string, path: string, body?: unknown) {
    for (let attempt = 0; ; attempt++) {
      const answer = await server.request(method, path, body === undefined ? {} : { body });
      if (backend.name === 'sqlite' || answer.headers.get('cache-status') !== 'holdfast; hit' || attempt >= 40) {
        return answer;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  afterEach(async () => {
    await server.close();
  });

  async function publish(version: string, text: string): Promise<void> {
    const answer = await server.request('POST', '/api/v1/publish', {
      body: { service: 'shop', version, contract: text, name: `shop-${version}.yaml` },
    });
    expect(answer.status).toBe(200);
  }

  it('answers a repeated read from memory until this server writes', async () => {
    server = await start();
    await publish('1.0.0', V1.text);
    const first = await server.request('GET', '/api/v1/services/shop/versions');
    const second = await server.request('GET', '/api/v1/services/shop/versions');
    expect(first.headers.get('cache-status')).toBe('holdfast; fwd=miss');
    expect(second.headers.get('cache-status')).toBe('holdfast; hit');
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');

    await publish('1.1.0', V2.text);
    const after = await server.request('GET', '/api/v1/services/shop/versions');
    expect(after.headers.get('cache-status')).toBe('holdfast; fwd=miss');
    expect((after.body as { versions: Array<{ version: string }> }).versions.map((row) => row.version)).toEqual([
      '1.1.0',
      '1.0.0',
    ]);
  });

  it('sees a publish and a deploy made by another process on the same file at the next request', async () => {
    server = await start();
    await publish('1.0.0', V1.text);
    await publish('1.1.0', V2.text);
    const deployed = await server.request('POST', '/api/v1/deploy', {
      body: { service: 'shop', version: '1.0.0', environment: 'production', owner: 'ana' },
    });
    expect(deployed.status).toBe(200);
    const question = { service: 'shop', version: '2.0.0', environment: 'production' };
    const unpublished = await server.request('POST', '/api/v1/can-i-deploy', { body: question });
    expect(unpublished.status).toBe(404);
    const before = await server.request('GET', '/api/v1/services/shop/history?environment=production&limit=5');
    expect(
      (await server.request('GET', '/api/v1/services/shop/history?environment=production&limit=5')).headers.get(
        'cache-status',
      ),
    ).toBe('holdfast; hit');

    // The CLI, in its own process, writes straight to the database file.
    const file = join(server.database.folder, 'shop-2.0.0.yaml');
    writeFileSync(file, V3.text);
    const env = { ...server.database.env, HOLDFAST_SERVER: '', HOLDFAST_TOKEN: '' };
    const published = await runCli(['publish', file, '--service', 'shop', '--version', '2.0.0'], { env });
    expect(published.stderr).toBe('');
    expect(published.status).toBe(0);
    const answer = await afterOtherProcess('POST', '/api/v1/can-i-deploy', question);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-status')).toBe('holdfast; fwd=miss');
    expect((answer.body as { verdict: string }).verdict).toBe('no');
    const again = await server.request('POST', '/api/v1/can-i-deploy', { body: question });
    expect(again.headers.get('cache-status')).toBe('holdfast; hit');
    expect(again.text).toBe(answer.text);

    const deployedByCli = await runCli(
      ['deploy', '--service', 'shop', '--version', '1.1.0', '--env', 'production', '--owner', 'bo'],
      { env },
    );
    expect(deployedByCli.status).toBe(0);
    const after = await afterOtherProcess('GET', '/api/v1/services/shop/history?environment=production&limit=5');
    expect(after.headers.get('cache-status')).toBe('holdfast; fwd=miss');
    expect(after.text).not.toBe(before.text);
    expect((after.body as { live: Array<{ version: string; owner: string }> }).live).toMatchObject([
      { version: '1.1.0', owner: 'bo' },
    ]);
  });

  it('refuses a token revoked by another process at the next request', async () => {
    server = await start();
    const created = await server.request('POST', '/api/v1/tokens', { body: { name: 'ci-read', role: 'read' } });
    const token = (created.body as { token: string }).token;
    expect((await server.request('GET', '/api/v1/services', { token })).status).toBe(200);
    expect((await server.request('GET', '/api/v1/services', { token })).status).toBe(200);

    const revoked = await runCli(['token', 'revoke', 'ci-read'], {
      env: { ...server.database.env, HOLDFAST_SERVER: '', HOLDFAST_TOKEN: '' },
    });
    expect(revoked.status).toBe(0);
    let refused = await server.request('GET', '/api/v1/services', { token });
    for (let attempt = 0; backend.name === 'postgres' && refused.status === 200 && attempt < 40; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refused = await server.request('GET', '/api/v1/services', { token });
    }
    expect(refused.status).toBe(401);
    expect((refused.body as { error: { code: string } }).error.code).toBe('AUTH_INVALID');
  });

  it('never reuses an answer that depends on the clock, and keeps none with a size of 0', async () => {
    server = await start();
    await publish('1.0.0', V1.text);
    const withUsage = {
      service: 'shop',
      version: '1.0.0',
      environment: 'production',
      allowUnknown: true,
      usage: { environment: 'production', days: 30, ignoreUnused: false },
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await server.request('POST', '/api/v1/can-i-deploy', { body: withUsage });
      expect(answer.headers.get('cache-status')).toBeNull();
    }
    await server.close();

    server = await start({ answerCacheBytes: 0 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await server.request('GET', '/api/v1/services');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-status')).toBe('holdfast; fwd=bypass');
    }
  });
});

describe.skipIf(!BACKENDS.some((backend) => backend.name === 'postgres'))(
  'answer cache on postgres, when the LISTEN connection is cut',
  () => {
    it('reuses nothing until it listens again, and then sees what was written meanwhile', async () => {
      const postgres = BACKENDS.find((backend) => backend.name === 'postgres')!;
      const server = await startServer(postgres);
      const admin = new pg.Client({ connectionString: process.env.HOLDFAST_TEST_DATABASE_URL });
      await admin.connect();
      try {
        const read = async () => server.request('GET', '/api/v1/services');
        for (
          let attempt = 0;
          attempt < 100 && (await read()).headers.get('cache-status') !== 'holdfast; hit';
          attempt++
        ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect((await read()).headers.get('cache-status')).toBe('holdfast; hit');

        // The server ends the listener's session (a restart, a failover, a network cut).
        const { rows } = await admin.query<{ ok: boolean }>(
          "select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'holdfast-listen'",
        );
        expect(rows.length).toBeGreaterThan(0);
        // Another writer commits while nobody listens.
        const other = await openStore(server.database.config);
        try {
          await publish(other, { service: 'shop', version: '1.0.0', source: V1 }, { cwd: server.database.folder });
        } finally {
          await other.close();
        }
        const statuses: string[] = [];
        let answer = await read();
        for (let attempt = 0; attempt < 100; attempt++) {
          statuses.push(answer.headers.get('cache-status') ?? '');
          if ((answer.body as { services: unknown[] }).services.length === 1) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
          answer = await read();
        }
        // Never the stale list: the first answers after the cut bypass the cache, the next one
        // (listening again) computes it anew.
        expect(statuses[0]).toBe('holdfast; fwd=bypass');
        expect((answer.body as { services: Array<{ name: string }> }).services.map((row) => row.name)).toEqual([
          'shop',
        ]);
        expect(statuses).not.toContain('holdfast; hit');
      } finally {
        await admin.end();
        await server.close();
      }
    });
  },
);

describe('AnswerCache', () => {
  /** A store whose change mark the test moves by hand. */
  function markedStore(): { store: Store; move(): void; marks: () => number } {
    let mark = 0;
    let taken = 0;
    const store = {
      changeMark: async () => {
        taken++;
        return String(mark);
      },
    } as unknown as Store;
    return { store, move: () => mark++, marks: () => taken };
  }

  it('keeps nothing computed while the registry changed, and shares one computation between callers', async () => {
    const { store, move } = markedStore();
    const answers = new AnswerCache(store, { maxBytes: 1024 });
    let runs = 0;
    const racing = await answers.answer('k', async () => {
      runs++;
      move();
      return { runs };
    });
    expect(racing).toEqual({ body: '{"runs":1}', status: 'miss' });
    const next = await answers.answer('k', async () => ({ runs: ++runs }));
    expect(next).toEqual({ body: '{"runs":2}', status: 'miss' });
    expect(await answers.answer('k', async () => ({ runs: ++runs }))).toEqual({ body: '{"runs":2}', status: 'hit' });

    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = async () => {
      runs++;
      await gate;
      return { shared: true };
    };
    const both = Promise.all([answers.answer('s', slow), answers.answer('s', slow)]);
    release();
    expect(await both).toEqual([
      { body: '{"shared":true}', status: 'miss' },
      { body: '{"shared":true}', status: 'hit' },
    ]);
    expect(runs).toBe(3);
  });

  it('holds at most its size, dropping the least recently used answer', async () => {
    const { store } = markedStore();
    const answers = new AnswerCache(store, { maxBytes: 300 });
    const big = 'x'.repeat(100);
    for (const key of ['a', 'b', 'c']) await answers.answer(key, async () => big);
    expect(answers.size.entries).toBe(1);
    expect(answers.size.bytes).toBeLessThanOrEqual(300);
    expect((await answers.answer('c', async () => 'other')).status).toBe('hit');
    expect((await answers.answer('a', async () => big)).status).toBe('miss');
    // An answer larger than the whole cache is sent but not kept.
    expect((await answers.answer('huge', async () => 'y'.repeat(1000))).status).toBe('miss');
    expect((await answers.answer('huge', async () => 'y'.repeat(1000))).status).toBe('miss');
  });
});
