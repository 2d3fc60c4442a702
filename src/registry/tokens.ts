/**
 * API tokens for `holdfast serve`: created with a role, shown once, stored as the SHA-256 of the
 * secret, compared in constant time, revoked (never deleted). Roles are ordered:
 * read < publish < deploy < admin; a token may do what its role and every lower role may.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, retryAdvice } from '../errors.js';
import type { Store } from '../store/store.js';
import { checkName, optionalText } from './_lookup.js';
import type { RegistryOptions } from './types.js';

export const TOKEN_ROLES = ['read', 'publish', 'deploy', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Every token starts with this, so secret scanners and people can tell what it is. */
export const TOKEN_PREFIX = 'hf_';

export interface TokenView {
  name: string;
  role: TokenRole;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

export interface TokenCreateResult {
  /** The secret: shown this once, stored only as its hash. */
  token: string;
  info: TokenView;
}

export interface TokenListResult {
  tokens: TokenView[];
}

export interface TokenRevokeResult {
  status: 'revoked' | 'unchanged';
  info: TokenView;
}

/** Whether `role` may do what `needed` allows. */
export function roleAllows(role: TokenRole, needed: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(role) >= TOKEN_ROLES.indexOf(needed);
}

export function parseRole(value: string): TokenRole {
  const role = TOKEN_ROLES.find((candidate) => candidate === value);
  if (role === undefined) {
    throw new AppError('USAGE', `Invalid role "${value}": expected one of ${TOKEN_ROLES.join(', ')}.`);
  }
  return role;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toView(row: {
  name: string;
  role: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}): TokenView {
  return {
    name: row.name,
    role: parseRole(row.role),
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}

/**
 * Creates a token (256 random bits, base64url, `hf_` prefix) and stores its hash.
 *
 * @example
 * const { token } = await createToken(store, { name: 'ci-shop', role: 'publish' }, { cwd });
 */
export async function createToken(
  store: Store,
  input: { name: string; role: TokenRole; by?: string | null },
  options: RegistryOptions,
): Promise<TokenCreateResult> {
  const name = checkName('token name', input.name);
  const role = parseRole(input.role);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = (options.now ?? (() => new Date()))().toISOString();
  const row = {
    name,
    role,
    token_hash: hashToken(token),
    created_at: now,
    created_by: optionalText(input.by),
    revoked_at: null,
  };
  await store.transaction('write', async (trx) => {
    const taken = await trx.selectFrom('api_tokens').select('name').where('name', '=', name).executeTakeFirst();
    if (taken !== undefined) {
      throw new AppError(
        'TOKEN_NAME_TAKEN',
        `Could not create token "${name}": a token with that name exists; expected a new name. ${retryAdvice(false, 'Choose another name, or revoke the old token and use a new name')}`,
      );
    }
    await trx.insertInto('api_tokens').values(row).execute();
  });
  return { token, info: toView(row) };
}

/** Every token, revoked ones included, oldest first. Never the secrets (they are not stored). */
export async function listTokens(store: Store): Promise<TokenListResult> {
  const rows = await store.transaction('read', (trx) =>
    trx
      .selectFrom('api_tokens')
      .select(['name', 'role', 'created_at', 'created_by', 'revoked_at'])
      .orderBy('id')
      .execute(),
  );
  return { tokens: rows.map(toView) };
}

/** Revokes a token by name; revoking it again changes nothing. */
export async function revokeToken(
  store: Store,
  input: { name: string },
  options: RegistryOptions,
): Promise<TokenRevokeResult> {
  const name = checkName('token name', input.name);
  const now = (options.now ?? (() => new Date()))().toISOString();
  return store.transaction('write', async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .select(['name', 'role', 'created_at', 'created_by', 'revoked_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (row === undefined) {
      const names = await trx.selectFrom('api_tokens').select('name').orderBy('id').limit(10).execute();
      const known = names.length === 0 ? 'no tokens' : `tokens ${names.map((entry) => `"${entry.name}"`).join(', ')}`;
      throw new AppError(
        'TOKEN_UNKNOWN',
        `Unknown token "${name}": the registry ${store.location} has ${known}; expected the name of a token (holdfast token list). ${retryAdvice(false, 'Fix the name')}`,
      );
    }
    if (row.revoked_at !== null) return { status: 'unchanged', info: toView(row) };
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('name', '=', name).execute();
    return { status: 'revoked', info: toView({ ...row, revoked_at: now }) };
  });
}

/** Whether any admin token that is not revoked exists (`holdfast serve` creates the first one). */
export async function hasAdminToken(store: Store): Promise<boolean> {
  const row = await store.transaction('read', (trx) =>
    trx
      .selectFrom('api_tokens')
      .select('id')
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
  );
  return row !== undefined;
}

/**
 * The token's name and role when it is known and not revoked; null otherwise. The lookup is by
 * hash (an index, so the secret itself is never compared in a query), then the stored hash is
 * compared in constant time.
 */
export async function verifyToken(store: Store, token: string): Promise<{ name: string; role: TokenRole } | null> {
  const hash = hashToken(token);
  const row = await store.transaction('read', (trx) =>
    trx
      .selectFrom('api_tokens')
      .select(['name', 'role', 'token_hash', 'revoked_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst(),
  );
  if (row === undefined || row.revoked_at !== null) return null;
  const stored = Buffer.from(row.token_hash, 'hex');
  const given = Buffer.from(hash, 'hex');
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
  return { name: row.name, role: parseRole(row.role) };
}

export function renderTokenCreate(result: TokenCreateResult): string {
  return [
    `Created token "${result.info.name}" (role ${result.info.role}). It is shown once; store it now:`,
    result.token,
    '',
  ].join('\n');
}

export function renderTokenList(result: TokenListResult): string {
  if (result.tokens.length === 0) return 'No tokens. Create one with holdfast token create --role ROLE --name NAME.\n';
  const lines = result.tokens.map((token) => {
    const state = token.revokedAt === null ? 'active' : `revoked ${token.revokedAt}`;
    const by = token.createdBy === null ? '' : ` by ${token.createdBy}`;
    return `${token.name}  ${token.role}  created ${token.createdAt}${by}  ${state}`;
  });
  return `${lines.join('\n')}\n`;
}

export function renderTokenRevoke(result: TokenRevokeResult): string {
  return result.status === 'revoked'
    ? `Revoked token "${result.info.name}" (role ${result.info.role}); requests with it now get 401.\n`
    : `Token "${result.info.name}" was already revoked at ${result.info.revokedAt}; nothing changed.\n`;
}
