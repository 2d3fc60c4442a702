/**
 * A throwaway PostgreSQL server of the test's own, for faults that would hurt the shared one
 * (`pg_ctl stop -m immediate`). Uses the binaries scripts/with-postgres.sh found (PG_BIN, initdb on
 * the PATH, or /usr/lib/postgresql/<newest>/bin); as root the server runs as `postgres`, which
 * with-postgres.sh creates. Private to test/registry.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  url: string;
  start(): void;
  /** `pg_ctl stop -m MODE`: `immediate` is a crash as far as clients can tell. */
  stop(mode: 'immediate' | 'fast'): void;
  dispose(): void;
}

/** The PostgreSQL bin folder, or undefined when there is none on this machine. */
export function pgBinaries(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  for (const folder of (process.env.PATH ?? '').split(':')) candidates.push(folder);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join('/usr/lib/postgresql', version, 'bin'));
  }
  return candidates.find((folder) => existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'pg_ctl')));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export async function startPgServer(bin: string): Promise<PgServer> {
  const root = process.getuid?.() === 0;
  const folder = mkdtempSync(join(tmpdir(), 'holdfast-pg-fault-'));
  const data = join(folder, 'data');
  if (root) chownSync(folder, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
  const pg = (program: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  const port = await freePort();
  pg('initdb', ['-D', data, '-U', 'holdfast', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  const start = () =>
    pg('pg_ctl', [
      '-D',
      data,
      '-l',
      join(folder, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  start();
  let running = true;
  return {
    url: `postgres://holdfast@127.0.0.1:${port}/postgres`,
    start: () => {
      start();
      running = true;
    },
    stop: (mode) => {
      pg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    dispose: () => {
      if (running) {
        try {
          pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // Already stopped.
        }
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
