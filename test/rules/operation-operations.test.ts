/**
 * Operation-level rules (taxonomy area `operations`): removal, addition, deprecation, sunset and
 * operationId. Each case: the change yields exactly one finding with the rule's id, the swapped
 * pair yields the inverse rule instead, and an unchanged document yields nothing.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

/** An OpenAPI 3.1 document with `body` (top-level YAML keys: paths, components, ...) appended. */
const spec = (body: string): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}
  ${body}
`;

const listAndGet = spec(outdent`
  paths:
    /items:
      get:
        operationId: list_items
        responses: {'200': {description: ok}}
    /items/{id}:
      get:
        operationId: get_item
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        responses: {'200': {description: ok}}
`);

const listOnly = spec(outdent`
  paths:
    /items:
      get:
        operationId: list_items
        responses: {'200': {description: ok}}
`);

/** `GET /items/{id}` deprecated, with `sunset` as its x-sunset (none when undefined). */
const deprecatedGet = (sunset?: string): string =>
  spec(outdent`
    paths:
      /items:
        get:
          operationId: list_items
          responses: {'200': {description: ok}}
      /items/{id}:
        get:
          operationId: get_item
          deprecated: true${sunset ? `\n      x-sunset: ${sunset}` : ''}
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {'200': {description: ok}}
  `);

/** `GET /items` with the given extra operation keys (YAML lines, already indented for the operation). */
const listWith = (lines: string): string =>
  spec(outdent`
    paths:
      /items:
        get:
    ${lines}
          responses: {'200': {description: ok}}
  `);

const cases: RuleCase[] = [
  {
    rule: 'api-operation-removed',
    name: 'one of two operations removed',
    base: listAndGet,
    revision: listOnly,
    level: 'breaking',
    message: 'GET /items/{id} removed',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-operation-removed',
    name: 'one method of a path removed',
    base: spec(outdent`
      paths:
        /items:
          get: {responses: {'200': {description: ok}}}
          post: {responses: {'201': {description: created}}}
    `),
    revision: spec(outdent`
      paths:
        /items:
          get: {responses: {'200': {description: ok}}}
    `),
    level: 'breaking',
    message: 'POST /items removed',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-operation-removed-before-sunset',
    name: 'deprecated operation removed while its sunset date is in the future',
    base: deprecatedGet('2027-01-01'),
    revision: listOnly,
    level: 'breaking',
    message: 'GET /items/{id} removed before its sunset date 2027-01-01',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-operation-removed-before-sunset',
    name: 'quoted sunset date',
    base: deprecatedGet("'2026-06-30'"),
    revision: listOnly,
    level: 'breaking',
    message: 'GET /items/{id} removed before its sunset date 2026-06-30',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-deprecated-operation-removed',
    name: 'deprecated operation removed after its sunset date',
    base: deprecatedGet('2025-06-01'),
    revision: listOnly,
    level: 'warning',
    message: 'GET /items/{id} (deprecated) removed',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-deprecated-operation-removed',
    name: 'deprecated operation without a sunset date removed',
    base: deprecatedGet(),
    revision: listOnly,
    level: 'warning',
    message: 'GET /items/{id} (deprecated) removed',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-added'],
  },
  {
    rule: 'api-operation-added',
    name: 'new operation',
    base: listOnly,
    revision: listAndGet,
    level: 'info',
    message: 'GET /items/{id} added',
    operation: { method: 'GET', path: '/items/{id}' },
    pointer: '/paths/~1items~1{id}/get',
    swapped: ['api-operation-removed'],
  },
  {
    rule: 'api-operation-deprecated',
    name: 'deprecated: true added',
    base: listWith('      operationId: list_items'),
    revision: listWith('      operationId: list_items\n      deprecated: true'),
    level: 'info',
    message: 'GET /items is now deprecated',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/deprecated',
    swapped: ['api-operation-reactivated'],
  },
  {
    rule: 'api-operation-reactivated',
    name: 'deprecated: true removed',
    base: listWith('      operationId: list_items\n      deprecated: true'),
    revision: listWith('      operationId: list_items\n      deprecated: false'),
    level: 'info',
    message: 'GET /items is no longer deprecated',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get',
    swapped: ['api-operation-deprecated'],
  },
  {
    rule: 'api-sunset-date-brought-forward',
    name: 'x-sunset moved earlier',
    base: listWith('      deprecated: true\n      x-sunset: 2027-06-01'),
    revision: listWith('      deprecated: true\n      x-sunset: 2027-01-01'),
    level: 'warning',
    message: 'GET /items: sunset date moved from 2027-06-01 to 2027-01-01',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get',
    swapped: [],
  },
  {
    rule: 'api-operation-id-changed',
    name: 'operationId renamed',
    base: listWith('      operationId: list_items'),
    revision: listWith('      operationId: get_items'),
    level: 'warning',
    message: 'GET /items: operationId changed from `list_items` to `get_items`',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get/operationId',
    swapped: ['api-operation-id-changed'],
  },
  {
    rule: 'api-operation-id-removed',
    name: 'operationId dropped',
    base: listWith('      operationId: list_items'),
    revision: listWith('      summary: List items'),
    level: 'warning',
    message: 'GET /items: operationId `list_items` removed',
    operation: { method: 'GET', path: '/items' },
    pointer: '/paths/~1items/get',
    swapped: [],
  },
];

checkCases(cases);

describe('operation matching: no finding', () => {
  /** `oneWay`: only base -> revision is finding-free (the reverse is a case above). */
  const equivalent: { name: string; base: string; revision: string; oneWay?: boolean }[] = [
    {
      name: 'path parameter renamed (/items/{id} -> /items/{item_id})',
      base: listAndGet,
      revision: spec(outdent`
        paths:
          /items:
            get:
              operationId: list_items
              responses: {'200': {description: ok}}
          /items/{item_id}:
            get:
              operationId: get_item
              parameters: [{name: item_id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: ok}}
      `),
    },
    {
      name: 'paths and methods reordered, method written in upper case in neither',
      base: listAndGet,
      revision: spec(outdent`
        paths:
          /items/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: ok}}
              operationId: get_item
          /items:
            get:
              responses: {'200': {description: ok}}
              operationId: list_items
      `),
    },
    {
      name: 'summary, description and tags changed',
      base: listWith('      operationId: list_items\n      summary: List\n      tags: [a]'),
      revision: listWith(
        '      operationId: list_items\n      summary: List all items\n      description: Paged.\n      tags: [b]',
      ),
    },
    {
      name: 'sunset date moved later',
      base: listWith('      deprecated: true\n      x-sunset: 2027-01-01'),
      revision: listWith('      deprecated: true\n      x-sunset: 2027-06-01'),
      oneWay: true,
    },
    {
      name: 'path item behind a $ref',
      base: listOnly,
      revision: spec(outdent`
        paths:
          /items: {$ref: '#/components/pathItems/Items'}
        components:
          pathItems:
            Items:
              get:
                operationId: list_items
                responses: {'200': {description: ok}}
      `),
    },
  ];

  it.each(equivalent)('$name', ({ base, revision, oneWay }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    if (!oneWay) expect(diffTexts(revision, base)).toEqual([]);
  });

  it('a sunset date in the past no longer protects the operation (evaluation time)', () => {
    const base = deprecatedGet('2027-01-01');
    expect(ids(diffTexts(base, listOnly, new Date('2026-01-01T00:00:00Z')))).toEqual([
      'api-operation-removed-before-sunset',
    ]);
    expect(ids(diffTexts(base, listOnly, new Date('2027-02-01T00:00:00Z')))).toEqual([
      'api-deprecated-operation-removed',
    ]);
  });
});
