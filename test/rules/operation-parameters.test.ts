/**
 * Request parameter rules (taxonomy area `parameters`): existence, required, style/explode and
 * deprecation. Parameters match by location and name (header names case-insensitively, path
 * parameters by position in the template).
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

/** `GET /items` with `parameters` (a YAML flow sequence). */
const withParameters = (parameters: string): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}
  paths:
    /items:
      get:
        operationId: list_items
        parameters: ${parameters}
        responses: {'200': {description: ok}}
`;

const limit = '{name: limit, in: query, schema: {type: integer}}';
const limitRequired = '{name: limit, in: query, required: true, schema: {type: integer}}';
const tenant = '{name: X-Tenant, in: header, required: true, schema: {type: string}}';
const tags = (style: string) => `{name: tags, in: query, ${style}schema: {type: array, items: {type: string}}}`;

const cases: RuleCase[] = [
  {
    // The harness evaluates on 2026-01-01: the sunset is still ahead.
    rule: 'request-parameter-removed-before-sunset',
    name: 'deprecated query parameter with a sunset ahead removed',
    base: withParameters(
      `[{name: limit, in: query, deprecated: true, x-sunset: '2026-06-30', schema: {type: integer}}]`,
    ),
    revision: withParameters('[]'),
    level: 'breaking',
    message: 'GET /items: query parameter `limit` removed before its sunset date 2026-06-30',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-optional-parameter-added'],
  },
  {
    rule: 'request-parameter-removed',
    name: 'query parameter removed after its sunset',
    base: withParameters(
      `[{name: limit, in: query, deprecated: true, x-sunset: '2025-06-30', schema: {type: integer}}]`,
    ),
    revision: withParameters('[]'),
    level: 'warning',
    message: 'GET /items: query parameter `limit` removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-optional-parameter-added'],
  },
  {
    rule: 'request-parameter-removed',
    name: 'optional query parameter removed',
    base: withParameters(`[${limit}]`),
    revision: withParameters('[]'),
    level: 'warning',
    message: 'GET /items: query parameter `limit` removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-optional-parameter-added'],
  },
  {
    rule: 'request-parameter-removed',
    name: 'required header parameter removed',
    base: withParameters(`[${limit}, ${tenant}]`),
    revision: withParameters(`[${limit}]`),
    level: 'warning',
    message: 'GET /items: header parameter `X-Tenant` removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/1',
    swapped: ['request-required-parameter-added'],
  },
  {
    rule: 'request-parameter-removed',
    name: 'path-item level parameter removed',
    base: outdent`
      openapi: 3.0.3
      info: {title: test, version: '1'}
      paths:
        /items:
          parameters: [{name: session, in: cookie, schema: {type: string}}]
          get:
            responses: {'200': {description: ok}}
    `,
    revision: outdent`
      openapi: 3.0.3
      info: {title: test, version: '1'}
      paths:
        /items:
          get:
            responses: {'200': {description: ok}}
    `,
    level: 'warning',
    message: 'GET /items: cookie parameter `session` removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/parameters/0',
    swapped: ['request-optional-parameter-added'],
  },
  {
    rule: 'request-required-parameter-added',
    name: 'new required header',
    base: withParameters(`[${limit}]`),
    revision: withParameters(`[${limit}, ${tenant}]`),
    level: 'breaking',
    message: 'GET /items: new required header parameter `X-Tenant`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/1',
    swapped: ['request-parameter-removed'],
  },
  {
    rule: 'request-required-parameter-added',
    name: 'new required query parameter from a $ref',
    base: withParameters('[]'),
    revision: outdent`
      openapi: 3.1.0
      info: {title: test, version: '1'}
      paths:
        /items:
          get:
            operationId: list_items
            parameters: [{$ref: '#/components/parameters/Limit'}]
            responses: {'200': {description: ok}}
      components:
        parameters:
          Limit: ${limitRequired}
    `,
    level: 'breaking',
    message: 'GET /items: new required query parameter `limit`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/components/parameters/Limit',
    swapped: ['request-parameter-removed'],
  },
  {
    rule: 'request-optional-parameter-added',
    name: 'new optional query parameter',
    base: withParameters('[]'),
    revision: withParameters(`[${limit}]`),
    level: 'info',
    message: 'GET /items: new optional query parameter `limit`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-removed'],
  },
  {
    rule: 'request-parameter-became-required',
    name: 'required: true added',
    base: withParameters(`[${limit}]`),
    revision: withParameters(`[${limitRequired}]`),
    level: 'breaking',
    message: 'GET /items: query parameter `limit` is now required',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-became-optional'],
  },
  {
    rule: 'request-parameter-became-optional',
    name: 'required: true dropped',
    base: withParameters(`[${limitRequired}]`),
    revision: withParameters('[{name: limit, in: query, required: false, schema: {type: integer}}]'),
    level: 'info',
    message: 'GET /items: query parameter `limit` is now optional',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-became-required'],
  },
  {
    rule: 'request-parameter-style-changed',
    name: 'array query parameter explode: true -> false',
    base: withParameters(`[${tags('')}]`),
    revision: withParameters(`[${tags('explode: false, ')}]`),
    level: 'breaking',
    message:
      'GET /items: query parameter `tags` serialization changed from style=form, explode=true to style=form, explode=false',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-style-changed'],
  },
  {
    rule: 'request-parameter-style-changed',
    name: 'array query parameter form -> pipeDelimited',
    base: withParameters(`[${tags('style: form, explode: false, ')}]`),
    revision: withParameters(`[${tags('style: pipeDelimited, explode: false, ')}]`),
    level: 'breaking',
    message:
      'GET /items: query parameter `tags` serialization changed from style=form, explode=false to style=pipeDelimited, explode=false',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-style-changed'],
  },
  {
    rule: 'request-parameter-style-changed',
    name: 'object query parameter form -> deepObject',
    base: withParameters('[{name: filter, in: query, schema: {type: object, properties: {a: {type: string}}}}]'),
    revision: withParameters(
      '[{name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}]',
    ),
    level: 'breaking',
    message:
      'GET /items: query parameter `filter` serialization changed from style=form, explode=true to style=deepObject, explode=false',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: ['request-parameter-style-changed'],
  },
  {
    rule: 'request-parameter-style-changed',
    name: 'scalar path parameter simple -> matrix (`/items/5` -> `/items/;id=5`)',
    base: outdent`
      openapi: 3.1.0
      info: {title: test, version: '1'}
      paths:
        /items/{id}:
          get:
            parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
            responses: {'200': {description: ok}}
    `,
    revision: outdent`
      openapi: 3.1.0
      info: {title: test, version: '1'}
      paths:
        /items/{id}:
          get:
            parameters: [{name: id, in: path, required: true, style: matrix, schema: {type: integer}}]
            responses: {'200': {description: ok}}
    `,
    level: 'breaking',
    message: 'GET /items/{id}: path parameter `id` serialization changed from style=simple to style=matrix',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get/parameters/0',
    swapped: ['request-parameter-style-changed'],
  },
  {
    rule: 'request-parameter-deprecated',
    name: 'deprecated: true added to a parameter',
    base: withParameters(`[${limit}]`),
    revision: withParameters('[{name: limit, in: query, deprecated: true, schema: {type: integer}}]'),
    level: 'info',
    message: 'GET /items: query parameter `limit` is now deprecated',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/parameters/0',
    swapped: [],
  },
];

checkCases(cases);

describe('parameter matching: no finding', () => {
  const equivalent: { name: string; base: string; revision: string }[] = [
    {
      name: 'path parameter renamed (/items/{id} -> /items/{item_id})',
      base: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items/{id}/tags/{tag}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: integer}}
              - {name: tag, in: path, required: true, schema: {type: string}}
            get:
              responses: {'200': {description: ok}}
      `,
      revision: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items/{item_id}/tags/{tag_name}:
            get:
              parameters:
                - {name: tag_name, in: path, required: true, schema: {type: string}}
                - {name: item_id, in: path, required: true, schema: {type: integer}}
              responses: {'200': {description: ok}}
      `,
    },
    {
      name: 'header parameter name case changed (X-Request-Id -> x-request-id)',
      base: withParameters('[{name: X-Request-Id, in: header, required: true, schema: {type: string}}]'),
      revision: withParameters('[{name: x-request-id, in: header, required: true, schema: {type: string}}]'),
    },
    {
      name: 'scalar query parameter explode changed (serializes the same)',
      base: withParameters(`[${limit}]`),
      revision: withParameters('[{name: limit, in: query, style: form, explode: false, schema: {type: integer}}]'),
    },
    {
      name: 'nullable scalar query parameter explode changed (Pydantic Optional[int])',
      base: withParameters('[{name: limit, in: query, schema: {anyOf: [{type: integer}, {type: "null"}]}}]'),
      revision: withParameters(
        '[{name: limit, in: query, explode: false, schema: {anyOf: [{type: integer}, {type: "null"}]}}]',
      ),
    },
    {
      name: 'array query parameter defaults written out (style: form, explode: true)',
      base: withParameters(`[${tags('')}]`),
      revision: withParameters(`[${tags('style: form, explode: true, ')}]`),
    },
    {
      name: 'parameters reordered',
      base: withParameters(`[${limit}, ${tenant}]`),
      revision: withParameters(`[${tenant}, ${limit}]`),
    },
    {
      name: 'parameter moved from the operation to the path item',
      base: withParameters(`[${limit}]`),
      revision: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items:
            parameters: [${limit}]
            get:
              operationId: list_items
              responses: {'200': {description: ok}}
      `,
    },
    {
      name: 'inline parameter moved into components.parameters',
      base: withParameters(`[${limit}]`),
      revision: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items:
            get:
              operationId: list_items
              parameters: [{$ref: '#/components/parameters/Limit'}]
              responses: {'200': {description: ok}}
        components:
          parameters:
            Limit: ${limit}
      `,
    },
    {
      name: 'Authorization, Accept and Content-Type header parameters (ignored by OpenAPI) added',
      base: withParameters(`[${limit}]`),
      revision: withParameters(
        `[${limit}, {name: Authorization, in: header, required: true, schema: {type: string}}, {name: accept, in: header, required: true, schema: {type: string}}, {name: Content-Type, in: header, schema: {type: string}}]`,
      ),
    },
    {
      name: 'description and example changed',
      base: withParameters('[{name: limit, in: query, description: a, example: 1, schema: {type: integer}}]'),
      revision: withParameters('[{name: limit, in: query, description: b, example: 2, schema: {type: integer}}]'),
    },
  ];

  it.each(equivalent)('$name', ({ base, revision }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    expect(diffTexts(revision, base)).toEqual([]);
  });

  it('an operation-level parameter overrides the path-level one with the same name', () => {
    const base = outdent`
      openapi: 3.1.0
      info: {title: test, version: '1'}
      paths:
        /items:
          parameters: [${limit}]
          get:
            parameters: [${limitRequired}]
            responses: {'200': {description: ok}}
    `;
    expect(ids(diffTexts(base, withParameters(`[${limitRequired}]`)))).toEqual([]);
    expect(ids(diffTexts(base, withParameters(`[${limit}]`)))).toEqual(['request-parameter-became-optional']);
  });
});
