/**
 * Whole documents that differ only in spelling produce no finding at all (issue 2 "Loading"):
 * 3.0 vs 3.1 (Pydantic v1 vs v2 output), key order, JSON vs YAML, a component renamed with its
 * references, an inline schema moved into components, Swagger 2.0 vs its OpenAPI 3.0 conversion.
 * And a real change hidden among such spelling changes is still reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/types.js';
import { diffTexts, parse } from '../rules/_harness.js';

type Json = Record<string, unknown>;

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/equivalence/${name}`, import.meta.url), 'utf8');

const store30 = fixture('store-3.0.yaml');
const store31 = fixture('store-3.1.json');
const swagger2 = fixture('petstore-swagger2.yaml');
const oas3 = fixture('petstore-oas3.yaml');

function rootOf(text: string): Json {
  return parse(text, 'fixture.yaml').root as Json;
}

/** Every object's keys in reverse order (arrays keep their order). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const result: Json = {};
  for (const key of Object.keys(value).reverse()) result[key] = reverseKeys((value as Json)[key]);
  return result;
}

/** Apply `edit` to every object in `value`, depth first. */
function walk(value: unknown, edit: (object: Json) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, edit);
  else if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) walk(child, edit);
    edit(value as Json);
  }
}

function schemasOf(root: Json): Json {
  return (root.components as Json).schemas as Json;
}

/** `components.schemas[from]` renamed to `to`, with every reference to it. */
function renameComponent(text: string, from: string, to: string): string {
  const root = rootOf(text);
  const schemas = schemasOf(root);
  const renamed: Json = {};
  for (const [name, schema] of Object.entries(schemas)) renamed[name === from ? to : name] = schema;
  (root.components as Json).schemas = renamed;
  walk(root, (object) => {
    if (object.$ref === `#/components/schemas/${from}`) object.$ref = `#/components/schemas/${to}`;
  });
  return JSON.stringify(root);
}

/** Every reference to `components.schemas[name]` replaced by a copy of it; the component removed. */
function inlineComponent(text: string, name: string): string {
  const root = rootOf(text);
  const schemas = schemasOf(root);
  const definition = JSON.stringify(schemas[name]);
  delete schemas[name];
  walk(root, (object) => {
    if (object.$ref !== `#/components/schemas/${name}`) return;
    delete object.$ref;
    Object.assign(object, JSON.parse(definition));
  });
  return JSON.stringify(root);
}

/** A JSON copy of `text` changed by `edit`. */
function edited(text: string, edit: (root: Json) => void): string {
  const root = rootOf(text);
  edit(root);
  return JSON.stringify(root);
}

function expectNoFindings(a: string, b: string): void {
  expect(describeFindings(diffTexts(a, b))).toEqual([]);
  expect(describeFindings(diffTexts(b, a))).toEqual([]);
}

/** Compact, readable form for failure output. */
function describeFindings(findings: Finding[]): string[] {
  return findings.map(
    (finding) =>
      `${finding.id} ${finding.operation?.method ?? ''} ${finding.operation?.path ?? ''} ${finding.location.pointer}: ${finding.message}`,
  );
}

describe('documents that differ only in spelling: no finding', () => {
  it('store: Pydantic v1 / OpenAPI 3.0 YAML vs Pydantic v2 / OpenAPI 3.1 JSON (renamed components, moved schemas, renamed path parameters)', () => {
    expectNoFindings(store30, store31);
  });

  it('Swagger 2.0 vs its hand-converted OpenAPI 3.0 equivalent', () => {
    expectNoFindings(swagger2, oas3);
  });

  it('Swagger 2.0 without host and basePath vs OpenAPI 3.0 without servers', () => {
    const withoutHost = edited(swagger2, (root) => {
      delete root.host;
      delete root.basePath;
      delete root.schemes;
    });
    const withoutServers = edited(oas3, (root) => {
      delete root.servers;
    });
    expectNoFindings(withoutHost, withoutServers);
  });

  describe.each([
    ['store-3.0.yaml', store30],
    ['store-3.1.json', store31],
    ['petstore-swagger2.yaml', swagger2],
    ['petstore-oas3.yaml', oas3],
  ])('%s', (_name, text) => {
    it('vs itself', () => {
      expectNoFindings(text, text);
    });

    it('JSON vs YAML of the same document', () => {
      expectNoFindings(text, JSON.stringify(rootOf(text), null, 2));
    });

    it('keys in reverse order at every level', () => {
      expectNoFindings(text, JSON.stringify(reverseKeys(rootOf(text))));
    });
  });

  it.each([
    ['ItemRead', 'Item'],
    ['ItemCategory', 'Category'],
    ['ValidationError', 'ValidationIssue'],
  ])('store-3.1: component %s renamed to %s with all its references', (from, to) => {
    expectNoFindings(store31, renameComponent(store31, from, to));
  });

  it('petstore-oas3: component NewPet renamed (also inside allOf)', () => {
    expectNoFindings(oas3, renameComponent(oas3, 'NewPet', 'PetInput'));
  });

  it.each(['Owner', 'ItemCategory', 'NotFound', 'ItemRead'])(
    'store-3.1: inline schema moved into components (%s)',
    (name) => {
      expectNoFindings(inlineComponent(store31, name), store31);
    },
  );

  it('petstore-oas3: Error inlined at each use vs in components', () => {
    expectNoFindings(inlineComponent(oas3, 'Error'), oas3);
  });

  it('a YAML document using anchors and aliases vs the expanded JSON', () => {
    const yaml = `
openapi: 3.1.0
info: {title: anchors, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': &ok
          description: ok
          content: {application/json: {schema: &thing {type: object, required: [id], properties: {id: {type: integer}}}}}
  /b:
    post:
      requestBody: {required: true, content: {application/json: {schema: *thing}}}
      responses: {'200': *ok}
`;
    expectNoFindings(yaml, JSON.stringify(rootOf(yaml)));
  });
});

describe('a real change hidden among spelling changes is reported', () => {
  const ids = (findings: Finding[]) =>
    findings.map((finding) => `${finding.id} ${finding.operation?.method} ${finding.operation?.path}`).sort();

  it('store: a request property became required', () => {
    const revision = edited(store31, (root) => {
      (schemasOf(root).ItemCreate as Json).required = ['name', 'price', 'tags'];
    });
    expect(ids(diffTexts(store30, revision))).toEqual(['request-property-became-required POST /items']);
  });

  it('store: a required response property removed from a renamed component', () => {
    const revision = edited(store31, (root) => {
      const item = schemasOf(root).ItemRead as Json;
      delete (item.properties as Json).price;
      item.required = ['id', 'name', 'category', 'owner'];
    });
    expect(ids(diffTexts(store30, revision))).toEqual([
      'response-required-property-removed GET /items',
      'response-required-property-removed GET /items/{id}',
      'response-required-property-removed PATCH /items/{id}',
      'response-required-property-removed POST /items',
    ]);
  });

  it('store: a nullable request property no longer nullable (respelled from nullable: true)', () => {
    const revision = edited(store31, (root) => {
      const properties = (schemasOf(root).ItemCreate as Json).properties as Json;
      properties.description = { type: 'string', title: 'Description' };
    });
    expect(ids(diffTexts(store30, revision))).toEqual(['request-nullable-removed POST /items']);
  });

  it('store: exclusive minimum raised (3.0 boolean form vs 3.1 number form)', () => {
    const revision = edited(store31, (root) => {
      const properties = (schemasOf(root).ItemCreate as Json).properties as Json;
      (properties.price as Json).exclusiveMinimum = 1;
    });
    expect(ids(diffTexts(store30, revision))).toEqual(['request-minimum-increased POST /items']);
  });

  it('petstore: a Swagger collectionFormat (csv) no longer matches the OpenAPI 3 style', () => {
    const revision = oas3.replace(
      'style: form, explode: false, schema: {type: array, items: {type: string, enum',
      'style: form, explode: true, schema: {type: array, items: {type: string, enum',
    );
    expect(revision).not.toBe(oas3);
    expect(ids(diffTexts(swagger2, revision))).toEqual(['request-parameter-style-changed GET /pets']);
  });

  it('petstore: a form field became required after the Swagger -> OpenAPI 3 conversion', () => {
    const revision = oas3.replace(
      'required: [name]\n              properties:\n                name: {type: string}\n                status',
      'required: [name, status]\n              properties:\n                name: {type: string}\n                status',
    );
    expect(revision).not.toBe(oas3);
    expect(ids(diffTexts(swagger2, revision))).toEqual(['request-property-became-required POST /pets/{petId}']);
  });
  // Swagger operations are converted only when compared: these changes leave every operation's own
  // text unchanged, so they must be found through what the operations depend on.
  it('petstore: the document-wide `produces` changed, every operation text unchanged', () => {
    const revision = edited(swagger2, (root) => {
      root.produces = ['application/xml'];
    });
    const found = ids(diffTexts(swagger2, revision));
    expect(found).toContain('response-media-type-removed GET /pets');
    expect(found).not.toContain('response-media-type-removed GET /pets/{petId}'); // it has its own list
  });

  it('petstore: a shared `#/parameters` entry changed, the operations that reference it did not', () => {
    const revision = edited(swagger2, (root) => {
      ((root.parameters as Json).petId as Json).minimum = 10;
    });
    expect(ids(diffTexts(swagger2, revision))).toEqual([
      'request-minimum-increased DELETE /pets/{petId}',
      'request-minimum-increased GET /pets/{petId}',
      'request-minimum-increased POST /pets/{petId}',
      'request-minimum-increased PUT /pets/{petId}/photo',
    ]);
  });

  it('petstore: an `x-` extension under `paths` is not a path, in Swagger 2.0 and OpenAPI 3', () => {
    const extension = { get: { responses: { '200': { description: 'not an operation' } } } };
    for (const text of [swagger2, oas3]) {
      const revision = edited(text, (root) => {
        (root.paths as Json)['x-internal'] = extension;
      });
      expect(describeFindings(diffTexts(text, revision))).toEqual([]);
    }
  });
});
