/**
 * Server rules (taxonomy area `servers`): the base path every client URL starts with, and the
 * server URLs clients may be configured with.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

/** A one-operation document with `servers` (a YAML flow sequence, or undefined for none). */
const served = (servers?: string): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}${servers === undefined ? '' : `\nservers: ${servers}`}
  paths:
    /items:
      get:
        operationId: list_items
        responses: {'200': {description: ok}}
`;

const prod = "{url: 'https://api.example.com/v1'}";
const staging = "{url: 'https://staging.example.com/v1'}";

const cases: RuleCase[] = [
  {
    rule: 'api-base-path-changed',
    name: '/v1 -> /v2 on the same host',
    base: served(`[${prod}]`),
    revision: served("[{url: 'https://api.example.com/v2'}]"),
    level: 'breaking',
    message: 'base path changed from `/v1` to `/v2`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/servers/0',
    swapped: ['api-base-path-changed'],
  },
  {
    rule: 'api-base-path-changed',
    name: 'relative server URL /api -> /api/v2',
    base: served("[{url: '/api'}]"),
    revision: served("[{url: '/api/v2'}]"),
    level: 'breaking',
    message: 'base path changed from `/api` to `/api/v2`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/servers/0',
    swapped: ['api-base-path-changed'],
  },
  {
    rule: 'api-base-path-changed',
    name: 'host root -> /v1, through a server variable',
    base: served("[{url: 'https://api.example.com'}]"),
    revision: served("[{url: 'https://api.example.com/{version}', variables: {version: {default: v1}}}]"),
    level: 'breaking',
    message: 'base path changed from `/` to `/v1`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/servers/0',
    swapped: ['api-base-path-changed'],
  },
  {
    rule: 'api-base-path-changed',
    name: 'host and base path both changed',
    base: served(`[${prod}]`),
    revision: served("[{url: 'https://api.example.org/v2'}]"),
    level: 'breaking',
    message: 'base path changed from `/v1` to `/v2`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/servers/0',
    all: ['api-base-path-changed', 'api-server-added', 'api-server-removed'],
    swapped: ['api-base-path-changed', 'api-server-added', 'api-server-removed'],
  },
  {
    rule: 'api-server-removed',
    name: 'staging server removed',
    base: served(`[${prod}, ${staging}]`),
    revision: served(`[${prod}]`),
    level: 'warning',
    message: 'server `https://staging.example.com/v1` removed',
    operation: null,
    pointer: '/servers/1',
    swapped: ['api-server-added'],
  },
  {
    rule: 'api-server-removed',
    name: 'host changed, same base path',
    base: served(`[${prod}]`),
    revision: served("[{url: 'https://api.example.org/v1'}]"),
    level: 'warning',
    message: 'server `https://api.example.com/v1` removed',
    operation: null,
    pointer: '/servers/0',
    all: ['api-server-added', 'api-server-removed'],
    swapped: ['api-server-added', 'api-server-removed'],
  },
  {
    rule: 'api-server-added',
    name: 'staging server added',
    base: served(`[${prod}]`),
    revision: served(`[${prod}, ${staging}]`),
    level: 'info',
    message: 'server `https://staging.example.com/v1` added',
    operation: null,
    pointer: '/servers/1',
    swapped: ['api-server-removed'],
  },
  {
    rule: 'api-server-added',
    name: 'a new base path served beside the old one',
    base: served(`[${prod}]`),
    revision: served(`[{url: 'https://api.example.com/v2'}, ${prod}]`),
    level: 'info',
    message: 'server `https://api.example.com/v2` added',
    operation: null,
    pointer: '/servers/0',
    // Swapped, the first (default) server's base path /v2 is gone: reported as a base path change.
    swapped: ['api-base-path-changed'],
  },
];

checkCases(cases);

describe('server matching: no finding', () => {
  const equivalent: { name: string; base: string; revision: string }[] = [
    { name: 'trailing slash', base: served(`[${prod}]`), revision: served("[{url: 'https://api.example.com/v1/'}]") },
    {
      name: 'server variable with its default vs the literal URL',
      base: served(`[${prod}]`),
      revision: served(
        "[{url: 'https://{host}/v1', variables: {host: {default: api.example.com, enum: [api.example.com]}}}]",
      ),
    },
    { name: 'servers reordered', base: served(`[${prod}, ${staging}]`), revision: served(`[${staging}, ${prod}]`) },
    {
      name: 'server description changed',
      base: served("[{url: 'https://api.example.com/v1', description: Production}]"),
      revision: served("[{url: 'https://api.example.com/v1', description: Live}]"),
    },
    { name: 'no servers vs `/` (the OpenAPI default)', base: served(), revision: served("[{url: '/'}]") },
  ];

  it.each(equivalent)('$name', ({ base, revision }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    expect(diffTexts(revision, base)).toEqual([]);
  });

  it('a base path change is one finding, not also a removed and an added server', () => {
    expect(ids(diffTexts(served(`[${prod}]`), served("[{url: 'https://api.example.com/v2'}]")))).toEqual([
      'api-base-path-changed',
    ]);
  });
});
