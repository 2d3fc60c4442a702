/**
 * SQLite registry faults named by their real cause, with the fix, instead of "likely a bug in
 * holdfast or a damaged database": a full disk (a 400 KB tmpfs), a read-only folder or file (a
 * user other than root: root ignores permissions), a parent path that is a file, a file that is not
 * a holdfast registry, and a registry written by a newer holdfast. All with real SQLite files and
 * the CLI as a separate process.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';
import { contractDocument, V1 } from './_contracts.js';
import { startCli } from './_process.js';

const ROOT = process.getuid?.() === 0;

function canMountTmpfs(): boolean {
  if (!ROOT) return false;
  const probe = mkdtempSync(join(tmpdir(), 'holdfast-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

function canRunAsNobody(): boolean {
  if (!ROOT) return false;
  try {
    execFileSync('runuser', ['-u', 'nobody', '--', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A contract of about 350 KB: 600 operations with a few described fields each. */
function bigContract(): string {
  const document = contractDocument() as { paths: Record<string, unknown> };
  for (let index = 0; index < 1500; index++) {
    const properties: Record<string, unknown> = {};
    for (let field = 0; field < 5; field++) {
      properties[`field${field}`] = { type: 'string', description: `field ${field} of resource ${index}`.repeat(3) };
    }
    document.paths[`/resource${index}/{id}`] = {
      get: {
        operationId: `read_resource_${index}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } },
        },
      },
    };
  }
  return JSON.stringify(document);
}

describe('SQLite registry faults', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'holdfast-sqlite-fault-'));
    writeFileSync(join(folder, 'v1.json'), V1.text);
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function cli(args: string[], db: string) {
    return startCli(args, folder, { HOLDFAST_DB: db, HOLDFAST_DATABASE_URL: '' }).done;
  }

  const PUBLISH = ['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'];

  it.skipIf(!canMountTmpfs())(
    'a full disk (SQLITE_FULL) is named, nothing is half-written, and the registry still works',
    async () => {
      const mount = join(folder, 'small-disk');
      mkdirSync(mount);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mount]);
      try {
        const db = join(mount, 'registry.db');
        writeFileSync(join(folder, 'big.json'), bigContract());
        expect((await cli(PUBLISH, db)).status).toBe(0);
        const full = await cli(['publish', '--service', 'shop', '--version', '2.0.0', 'big.json'], db);
        expect(full.stderr).toBe(
          `holdfast: Could not write to the registry ${db}: the disk holding it is full (SQLITE_FULL); expected room for the write (nothing was saved). Free disk space on the volume of ${mount}, or set HOLDFAST_DB to a file on another disk; retrying will not help.\n`,
        );
        expect(full.status).toBe(2);
        const history = await cli(['history', '--service', 'shop', '--format', 'json'], db);
        expect(history.status).toBe(0);
        expect(history.stdout).toContain('"1.0.0"');
        expect(history.stdout).not.toContain('"2.0.0"');
      } finally {
        execFileSync('umount', ['-l', mount]);
      }
    },
  );

  describe.skipIf(!canRunAsNobody())('as a user without write permission', () => {
    function asNobody(args: string[], db: string) {
      chmodSync(folder, 0o755); // mkdtemp made it private to root
      return new Promise<{ status: number | null; stderr: string }>((resolve) => {
        try {
          execFileSync(
            'runuser',
            ['-u', 'nobody', '--', process.execPath, join(process.cwd(), 'bin/holdfast.js'), ...args],
            { cwd: folder, env: { ...process.env, HOLDFAST_DB: db, HOLDFAST_DATABASE_URL: '' }, stdio: 'pipe' },
          );
          resolve({ status: 0, stderr: '' });
        } catch (error) {
          const failed = error as { status: number | null; stderr: Buffer };
          resolve({ status: failed.status, stderr: failed.stderr.toString('utf8') });
        }
      });
    }

    it('a read-only folder (SQLite must create -wal and -shm there) is named, for reads and writes', async () => {
      const registry = join(folder, 'registry');
      const db = join(registry, 'registry.db');
      expect((await cli(PUBLISH, db)).status).toBe(0);
      for (const name of ['registry.db-wal', 'registry.db-shm']) rmSync(join(registry, name), { force: true });
      chmodSync(registry, 0o755);
      chmodSync(db, 0o644);
      const expected = `holdfast: Could not open the registry ${db}: the folder ${registry} is read-only for this user (EACCES); expected a file and folder this user may write (SQLite also writes registry.db-wal and registry.db-shm next to the file). Make them writable for this user, or set HOLDFAST_DB to a writable location; retrying will not help.\n`;
      for (const args of [['history', '--service', 'shop'], PUBLISH]) {
        const run = await asNobody(args, db);
        expect(run.stderr).toBe(expected);
        expect(run.status).toBe(2);
      }
      // A registry still to be created in a folder below the read-only one.
      const below = await asNobody(PUBLISH, join(registry, 'new', 'registry.db'));
      expect(below.stderr).toBe(
        `holdfast: Could not open the registry ${join(registry, 'new', 'registry.db')}: the folder ${registry} is read-only for this user (EACCES), and holdfast must create ${join(registry, 'new')} in it; expected a file and folder this user may write (SQLite also writes registry.db-wal and registry.db-shm next to the file). Make them writable for this user, or set HOLDFAST_DB to a writable location; retrying will not help.\n`,
      );
      expect(below.status).toBe(2);
    });

    it('a read-only registry file in a writable folder is named', async () => {
      const registry = join(folder, 'registry');
      const db = join(registry, 'registry.db');
      expect((await cli(PUBLISH, db)).status).toBe(0);
      chmodSync(registry, 0o777);
      chmodSync(db, 0o644);
      const run = await asNobody(['publish', '--service', 'shop', '--version', '2.0.0', 'v1.json'], db);
      expect(run.stderr).toMatch(
        new RegExp(
          `^holdfast: Could not open the registry ${db}: the file is read-only for this user \\(EACCES\\); expected a file and folder this user may write .*; retrying will not help\\.\\n$`,
        ),
      );
      expect(run.status).toBe(2);
    });
  });

  it('a parent path that is a file is named, however deep', async () => {
    writeFileSync(join(folder, 'notes.txt'), 'not a folder');
    for (const [db, code] of [
      [join(folder, 'notes.txt', 'registry.db'), 'EEXIST'],
      [join(folder, 'notes.txt', 'deeper', 'registry.db'), 'ENOTDIR'],
    ] as const) {
      const run = await cli(PUBLISH, db);
      expect(run.stderr).toBe(
        `holdfast: Could not open the registry ${db}: ${join(folder, 'notes.txt')} is a file, not a folder (${code}); expected a folder to hold the registry. Set HOLDFAST_DB to a path in a folder, or move the file ${join(folder, 'notes.txt')} away; retrying will not help.\n`,
      );
      expect(run.status).toBe(2);
    }
    const asFolder = await cli(PUBLISH, folder);
    expect(asFolder.stderr).toBe(
      `holdfast: Could not open the registry ${folder}: it is a folder (SQLITE_CANTOPEN); expected a file. Set HOLDFAST_DB to a file path, for example .holdfast/registry.db; retrying will not help.\n`,
    );
  });

  it('a file that is not an SQLite database (SQLITE_NOTADB) is named and left as it was', async () => {
    const db = join(folder, 'v1.json');
    const run = await cli(['history', '--service', 'shop'], db);
    expect(run.stderr).toBe(
      `holdfast: Could not open the registry ${db}: it is not a holdfast registry, not an SQLite database (SQLITE_NOTADB); expected a registry file created by holdfast (or a new, empty file). Set HOLDFAST_DB to the registry file, or move this file away to start a new registry; retrying will not help.\n`,
    );
    expect(run.status).toBe(2);
    expect(readFileSync(db, 'utf8')).toBe(V1.text);
  });

  it("another program's SQLite database is refused, and holdfast adds no tables to it", async () => {
    const db = join(folder, 'app.db');
    const other = new BetterSqlite3(db);
    other.exec("create table users (id integer primary key, name text); insert into users (name) values ('ana')");
    other.close();
    const run = await cli(PUBLISH, db);
    expect(run.stderr).toBe(
      `holdfast: Could not open the registry ${db}: it is not a holdfast registry, an SQLite database holding other tables (users); expected a registry file created by holdfast (or a new, empty file). Set HOLDFAST_DB to the registry file, or move this file away to start a new registry; retrying will not help.\n`,
    );
    expect(run.status).toBe(2);
    const after = new BetterSqlite3(db, { readonly: true });
    try {
      expect(after.prepare("select name from sqlite_master where type = 'table'").pluck().all()).toEqual(['users']);
    } finally {
      after.close();
    }
  });
});

describe.each(BACKENDS)('a registry written by a newer holdfast, on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
    writeFileSync(join(database.folder, 'v1.json'), V1.text);
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('is refused by name (the migrations it does not know), before anything is read or written', async () => {
    const publish = ['publish', '--service', 'shop', '--version', '1.0.0', 'v1.json'];
    const env = database.env;
    expect((await startCli(publish, database.folder, env).done).status).toBe(0);
    const store = await openStore(database.config);
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        store.db,
      );
    } finally {
      await store.close();
    }
    const run = await startCli(['history', '--service', 'shop'], database.folder, env).done;
    expect(run.stderr).toMatch(
      new RegExp(
        `^holdfast: Could not open the registry \\S+: it was written by a newer holdfast \\(migrations 999-from-the-future are unknown to this version, which knows up to ${MIGRATION_NAMES.at(-1)}\\); expected only migrations this version knows\\. Upgrade holdfast to the version that last wrote this registry \\(or newer\\); retrying will not help\\.\\n$`,
      ),
    );
    expect(run.status).toBe(2);
  });
});
