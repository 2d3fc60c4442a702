/** Token administration over HTTP (role admin): the same functions as `holdfast token`. */
import { createToken, listTokens, revokeToken, type TokenRole } from '../../registry/index.js';
import { defineRoute, NAME, object, result } from './_route.js';
import { ref } from './_views.js';

export const TOKEN_ROUTES = [
  defineRoute({
    operationId: 'listTokens',
    method: 'GET',
    path: '/tokens',
    role: 'admin',
    tag: 'tokens',
    summary: 'List tokens (names, roles, revocation; never the secrets)',
    write: false,
    response: result('TokenListResult', { tokens: { type: 'array', items: ref('TokenView') } }),
    handler: (_input, { store }) => listTokens(store),
  }),
  defineRoute<unknown, unknown, { name: string; role: TokenRole }>({
    operationId: 'createToken',
    method: 'POST',
    path: '/tokens',
    role: 'admin',
    tag: 'tokens',
    summary: 'Create a token; the secret is in this response only',
    write: true,
    body: object({ name: NAME, role: { type: 'string', enum: ['read', 'publish', 'deploy', 'admin'] } }, [
      'name',
      'role',
    ]),
    response: result('TokenCreateResult', { token: { type: 'string' }, info: ref('TokenView') }),
    handler: ({ body }, { store, registryOptions, caller }) =>
      createToken(store, { name: body.name, role: body.role, by: caller.name }, registryOptions),
  }),
  defineRoute<{ name: string }, unknown, unknown>({
    operationId: 'revokeToken',
    method: 'DELETE',
    path: '/tokens/:name',
    role: 'admin',
    tag: 'tokens',
    summary: 'Revoke a token (requests with it get 401 from now on)',
    write: true,
    params: object({ name: NAME }, ['name']),
    response: result('TokenRevokeResult', { status: { type: 'string' }, info: ref('TokenView') }),
    handler: ({ params }, { store, registryOptions }) => revokeToken(store, { name: params.name }, registryOptions),
  }),
];
