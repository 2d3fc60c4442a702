/**
 * Response rules (taxonomy areas `responses` and `headers`): status codes, media types and
 * headers. Responses match by status code (an exact code first, then a `2XX` range covering it),
 * media types with parameters and letter case ignored, headers by lower-cased name.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

const item = '{type: object, properties: {name: {type: string}}}';

/** `GET /items` with the given `responses` entries (one YAML line each). */
const get = (...responses: string[]): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}
  paths:
    /items:
      get:
        operationId: list_items
        responses:
          ${responses.join('\n        ')}
`;

/** A response line: status -> description and a JSON body (media types as given). */
const ok = (status: string, mediaTypes = ['application/json'], extra = ''): string =>
  `'${status}': {description: ok, content: {${mediaTypes.map((name) => `'${name}': {schema: ${item}}`).join(', ')}}${extra}}`;
const error = (status: string): string => `'${status}': {description: error}`;
/** A 200 response with the given headers (a YAML flow mapping's entries). */
const withHeaders = (headers: string): string => ok('200', ['application/json'], `, headers: {${headers}}`);

const rateLimit = (required: boolean) => `X-Rate-Limit: {required: ${required}, schema: {type: integer}}`;

const cases: RuleCase[] = [
  {
    rule: 'response-success-status-removed',
    name: '206 removed',
    base: get(ok('200'), ok('206')),
    revision: get(ok('200')),
    level: 'breaking',
    message: 'GET /items: success response 206 removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/206',
    swapped: ['response-success-status-added'],
  },
  {
    rule: 'response-success-status-removed',
    name: '2XX range removed',
    base: get(ok('200'), ok('2XX')),
    revision: get(ok('200')),
    level: 'breaking',
    message: 'GET /items: success response 2XX removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/2XX',
    swapped: ['response-success-status-added'],
  },
  {
    rule: 'response-success-status-added',
    name: '202 added',
    base: get(ok('200')),
    revision: get(ok('200'), error('202')),
    level: 'warning',
    message: 'GET /items: may now answer with success status 202',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/202',
    swapped: ['response-success-status-removed'],
  },
  {
    rule: 'response-success-status-added',
    name: '2XX range added beside 200',
    base: get(ok('200')),
    revision: get(ok('200'), ok('2XX')),
    level: 'warning',
    message: 'GET /items: may now answer with success status 2XX',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/2XX',
    swapped: ['response-success-status-removed'],
  },
  {
    rule: 'response-non-success-status-added',
    name: '404 added',
    base: get(ok('200')),
    revision: get(ok('200'), error('404')),
    level: 'info',
    message: 'GET /items: may now answer with status 404',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/404',
    swapped: ['response-non-success-status-removed'],
  },
  {
    rule: 'response-non-success-status-added',
    name: 'default added',
    base: get(ok('200')),
    revision: get(ok('200'), error('default')),
    level: 'info',
    message: 'GET /items: may now answer with status default',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/default',
    swapped: ['response-non-success-status-removed'],
  },
  {
    rule: 'response-non-success-status-added',
    name: '4XX range added',
    base: get(ok('200')),
    revision: get(ok('200'), error('4XX')),
    level: 'info',
    message: 'GET /items: may now answer with status 4XX',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/4XX',
    swapped: ['response-non-success-status-removed'],
  },
  {
    rule: 'response-non-success-status-removed',
    name: '422 removed',
    base: get(ok('200'), error('422')),
    revision: get(ok('200')),
    level: 'info',
    message: 'GET /items: response 422 no longer documented',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/422',
    swapped: ['response-non-success-status-added'],
  },
  {
    rule: 'response-non-success-status-removed',
    name: 'default removed',
    base: get(ok('200'), error('default')),
    revision: get(ok('200')),
    level: 'info',
    message: 'GET /items: response default no longer documented',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/default',
    swapped: ['response-non-success-status-added'],
  },
  {
    rule: 'response-media-type-added',
    name: 'CSV added',
    base: get(ok('200')),
    revision: get(ok('200', ['application/json', 'text/csv'])),
    level: 'info',
    message: 'GET /items: response 200 may now return `text/csv`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/content/text~1csv',
    swapped: ['response-media-type-removed'],
  },
  {
    rule: 'response-media-type-removed',
    name: 'XML removed',
    base: get(ok('200', ['application/json', 'application/xml'])),
    revision: get(ok('200')),
    level: 'breaking',
    message: 'GET /items: response 200 no longer returns `application/xml`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/content/application~1xml',
    swapped: ['response-media-type-added'],
  },
  {
    rule: 'response-media-type-removed',
    name: 'removed from a 2XX range response matched to 200',
    base: get(ok('200', ['application/json', 'application/xml'])),
    revision: get(ok('2XX')),
    level: 'breaking',
    message: 'GET /items: response 200 no longer returns `application/xml`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/content/application~1xml',
    swapped: ['response-media-type-added'],
  },
  {
    rule: 'response-media-type-changed',
    name: 'the one JSON media type renamed',
    base: get(ok('200')),
    revision: get(ok('200', ['application/vnd.api+json'])),
    level: 'warning',
    message: 'GET /items: response 200 now returns `application/vnd.api+json` instead of `application/json`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/content/application~1vnd.api+json',
    swapped: ['response-media-type-changed'],
  },
  {
    rule: 'response-header-added',
    name: 'rate limit header added',
    base: get(ok('200')),
    revision: get(withHeaders(rateLimit(false))),
    level: 'info',
    message: 'GET /items: response 200 now returns header `X-Rate-Limit`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/headers/X-Rate-Limit',
    swapped: ['response-optional-header-removed'],
  },
  {
    rule: 'response-required-header-removed',
    name: 'required header removed',
    base: get(withHeaders(rateLimit(true))),
    revision: get(ok('200')),
    level: 'breaking',
    message: 'GET /items: response 200 no longer returns header `X-Rate-Limit`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/headers/X-Rate-Limit',
    swapped: ['response-header-added'],
  },
  {
    rule: 'response-required-header-removed',
    name: 'required header from components.headers removed',
    base: outdent`
      openapi: 3.0.3
      info: {title: test, version: '1'}
      paths:
        /items:
          get:
            operationId: list_items
            responses:
              '200':
                description: ok
                headers: {ETag: {$ref: '#/components/headers/ETag'}}
      components:
        headers:
          ETag: {required: true, schema: {type: string}}
    `,
    revision: outdent`
      openapi: 3.0.3
      info: {title: test, version: '1'}
      paths:
        /items:
          get:
            operationId: list_items
            responses:
              '200': {description: ok}
    `,
    level: 'breaking',
    message: 'GET /items: response 200 no longer returns header `ETag`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/components/headers/ETag',
    swapped: ['response-header-added'],
  },
  {
    rule: 'response-optional-header-removed',
    name: 'optional header removed',
    base: get(withHeaders(`${rateLimit(false)}, Link: {schema: {type: string}}`)),
    revision: get(withHeaders(rateLimit(false))),
    level: 'warning',
    message: 'GET /items: response 200 no longer documents header `Link`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/headers/Link',
    swapped: ['response-header-added'],
  },
  {
    rule: 'response-header-became-optional',
    name: 'required: true dropped',
    base: get(withHeaders(rateLimit(true))),
    revision: get(withHeaders(rateLimit(false))),
    level: 'breaking',
    message: 'GET /items: response 200 header `X-Rate-Limit` is no longer always returned',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/responses/200/headers/X-Rate-Limit',
    swapped: [],
  },
];

checkCases(cases);

describe('response matching: no finding', () => {
  const equivalent: { name: string; base: string; revision: string }[] = [
    { name: '200 vs 2XX', base: get(ok('200')), revision: get(ok('2XX')) },
    { name: '201 vs 2XX', base: get(ok('201')), revision: get(ok('2XX')) },
    { name: '2xx vs 2XX (letter case)', base: get(ok('2xx')), revision: get(ok('2XX')) },
    { name: '200 and 201 vs 2XX', base: get(ok('200'), ok('201')), revision: get(ok('2XX')) },
    {
      name: '404 and 422 vs 4XX',
      base: get(ok('200'), error('404'), error('422')),
      revision: get(ok('200'), error('4XX')),
    },
    { name: '404 vs 4XX', base: get(ok('200'), error('404')), revision: get(ok('200'), error('4XX')) },
    {
      name: 'integer status keys (200:) vs strings',
      base: get(`200: {description: ok, content: {application/json: {schema: ${item}}}}`, '404: {description: e}'),
      revision: get(ok('200'), error('404')),
    },
    {
      name: '`application/json; charset=utf-8` vs `application/json`',
      base: get(ok('200', ['application/json; charset=utf-8'])),
      revision: get(ok('200')),
    },
    {
      name: 'response header name case changed (X-Rate-Limit -> x-rate-limit)',
      base: get(withHeaders(rateLimit(true))),
      revision: get(withHeaders('x-rate-limit: {required: true, schema: {type: integer}}')),
    },
    {
      name: 'responses reordered and descriptions changed',
      base: get(ok('200'), error('404'), error('422')),
      revision: get("'422': {description: Validation error}", error('404'), ok('200')),
    },
    {
      name: 'inline response moved into components.responses',
      base: get(ok('200')),
      revision: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items:
            get:
              operationId: list_items
              responses:
                '200': {$ref: '#/components/responses/Items'}
        components:
          responses:
            Items: {description: the items, content: {application/json: {schema: ${item}}}}
      `,
    },
  ];

  it.each(equivalent)('$name', ({ base, revision }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    expect(diffTexts(revision, base)).toEqual([]);
  });

  it('a 2XX range replacing 200 and 201 still compares the 201 body', () => {
    const base = get(
      ok('200'),
      "'201': {description: created, content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: integer}}}}}}",
    );
    const revision = get(ok('2XX'));
    expect(ids(diffTexts(base, revision))).toContain('response-required-property-removed');
  });

  it('a response `*/*` narrowed to a media type is not a removal', () => {
    expect(ids(diffTexts(get(ok('200', ['*/*'])), get(ok('200'))))).toEqual(['response-media-type-added']);
  });
});
