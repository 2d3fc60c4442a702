/**
 * Every migration, by name. Names sort in the order they run (`NNN-name`); add new ones at the end
 * and never edit one that has shipped. Kysely's Migrator records what ran, holds a lock while it
 * runs (PostgreSQL advisory lock; SQLite write lock) and skips what already ran, so opening the
 * registry twice, or from two processes at once, is safe.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as historyAndCorrections from './002-history-and-corrections.js';
import * as usage from './003-usage.js';
import * as tokens from './005-tokens.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-history-and-corrections': historyAndCorrections,
  '003-usage': usage,
  // 004 is `deploy compare` (issue 12), written in parallel: the two touch different tables, so
  // the Migrator runs them in any order (allowUnorderedMigrations in _kysely-store.ts).
  '005-tokens': tokens,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** Names of all migrations, in order (tests check a fresh database ran exactly these). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
