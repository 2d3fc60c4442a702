/**
 * The CLI as separate processes against one database: concurrent writers, a writer that waits too
 * long for a lock, and a writer killed in the middle of its transaction. On every available
 * backend.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { V1, V2, V3 } from './_contracts.js';

const BIN = fileURLToPath(new URL('../../bin/holdfast.js', import.meta.url));

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Started {
  child: ChildProcess;
  done: Promise<Run>;
  /** Resolves once stderr contains `text`. */
  stderrContains(text: string): Promise<void>;
}

function start(args: string[], database: TestDatabase, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: database.folder,
    env: { ...process.env, ...database.env, ...env, HOLDFAST_DEBUG: '', NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters.splice(0)) {
      if (stderr.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  child.stdin?.end();
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    stderrContains: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(text)) resolve();
        else waiters.push({ text, resolve });
        done.then(() => reject(new Error(`exited before printing "${text}"; stderr: ${stderr}`)));
      }),
  };
}

const RETRYABLE =
  /^holdfast: Could not complete the command on the registry .*; expected .*\. Temporary; retrying may help\.\n$/;

describe.each(BACKENDS)('processes on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
    writeFileSync(join(database.folder, 'v1.json'), V1.text);
    writeFileSync(join(database.folder, 'v2.json'), V2.text);
    writeFileSync(join(database.folder, 'v3.json'), V3.text);
  });

  afterEach(async () => {
    await database.dispose();
  });

  async function cli(...args: string[]): Promise<Run> {
    return start(args, database).done;
  }

  async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore(database.config);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Everything the tests can lose or half-write. */
  function snapshot() {
    return withStore(async (store) => ({
      services: (await store.db.selectFrom('services').select('name').orderBy('name').execute()).map((row) => row.name),
      documents: (await store.db.selectFrom('documents').select('hash').orderBy('hash').execute()).map(
        (row) => row.hash,
      ),
      versions: await store.db.selectFrom('versions').select(['label', 'document_hash']).orderBy('id').execute(),
      environments: (await store.db.selectFrom('environments').select('name').orderBy('name').execute()).map(
        (row) => row.name,
      ),
      deployments: await store.db
        .selectFrom('deployments')
        .innerJoin('versions', 'versions.id', 'deployments.version_id')
        .innerJoin('environments', 'environments.id', 'deployments.environment_id')
        .select(['deployments.id', 'versions.label', 'environments.name', 'deployments.status'])
        .orderBy('deployments.id')
        .execute(),
    }));
  }

  it('two or more processes deploying at once: each succeeds or gets the retryable error, and nothing is lost', async () => {
    for (const [version, file] of [
      ['1.0.0', 'v1.json'],
      ['1.1.0', 'v2.json'],
      ['2.0.0', 'v3.json'],
    ] as const) {
      expect((await cli('publish', '--service', 'shop', '--version', version, file)).status).toBe(0);
    }
    const versions = ['1.0.0', '1.1.0', '2.0.0', 'unpublished-1'];
    const runs = await Promise.all(
      versions.map(
        (version) =>
          start(
            ['deploy', '--service', 'shop', '--version', version, '--env', 'production', '--allow-unpublished'],
            database,
          ).done,
      ),
    );
    for (const run of runs) {
      if (run.status !== 0) expect(run.stderr).toMatch(RETRYABLE);
      expect([0, 2]).toContain(run.status);
    }
    const succeeded = versions.filter((_, index) => runs[index]?.status === 0);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    const { deployments } = await snapshot();
    expect(deployments.map((row) => row.label).sort()).toEqual([...succeeded].sort());
    expect(deployments.filter((row) => row.status === 'live')).toHaveLength(1);
    // The last deployment recorded is the live one; all earlier ones were replaced.
    expect(deployments.at(-1)?.status).toBe('live');
    expect(deployments.slice(0, -1).every((row) => row.status === 'replaced')).toBe(true);
  });

  it('two or more processes publishing at once: each succeeds or gets the retryable error, and nothing is lost', async () => {
    const jobs = [
      ['2.0.0', 'v1.json'],
      ['2.1.0', 'v2.json'],
      ['3.0.0', 'v3.json'],
      ['3.0.0', 'v3.json'],
    ] as const;
    const runs = await Promise.all(
      jobs.map(([version, file]) => start(['publish', '--service', 'cart', '--version', version, file], database).done),
    );
    for (const run of runs) {
      if (run.status !== 0) expect(run.stderr).toMatch(RETRYABLE);
      expect([0, 2]).toContain(run.status);
    }
    const published = new Set(jobs.filter((_, index) => runs[index]?.status === 0).map(([version]) => version));
    const state = await snapshot();
    expect(state.services).toEqual(['cart']);
    expect(state.versions.map((row) => row.label).sort()).toEqual([...published].sort());
    expect(state.documents).toHaveLength(published.size);
  });

  it('a command that waits longer than the lock timeout gets a retryable error, and succeeds when retried', async () => {
    expect((await cli('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json')).status).toBe(0);
    const holder = start(['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production'], database, {
      HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '4000',
    });
    await holder.stderrContains('pausing 4000 ms before commit');
    const waiter = await start(['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'staging'], database, {
      HOLDFAST_BUSY_TIMEOUT_MS: '300',
    }).done;
    expect(waiter.status).toBe(2);
    expect(waiter.stderr).toMatch(RETRYABLE);
    expect(waiter.stderr).toMatch(backend.name === 'sqlite' ? /\(SQLITE_BUSY\)/ : /\(SQLSTATE 55P03\)/);
    expect((await holder.done).status).toBe(0);
    expect((await cli('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'staging')).status).toBe(0);
    expect((await snapshot()).deployments.map((row) => [row.label, row.name, row.status])).toEqual([
      ['1.0.0', 'production', 'live'],
      ['1.0.0', 'staging', 'live'],
    ]);
  });

  it('a process killed inside its transaction leaves the database as it was', async () => {
    expect((await cli('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json')).status).toBe(0);
    expect(
      (await cli('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production', '--owner', 'ana')).status,
    ).toBe(0);
    const before = await snapshot();

    // A deploy that would create a version, an environment and a deployment, and replace nothing.
    const deploying = start(
      ['deploy', '--service', 'shop', '--version', '9.9.9', '--env', 'canary', '--allow-unpublished'],
      database,
      {
        HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '60000',
      },
    );
    await deploying.stderrContains('before commit');
    deploying.child.kill('SIGKILL');
    expect((await deploying.done).signal).toBe('SIGKILL');
    expect(await snapshot()).toEqual(before);

    // A deploy that would replace the live deployment.
    const replacing = start(
      ['deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'production', '--owner', 'bob'],
      database,
      {
        HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '60000',
      },
    );
    await replacing.stderrContains('before commit');
    replacing.child.kill('SIGKILL');
    await replacing.done;
    expect(await snapshot()).toEqual(before);

    // A publish that would store a new document and version.
    const publishing = start(['publish', '--service', 'shop', '--version', '2.0.0', 'v3.json'], database, {
      HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS: '60000',
    });
    await publishing.stderrContains('before commit');
    publishing.child.kill('SIGKILL');
    await publishing.done;
    expect(await snapshot()).toEqual(before);

    // Nothing is left locked: the next commands run at once.
    expect((await cli('publish', '--service', 'shop', '--version', '2.0.0', 'v3.json')).status).toBe(0);
    expect((await cli('deploy', '--service', 'shop', '--version', '2.0.0', '--env', 'production')).status).toBe(0);
  });
});
