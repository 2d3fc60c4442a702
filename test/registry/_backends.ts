/**
 * The databases the registry suite runs on: a SQLite file in a temporary folder always, and
 * PostgreSQL when HOLDFAST_TEST_DATABASE_URL is set (scripts/with-postgres.sh sets it). Every
 * test gets a fresh database: a new file, or a new schema. Private to test/registry.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreConfig } from '../../src/store/index.js';

export interface TestDatabase {
  config: StoreConfig;
  /** Variables that point the CLI at this database (and nowhere else). */
  env: Record<string, string>;
  /** A scratch folder the test may use as the CLI's working directory. */
  folder: string;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'holdfast-registry-'));
}

const sqlite: Backend = {
  name: 'sqlite',
  async create() {
    const folder = scratch();
    const path = join(folder, 'registry.db');
    return {
      config: { kind: 'sqlite', path },
      env: { HOLDFAST_DB: path, HOLDFAST_DATABASE_URL: '' },
      folder,
      dispose: async () => rmSync(folder, { recursive: true, force: true }),
    };
  },
};

function postgres(url: string): Backend {
  return {
    name: 'postgres',
    async create() {
      const folder = scratch();
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const withSchema = new URL(url);
      withSchema.searchParams.set('schema', schema);
      return {
        config: { kind: 'postgres', url, schema },
        env: { HOLDFAST_DATABASE_URL: withSchema.toString(), HOLDFAST_DB: '' },
        folder,
        dispose: async () => {
          rmSync(folder, { recursive: true, force: true });
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`drop schema if exists ${schema} cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

const url = process.env.HOLDFAST_TEST_DATABASE_URL;

export const BACKENDS: Backend[] = url ? [sqlite, postgres(url)] : [sqlite];
