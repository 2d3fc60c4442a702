/**
 * Bearer-token auth for the API and the dashboard: the token comes from `Authorization: Bearer`
 * or the `holdfast_token` cookie, is looked up by its SHA-256 (src/registry/tokens.ts) and must
 * hold at least the role the route needs. Reads are open when the operator says so
 * (`holdfast serve --open-reads`). The token is never logged: only its name is attached to the request.
 *
 * @example
 * const auth = createAuth({ store, openReads: false });
 * app.get('/page', { preHandler: auth.require('read') }, handler);
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { AppError, retryAdvice } from '../errors.js';
import { hashToken, roleAllows, type TokenRole, verifyToken } from '../registry/tokens.js';
import type { Store } from '../store/store.js';

export const TOKEN_COOKIE = 'holdfast_token';

/** Who made the request: a token's name and role, or nobody (open reads). */
export interface Caller {
  name: string | null;
  role: TokenRole | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    holdfastCaller?: Caller;
  }
}

export interface AuthOptions {
  store: Store;
  /** Routes needing only `read` take requests without a token. */
  openReads?: boolean;
}

export interface Auth {
  /** A preHandler that lets the request through with at least `role`, else replies 401/403. */
  require(role: TokenRole): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** The token of a request (header first, then cookie), or undefined. */
  tokenOf(request: FastifyRequest): string | undefined;
  readonly openReads: boolean;
}

/** Reads the `holdfast_token` cookie from a Cookie header without a cookie library. */
export function cookieToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.slice(0, equals).trim() !== TOKEN_COOKIE) continue;
    const value = part.slice(equals + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return value || undefined;
    }
  }
  return undefined;
}

/** Active tokens remembered (by hash) between registry changes. */
const KNOWN_TOKENS = 1000;

export function createAuth(options: AuthOptions): Auth {
  const openReads = options.openReads === true;
  // A token found active is not looked up again until the registry changes (a revocation is a
  // write, so the next request after it looks the token up again). Only the SHA-256 is kept.
  const known = new LRUCache<string, { mark: string; name: string; role: TokenRole }>({ max: KNOWN_TOKENS });
  const verify = async (token: string): Promise<{ name: string; role: TokenRole } | null> => {
    const mark = await options.store.changeMark();
    const hash = mark === null ? undefined : hashToken(token);
    const kept = hash === undefined ? undefined : known.get(hash);
    if (kept !== undefined && kept.mark === mark) return kept;
    const caller = await verifyToken(options.store, token);
    if (caller !== null && hash !== undefined && mark !== null && (await options.store.changeMark()) === mark) {
      known.set(hash, { mark, ...caller });
    }
    return caller;
  };
  const tokenOf = (request: FastifyRequest): string | undefined => {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match !== null) return match[1];
    }
    return cookieToken(request.headers.cookie);
  };
  return {
    openReads,
    tokenOf,
    require(role) {
      return async (request) => {
        const token = tokenOf(request);
        if (token === undefined) {
          if (role === 'read' && openReads) {
            request.holdfastCaller = { name: null, role: null };
            return;
          }
          const header = request.headers.authorization;
          if (typeof header === 'string' && header.trim() !== '') {
            // Say what is wrong with it without repeating it: it may hold a token.
            const words = header.trim().split(/\s+/);
            const scheme = /^[A-Za-z][A-Za-z0-9-]{0,20}$/.test(words[0] ?? '') ? `"${words[0]}"` : 'an unknown scheme';
            throw new AppError(
              'AUTH_REQUIRED',
              `Unreadable Authorization header for ${request.method} ${request.routeOptions.url ?? request.url}: found ${scheme} followed by ${words.length - 1} word${words.length === 2 ? '' : 's'}; expected "Bearer TOKEN" with one token of role ${role} or higher. ${retryAdvice(false, 'Send Authorization: Bearer hf_...; for the CLI set HOLDFAST_TOKEN to the token alone')}`,
            );
          }
          throw new AppError(
            'AUTH_REQUIRED',
            `Missing token for ${request.method} ${request.routeOptions.url ?? request.url}: no Authorization: Bearer header and no ${TOKEN_COOKIE} cookie; expected a token with role ${role} or higher. ${retryAdvice(false, 'Send a token (holdfast token create --role ROLE --name NAME); for the CLI set HOLDFAST_TOKEN')}`,
          );
        }
        const caller = await verify(token);
        if (caller === null) {
          throw new AppError(
            'AUTH_INVALID',
            `Invalid token for ${request.method} ${request.routeOptions.url ?? request.url}: the token is unknown or revoked; expected an active token with role ${role} or higher. ${retryAdvice(false, 'Ask an admin for a new token (holdfast token list shows which are active)')}`,
          );
        }
        if (!roleAllows(caller.role, role)) {
          throw new AppError(
            'AUTH_FORBIDDEN',
            `Forbidden: token "${caller.name}" has role ${caller.role}; expected role ${role} or higher for ${request.method} ${request.routeOptions.url ?? request.url}. ${retryAdvice(false, `Use a token with role ${role} (roles: read < publish < deploy < admin)`)}`,
          );
        }
        request.holdfastCaller = { name: caller.name, role: caller.role };
      };
    },
  };
}
