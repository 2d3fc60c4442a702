/**
 * Security rules (taxonomy area `security`): requirements compared as sets of alternatives (a
 * client holding the credentials of one old alternative must still satisfy a new one) and scheme
 * definitions compared by what a client sends.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

const schemes = outdent`
  components:
    securitySchemes:
      api_key: {type: apiKey, in: header, name: X-API-Key}
      bearer: {type: http, scheme: bearer}
      oauth:
        type: oauth2
        flows:
          clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {read: r, write: w}}
`;

/**
 * `GET /items` with the document-level `security` given by `global` and the operation-level one
 * by `own` (YAML flow sequences; undefined leaves the key out).
 */
const secured = (global?: string, own?: string): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}${global === undefined ? '' : `\nsecurity: ${global}`}
  paths:
    /items:
      get:
        operationId: list_items${own === undefined ? '' : `\n      security: ${own}`}
        responses: {'200': {description: ok}}
  ${schemes}
`;

const cases: RuleCase[] = [
  {
    rule: 'api-security-requirement-added',
    name: 'anonymous -> secured (document-level security added)',
    base: secured(),
    revision: secured('[{api_key: []}]'),
    level: 'breaking',
    message: 'GET /items: clients authenticating with no credentials are no longer accepted (now: api_key)',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    swapped: ['api-security-requirement-removed'],
  },
  {
    rule: 'api-security-requirement-added',
    name: 'anonymous -> secured (operation opts out with `security: []` no more)',
    base: secured('[{api_key: []}]', '[]'),
    revision: secured('[{api_key: []}]'),
    level: 'breaking',
    message: 'GET /items: clients authenticating with no credentials are no longer accepted (now: api_key)',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    swapped: ['api-security-requirement-removed'],
  },
  {
    rule: 'api-security-requirement-added',
    name: 'a second scheme now required together with the first',
    base: secured(undefined, '[{api_key: []}]'),
    revision: secured(undefined, '[{api_key: [], bearer: []}]'),
    level: 'breaking',
    message: 'GET /items: clients authenticating with api_key are no longer accepted (now: api_key + bearer)',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/security',
    swapped: ['api-security-requirement-removed'],
  },
  {
    rule: 'api-security-requirement-added',
    name: 'one alternative dropped',
    base: secured('[{api_key: []}, {bearer: []}]'),
    revision: secured('[{bearer: []}]'),
    level: 'breaking',
    message: 'GET /items: clients authenticating with api_key are no longer accepted (now: bearer)',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    swapped: ['api-security-requirement-removed'],
  },
  {
    rule: 'api-security-requirement-added',
    name: 'scheme renamed and changed at once (not a rename)',
    base: secured('[{api_key: []}]'),
    revision: secured('[{token: []}]').replace(
      'api_key: {type: apiKey, in: header, name: X-API-Key}',
      'token: {type: apiKey, in: query, name: token}',
    ),
    level: 'breaking',
    message: 'GET /items: clients authenticating with api_key are no longer accepted (now: token)',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    all: ['api-security-requirement-added', 'api-security-requirement-removed'],
    swapped: ['api-security-requirement-added', 'api-security-requirement-removed'],
  },
  {
    rule: 'api-security-scope-added',
    name: 'write scope now needed too',
    base: secured('[{oauth: [read]}]'),
    revision: secured('[{oauth: [read, write]}]'),
    level: 'breaking',
    message: 'GET /items: clients with oauth [read] now also need other scopes (now: oauth [read, write])',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    swapped: ['api-security-requirement-removed'],
  },
  {
    rule: 'api-security-requirement-removed',
    name: 'bearer accepted as an alternative',
    base: secured('[{api_key: []}]'),
    revision: secured('[{api_key: []}, {bearer: []}]'),
    level: 'info',
    message: 'GET /items: now also accepts bearer',
    operation: { method: 'GET', path: '/items' },
    pointer: '/security',
    swapped: ['api-security-requirement-added'],
  },
  {
    rule: 'api-security-requirement-removed',
    name: 'secured -> anonymous',
    base: secured(undefined, '[{bearer: []}]'),
    revision: secured(undefined, '[]'),
    level: 'info',
    message: 'GET /items: now also accepts no credentials',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/security',
    swapped: ['api-security-requirement-added'],
  },
  {
    rule: 'api-security-scheme-changed',
    name: 'API key moved from a header to the query',
    base: secured('[{api_key: []}]'),
    revision: secured('[{api_key: []}]').replace(
      '{type: apiKey, in: header, name: X-API-Key}',
      '{type: apiKey, in: query, name: api_key}',
    ),
    level: 'breaking',
    message: 'security scheme `api_key` changed from apiKey header x-api-key to apiKey query api_key',
    operation: { method: 'GET', path: '/items' },
    pointer: '/components/securitySchemes/api_key',
    swapped: ['api-security-scheme-changed'],
  },
  {
    rule: 'api-security-scheme-changed',
    name: 'HTTP basic -> bearer',
    base: secured('[{bearer: []}]').replace('scheme: bearer', 'scheme: basic'),
    revision: secured('[{bearer: []}]'),
    level: 'breaking',
    message: 'security scheme `bearer` changed from http basic to http bearer',
    operation: { method: 'GET', path: '/items' },
    pointer: '/components/securitySchemes/bearer',
    swapped: ['api-security-scheme-changed'],
  },
];

checkCases(cases);

describe('security matching: no finding', () => {
  const equivalent: { name: string; base: string; revision: string }[] = [
    {
      name: 'document-level security moved onto the operation',
      base: secured('[{api_key: []}]'),
      revision: secured(undefined, '[{api_key: []}]'),
    },
    {
      name: 'alternatives reordered',
      base: secured('[{api_key: []}, {bearer: []}]'),
      revision: secured('[{bearer: []}, {api_key: []}]'),
    },
    {
      name: 'scopes reordered',
      base: secured('[{oauth: [read, write]}]'),
      revision: secured('[{oauth: [write, read]}]'),
    },
    {
      name: 'API key header name letter case (X-API-Key -> x-api-key)',
      base: secured('[{api_key: []}]'),
      revision: secured('[{api_key: []}]').replace('name: X-API-Key', 'name: x-api-key'),
    },
    {
      name: 'bearer format and scheme description changed',
      base: secured('[{bearer: []}]'),
      revision: secured('[{bearer: []}]').replace(
        '{type: http, scheme: bearer}',
        '{type: http, scheme: Bearer, bearerFormat: JWT, description: a token}',
      ),
    },
    {
      name: 'security scheme renamed with all its uses (api_key -> ApiKeyAuth)',
      base: secured('[{api_key: []}]', '[{api_key: []}, {oauth: [read]}]'),
      revision: secured('[{ApiKeyAuth: []}]', '[{ApiKeyAuth: []}, {oauth: [read]}]').replace(
        '  api_key: {type: apiKey',
        '  ApiKeyAuth: {type: apiKey',
      ),
    },
    {
      name: 'no security vs optional auth (`[{}, {api_key: []}]`): anonymous clients accepted by both',
      base: secured(),
      revision: secured('[{}, {api_key: []}]'),
    },
    {
      name: 'an unused scheme added',
      base: secured('[{api_key: []}]'),
      revision: secured('[{api_key: []}]').replace(
        '  bearer: {type: http, scheme: bearer}',
        '  bearer: {type: http, scheme: bearer}\n    basic: {type: http, scheme: basic}',
      ),
    },
  ];

  it.each(equivalent)('$name', ({ base, revision }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    expect(diffTexts(revision, base)).toEqual([]);
  });
});

describe('a document-wide change is reported for each operation it affects', () => {
  it('a changed security scheme that no operation uses is reported once, without an operation', () => {
    const base = secured('[{api_key: []}]');
    const revision = base.replace('scheme: bearer', 'scheme: basic');
    expect(revision).not.toBe(base);
    const findings = diffTexts(base, revision);
    expect(findings.map((finding) => [finding.id, finding.operation, finding.component])).toEqual([
      ['api-security-scheme-changed', null, null],
    ]);
  });
});
