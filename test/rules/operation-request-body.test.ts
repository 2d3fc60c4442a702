/**
 * Request body rules (taxonomy area `request-body`): a body added, removed, made required or
 * optional, and its media types. Request bodies match by media type, parameters
 * (`; charset=utf-8`) and letter case ignored.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { diffTexts, ids } from './_harness.js';
import { checkCases, type RuleCase } from './_operation-cases.js';

const item = '{type: object, properties: {name: {type: string}}}';

/** `POST /items` with `requestBody` (a YAML flow mapping, or undefined for none). */
const post = (requestBody?: string): string => outdent`
  openapi: 3.1.0
  info: {title: test, version: '1'}
  paths:
    /items:
      post:
        operationId: create_item${requestBody === undefined ? '' : `\n      requestBody: ${requestBody}`}
        responses: {'204': {description: done}}
`;

const json = (required: boolean, mediaTypes = ['application/json']): string =>
  `{required: ${required}, content: {${mediaTypes.map((name) => `'${name}': {schema: ${item}}`).join(', ')}}}`;

const cases: RuleCase[] = [
  {
    rule: 'request-body-added-required',
    name: 'required body added',
    base: post(),
    revision: post(json(true)),
    level: 'breaking',
    message: 'POST /items: a request body is now required',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody',
    swapped: ['request-body-removed'],
  },
  {
    rule: 'request-body-added-optional',
    name: 'optional body added',
    base: post(),
    revision: post(json(false)),
    level: 'info',
    message: 'POST /items: an optional request body is now accepted',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody',
    swapped: ['request-body-removed'],
  },
  {
    rule: 'request-body-removed',
    name: 'body removed',
    base: post(json(true)),
    revision: post(),
    level: 'warning',
    message: 'POST /items: the request body is no longer read',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody',
    swapped: ['request-body-added-required'],
  },
  {
    rule: 'request-body-removed',
    name: 'body from components.requestBodies removed',
    base: outdent`
      openapi: 3.0.3
      info: {title: test, version: '1'}
      paths:
        /items:
          post:
            operationId: create_item
            requestBody: {$ref: '#/components/requestBodies/Item'}
            responses: {'204': {description: done}}
      components:
        requestBodies:
          Item: ${json(false)}
    `,
    revision: post(),
    level: 'warning',
    message: 'POST /items: the request body is no longer read',
    operation: { method: 'POST', path: '/items' },
    pointer: '/components/requestBodies/Item',
    swapped: ['request-body-added-optional'],
  },
  {
    rule: 'request-body-became-required',
    name: 'required: false -> true',
    base: post(json(false)),
    revision: post(json(true)),
    level: 'breaking',
    message: 'POST /items: the request body is now required',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody',
    swapped: ['request-body-became-optional'],
  },
  {
    rule: 'request-body-became-optional',
    name: 'required: true dropped',
    base: post(json(true)),
    revision: post(`{content: {'application/json': {schema: ${item}}}}`),
    level: 'info',
    message: 'POST /items: the request body is now optional',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody',
    swapped: ['request-body-became-required'],
  },
  {
    rule: 'request-media-type-added',
    name: 'form encoding accepted too',
    base: post(json(true)),
    revision: post(json(true, ['application/json', 'application/x-www-form-urlencoded'])),
    level: 'info',
    message: 'POST /items: request body media type `application/x-www-form-urlencoded` is now accepted',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody/content/application~1x-www-form-urlencoded',
    swapped: ['request-media-type-removed'],
  },
  {
    rule: 'request-media-type-removed',
    name: 'XML no longer accepted',
    base: post(json(true, ['application/json', 'application/xml'])),
    revision: post(json(true)),
    level: 'breaking',
    message: 'POST /items: request body media type `application/xml` is no longer accepted',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody/content/application~1xml',
    swapped: ['request-media-type-added'],
  },
  {
    rule: 'request-media-type-removed',
    name: 'media type replaced',
    base: post(json(true, ['multipart/form-data'])),
    revision: post(json(true)),
    level: 'breaking',
    message: 'POST /items: request body media type `multipart/form-data` is no longer accepted',
    operation: { method: 'POST', path: '/items' },
    pointer: '/paths/~1items/post/requestBody/content/multipart~1form-data',
    all: ['request-media-type-added', 'request-media-type-removed'],
    swapped: ['request-media-type-added', 'request-media-type-removed'],
  },
];

checkCases(cases);

describe('request body matching: no finding', () => {
  const equivalent: { name: string; base: string; revision: string }[] = [
    {
      name: '`application/json; charset=utf-8` vs `application/json`',
      base: post(json(true, ['application/json; charset=utf-8'])),
      revision: post(json(true)),
    },
    {
      name: 'media type letter case (`Application/JSON`)',
      base: post(json(true, ['Application/JSON'])),
      revision: post(json(true)),
    },
    {
      name: 'media types reordered',
      base: post(json(true, ['application/json', 'application/xml'])),
      revision: post(json(true, ['application/xml', 'application/json'])),
    },
    {
      name: 'inline body moved into components.requestBodies',
      base: post(json(true)),
      revision: outdent`
        openapi: 3.1.0
        info: {title: test, version: '1'}
        paths:
          /items:
            post:
              operationId: create_item
              requestBody: {$ref: '#/components/requestBodies/Item'}
              responses: {'204': {description: done}}
        components:
          requestBodies:
            Item: ${json(true)}
      `,
    },
    {
      name: 'body description changed',
      base: post(`{description: a, required: true, content: {'application/json': {schema: ${item}}}}`),
      revision: post(`{description: b, required: true, content: {'application/json': {schema: ${item}}}}`),
    },
  ];

  it.each(equivalent)('$name', ({ base, revision }) => {
    expect(diffTexts(base, revision)).toEqual([]);
    expect(diffTexts(revision, base)).toEqual([]);
  });

  it('a `*/*` body still accepts what a specific media type accepted', () => {
    expect(ids(diffTexts(post(json(true)), post(json(true, ['*/*']))))).toEqual(['request-media-type-added']);
    expect(ids(diffTexts(post(json(true)), post(json(true, ['application/*']))))).toEqual(['request-media-type-added']);
  });
});
