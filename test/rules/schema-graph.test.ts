/**
 * Schema rules over a graph of shared and recursive components: a change inside a component is
 * compared once and reported once per operation that reaches it, under that component; recursion
 * terminates; the direction is that of each use (request vs response).
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/types.js';
import { diffTexts } from './_harness.js';

/** What a reader checks per finding: which rule, where, for which operation, grouped under what. */
function brief(findings: Finding[]) {
  return findings.map((finding) => ({
    id: finding.id,
    level: finding.level,
    operation: finding.operation ? `${finding.operation.method} ${finding.operation.path}` : null,
    pointer: finding.location.pointer,
    component: finding.component,
    message: finding.message,
  }));
}

describe('a change inside a shared component', () => {
  const document = (nameBounds: string) => outdent`
    openapi: 3.1.0
    info: { title: shop, version: '1' }
    paths:
      /orders:
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema: { $ref: '#/components/schemas/Item' }
          responses: { '204': { description: done } }
      /quotes:
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    primary: { $ref: '#/components/schemas/Item' }
                    backup: { $ref: '#/components/schemas/Item' }
                    all: { type: array, items: { $ref: '#/components/schemas/Item' } }
          responses: { '204': { description: done } }
      /items:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { type: array, items: { $ref: '#/components/schemas/Item' } }
      /health:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { type: object, properties: { ok: { type: boolean } } }
    components:
      schemas:
        Item:
          type: object
          required: [name]
          properties:
            name: { type: string, ${nameBounds} }
            price: { type: number }
  `;

  it('is reported once per operation that reaches it, under the component, in the direction of each use', () => {
    const findings = diffTexts(document('maxLength: 100'), document('maxLength: 50'));
    const inItem = {
      pointer: '/components/schemas/Item/properties/name',
      component: '#/components/schemas/Item',
      message: 'Item.name: maxLength decreased from 100 to 50',
    };
    expect(brief(findings)).toEqual([
      // Clients send Item to /orders and (three times) to /quotes: once each.
      { id: 'request-max-length-decreased', level: 'breaking', operation: 'POST /orders', ...inItem },
      { id: 'request-max-length-decreased', level: 'breaking', operation: 'POST /quotes', ...inItem },
      // Clients receive Item from /items: a lower maxLength there is safe.
      { id: 'response-max-length-decreased', level: 'info', operation: 'GET /items', ...inItem },
    ]);
  });

  it('swapped, reports the inverse rules for the same operations', () => {
    const findings = diffTexts(document('maxLength: 50'), document('maxLength: 100'));
    expect(findings.map((finding) => [finding.id, finding.operation?.path, finding.component])).toEqual([
      ['response-max-length-increased', '/items', '#/components/schemas/Item'],
      ['request-max-length-increased', '/orders', '#/components/schemas/Item'],
      ['request-max-length-increased', '/quotes', '#/components/schemas/Item'],
    ]);
  });

  it('reports nothing when the component is unchanged', () => {
    expect(diffTexts(document('maxLength: 100'), document('maxLength: 100'))).toEqual([]);
  });
});

describe('a recursive schema', () => {
  const document = (nameKeywords: string) => outdent`
    openapi: 3.1.0
    info: { title: trees, version: '1' }
    paths:
      /trees:
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema: { $ref: '#/components/schemas/Node' }
          responses: { '204': { description: done } }
      /trees/{id}:
        put:
          parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
          requestBody:
            required: true
            content:
              application/json:
                schema: { $ref: '#/components/schemas/Node' }
          responses: { '204': { description: done } }
        get:
          parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Node' }
    components:
      schemas:
        Node:
          type: object
          required: [name]
          properties:
            name: { type: string${nameKeywords} }
            children:
              type: array
              items: { $ref: '#/components/schemas/Node' }
            parent: { $ref: '#/components/schemas/Node' }
  `;

  it('terminates and reports a change inside it once per operation', () => {
    const findings = diffTexts(document(''), document(', maxLength: 10'));
    const inNode = {
      pointer: '/components/schemas/Node/properties/name',
      component: '#/components/schemas/Node',
      message: 'Node.name: maxLength decreased from none to 10',
    };
    expect(brief(findings)).toEqual([
      { id: 'request-max-length-decreased', level: 'breaking', operation: 'POST /trees', ...inNode },
      { id: 'request-max-length-decreased', level: 'breaking', operation: 'PUT /trees/{id}', ...inNode },
      { id: 'response-max-length-decreased', level: 'info', operation: 'GET /trees/{id}', ...inNode },
    ]);
  });

  it('reports nothing for identical recursive documents', () => {
    expect(diffTexts(document(''), document(''))).toEqual([]);
  });

  it('terminates on mutual recursion (A -> B -> A) and reports a change deep inside once', () => {
    const mutual = (bType: string) => outdent`
      openapi: 3.1.0
      info: { title: mutual, version: '1' }
      paths:
        /a:
          get:
            responses:
              '200':
                description: ok
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/A' }
      components:
        schemas:
          A:
            type: object
            properties:
              b: { $ref: '#/components/schemas/B' }
          B:
            type: object
            properties:
              a: { $ref: '#/components/schemas/A' }
              value: { type: ${bType} }
    `;
    expect(brief(diffTexts(mutual('integer'), mutual('number')))).toEqual([
      {
        id: 'response-type-changed',
        level: 'breaking',
        operation: 'GET /a',
        pointer: '/components/schemas/B/properties/value',
        component: '#/components/schemas/B',
        message: 'B.value: type changed from integer to number',
      },
    ]);
  });
});

describe('a variant added to a shared union', () => {
  const document = (variants: string) => outdent`
    openapi: 3.1.0
    info: { title: pets, version: '1' }
    paths:
      /pets:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { type: array, items: { $ref: '#/components/schemas/Pet' } }
      /pets/{id}:
        get:
          parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Pet' }
    components:
      schemas:
        Pet:
          oneOf: [${variants}]
        Cat: { type: object, properties: { meows: { type: boolean } }, required: [meows], additionalProperties: false }
        Dog: { type: object, properties: { barks: { type: boolean } }, required: [barks], additionalProperties: false }
        Fish: { type: object, properties: { fins: { type: integer } }, required: [fins], additionalProperties: false }
  `;
  const ref = (name: string) => `{ $ref: '#/components/schemas/${name}' }`;

  it('is grouped under the union (Pet), where it changed, not under the unchanged variant (Fish)', () => {
    const findings = diffTexts(
      document([ref('Cat'), ref('Dog')].join(', ')),
      document([ref('Cat'), ref('Dog'), ref('Fish')].join(', ')),
    );
    const inPet = {
      id: 'response-variant-added',
      level: 'breaking',
      pointer: '/components/schemas/Pet/oneOf/2',
      component: '#/components/schemas/Pet',
      message: 'Pet: may now return variant `Fish`',
    };
    expect(brief(findings)).toEqual([
      { ...inPet, operation: 'GET /pets' },
      { ...inPet, operation: 'GET /pets/{id}' },
    ]);
  });

  it('swapped, reports the removed variant at the base union', () => {
    const findings = diffTexts(
      document([ref('Cat'), ref('Dog'), ref('Fish')].join(', ')),
      document([ref('Cat'), ref('Dog')].join(', ')),
    );
    expect(findings.map((finding) => [finding.id, finding.side, finding.location.pointer, finding.component])).toEqual([
      ['response-variant-removed', 'base', '/components/schemas/Pet/oneOf/2', '#/components/schemas/Pet'],
      ['response-variant-removed', 'base', '/components/schemas/Pet/oneOf/2', '#/components/schemas/Pet'],
    ]);
  });
});

describe('a discriminated union whose variants pin their tag', () => {
  const document = (dogTag: string) => outdent`
    openapi: 3.1.0
    info: { title: pets, version: '1' }
    paths:
      /pets:
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  oneOf:
                    - { $ref: '#/components/schemas/Cat' }
                    - { $ref: '#/components/schemas/Dog' }
                  discriminator:
                    propertyName: kind
                    mapping: { cat: '#/components/schemas/Cat', ${dogTag}: '#/components/schemas/Dog' }
          responses: { '204': { description: done } }
    components:
      schemas:
        Cat:
          type: object
          required: [kind]
          properties: { kind: { const: cat }, meows: { type: boolean } }
        Dog:
          type: object
          required: [kind]
          properties: { kind: { const: ${dogTag} }, barks: { type: boolean } }
  `;

  it('reports a renamed tag once, as the enum change of the variant, not again as a discriminator value', () => {
    expect(brief(diffTexts(document('dog'), document('hound')))).toEqual([
      {
        id: 'request-enum-value-removed',
        level: 'breaking',
        operation: 'POST /pets',
        pointer: '/components/schemas/Dog/properties/kind',
        component: '#/components/schemas/Dog',
        message: 'Dog.kind: enum value "dog" is no longer accepted',
      },
      {
        id: 'request-enum-value-added',
        level: 'info',
        operation: 'POST /pets',
        pointer: '/components/schemas/Dog/properties/kind',
        component: '#/components/schemas/Dog',
        message: 'Dog.kind: enum value "hound" added',
      },
    ]);
  });
});

describe('a $ref property added to or removed from a shared component', () => {
  const document = (itemProperties: string, required: string) => outdent`
    openapi: 3.1.0
    info: { title: shop, version: '1' }
    paths:
      /items:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Item' }
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema: { $ref: '#/components/schemas/Item' }
          responses: { '204': { description: done } }
    components:
      schemas:
        User: { type: object, properties: { id: { type: integer } } }
        Item:
          type: object
          required: [${required}]
          properties: { name: { type: string }${itemProperties} }
  `;
  const withOwner = ", owner: { $ref: '#/components/schemas/User' }";

  it('is located at the property in Item and grouped under Item, not under the unchanged User', () => {
    const at = { pointer: '/components/schemas/Item/properties/owner', component: '#/components/schemas/Item' };
    expect(brief(diffTexts(document('', 'name'), document(withOwner, 'name, owner')))).toEqual([
      {
        id: 'request-required-property-added',
        level: 'breaking',
        operation: 'POST /items',
        message: 'Item: new required property `owner`',
        ...at,
      },
      {
        id: 'response-property-added',
        level: 'info',
        operation: 'GET /items',
        message: 'Item: new property `owner`',
        ...at,
      },
    ]);
    expect(brief(diffTexts(document(withOwner, 'name, owner'), document('', 'name')))).toEqual([
      {
        id: 'response-required-property-removed',
        level: 'breaking',
        operation: 'GET /items',
        message: 'Item: property `owner` is no longer returned',
        ...at,
      },
      {
        id: 'request-property-removed',
        level: 'warning',
        operation: 'POST /items',
        message: 'Item: property `owner` removed',
        ...at,
      },
    ]);
  });

  it('a $ref property that became required is located at the property', () => {
    expect(brief(diffTexts(document(withOwner, 'name'), document(withOwner, 'name, owner')))).toEqual([
      {
        id: 'request-property-became-required',
        level: 'breaking',
        operation: 'POST /items',
        pointer: '/components/schemas/Item/properties/owner',
        component: '#/components/schemas/Item',
        message: 'Item: property `owner` is now required',
      },
      {
        id: 'response-property-became-required',
        level: 'info',
        operation: 'GET /items',
        pointer: '/components/schemas/Item/properties/owner',
        component: '#/components/schemas/Item',
        message: 'Item: property `owner` is now always returned',
      },
    ]);
  });
});
