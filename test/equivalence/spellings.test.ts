/**
 * Schema spellings of one set of values produce no finding at all (issue 2 "Loading", DESIGN.md
 * §3): every ordered pair of spellings in a group is diffed with the schema used at once as a
 * request body, a response body, a property of a shared component, and (for scalars) a query
 * parameter, so both directions and both sides of a `$ref` are exercised.
 */
import { describe, expect, it } from 'vitest';
import { diffTexts } from '../rules/_harness.js';

type Json = Record<string, unknown>;

interface Spelling {
  label: string;
  /** 3.0 spellings (`nullable`, boolean `exclusiveMinimum`) go in a 3.0 document. */
  openapi: '3.0.3' | '3.1.0';
  schema: unknown;
  /** Extra `components.schemas` the schema refers to. */
  components?: Json;
  /** Use it as a query parameter too (scalars only). */
  scalar?: boolean;
}

const REF = { $ref: '#/components/schemas/Pet' };
const pet = (openapi: string): Json => ({
  Pet: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', maxLength: 50 },
      tag: openapi === '3.0.3' ? { type: 'string', nullable: true } : { type: ['string', 'null'] },
    },
  },
});

/** A document using `schema` everywhere a client sends or receives a value. */
function documentWith(spelling: Spelling): string {
  const components = { ...pet(spelling.openapi), ...spelling.components };
  const holder = { type: 'object', properties: { value: spelling.schema } };
  const parameters = spelling.scalar ? [{ name: 'value', in: 'query', schema: spelling.schema }] : [];
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  return JSON.stringify({
    openapi: spelling.openapi,
    info: { title: 'spellings', version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'create_thing',
          parameters,
          requestBody: { required: true, content: json(spelling.schema) },
          responses: { '200': { description: 'ok', content: json(spelling.schema) } },
        },
      },
      '/holders': {
        put: {
          operationId: 'put_holder',
          requestBody: { content: json({ $ref: '#/components/schemas/Holder' }) },
          responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/Holder' }) } },
        },
      },
    },
    components: { schemas: { ...components, Holder: holder } },
  });
}

const GROUPS: { name: string; spellings: Spelling[] }[] = [
  {
    name: 'nullable scalar',
    spellings: [
      { label: '3.0 nullable: true', openapi: '3.0.3', schema: { type: 'string', nullable: true }, scalar: true },
      { label: "3.1 type: [string, 'null']", openapi: '3.1.0', schema: { type: ['string', 'null'] }, scalar: true },
      {
        label: 'Pydantic v2 anyOf with a null branch',
        openapi: '3.1.0',
        schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Value' },
        scalar: true,
      },
      {
        label: 'oneOf with a null branch first',
        openapi: '3.1.0',
        schema: { oneOf: [{ type: 'null' }, { type: 'string' }] },
        scalar: true,
      },
      {
        label: '3.0 x-nullable (Swagger spelling)',
        openapi: '3.0.3',
        schema: { type: 'string', 'x-nullable': true },
        scalar: true,
      },
    ],
  },
  {
    name: 'nullable integer with bounds',
    spellings: [
      {
        label: '3.0 nullable: true',
        openapi: '3.0.3',
        schema: { type: 'integer', minimum: 1, maximum: 100, nullable: true },
        scalar: true,
      },
      {
        label: "3.1 type: [integer, 'null']",
        openapi: '3.1.0',
        schema: { type: ['integer', 'null'], minimum: 1, maximum: 100 },
        scalar: true,
      },
      {
        label: 'Pydantic v2 anyOf',
        openapi: '3.1.0',
        schema: { anyOf: [{ type: 'integer', minimum: 1, maximum: 100 }, { type: 'null' }] },
        scalar: true,
      },
    ],
  },
  {
    name: 'nullable enum',
    spellings: [
      { label: '3.0 nullable enum', openapi: '3.0.3', schema: { type: 'string', enum: ['a', 'b'], nullable: true } },
      {
        label: '3.1 type list with null in the enum',
        openapi: '3.1.0',
        schema: { type: ['string', 'null'], enum: ['a', 'b', null] },
      },
      {
        label: 'anyOf enum + null',
        openapi: '3.1.0',
        schema: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
      },
    ],
  },
  {
    name: 'enum of values',
    spellings: [
      { label: 'enum', openapi: '3.1.0', schema: { type: 'string', enum: ['a', 'b', 'c'] }, scalar: true },
      {
        label: 'oneOf of documented consts',
        openapi: '3.1.0',
        schema: {
          oneOf: [
            { const: 'a', type: 'string', description: 'first' },
            { const: 'b', type: 'string', description: 'second' },
            { const: 'c', type: 'string' },
          ],
        },
        scalar: true,
      },
      {
        label: 'anyOf of enums',
        openapi: '3.1.0',
        schema: {
          anyOf: [
            { type: 'string', enum: ['a', 'b'] },
            { type: 'string', enum: ['c'] },
          ],
        },
        scalar: true,
      },
    ],
  },
  {
    name: 'nullable $ref',
    spellings: [
      { label: '3.0 allOf [$ref] + nullable: true', openapi: '3.0.3', schema: { allOf: [REF], nullable: true } },
      { label: '3.1 anyOf [$ref, null] (Pydantic v2)', openapi: '3.1.0', schema: { anyOf: [REF, { type: 'null' }] } },
      { label: '3.1 oneOf [$ref, null]', openapi: '3.1.0', schema: { oneOf: [REF, { type: 'null' }] } },
      {
        label: 'Pydantic v2 anyOf [$ref, null] with description and default',
        openapi: '3.1.0',
        schema: { anyOf: [REF, { type: 'null' }], description: 'the pet', default: null },
      },
    ],
  },
  {
    name: 'nullable array of $refs',
    spellings: [
      { label: '3.0', openapi: '3.0.3', schema: { type: 'array', items: REF, nullable: true } },
      { label: '3.1 type list', openapi: '3.1.0', schema: { type: ['array', 'null'], items: REF } },
      { label: 'anyOf', openapi: '3.1.0', schema: { anyOf: [{ type: 'array', items: REF }, { type: 'null' }] } },
    ],
  },
  {
    name: 'plain $ref',
    spellings: [
      { label: 'plain $ref', openapi: '3.1.0', schema: REF },
      {
        label: 'Pydantic v1 allOf [$ref] with a description',
        openapi: '3.0.3',
        schema: { allOf: [REF], description: 'the pet' },
      },
      { label: 'allOf [$ref] with a title', openapi: '3.1.0', schema: { allOf: [REF], title: 'Pet' } },
      { label: '3.1 $ref with a description beside it', openapi: '3.1.0', schema: { ...REF, description: 'the pet' } },
      { label: 'single-branch anyOf [$ref]', openapi: '3.1.0', schema: { anyOf: [REF] } },
    ],
  },
  {
    name: 'exclusive minimum',
    spellings: [
      {
        label: '3.0 minimum: 5 + exclusiveMinimum: true',
        openapi: '3.0.3',
        schema: { type: 'integer', minimum: 5, exclusiveMinimum: true },
        scalar: true,
      },
      {
        label: '3.1 exclusiveMinimum: 5',
        openapi: '3.1.0',
        schema: { type: 'integer', exclusiveMinimum: 5 },
        scalar: true,
      },
    ],
  },
  {
    name: 'exclusive maximum',
    spellings: [
      {
        label: '3.0 maximum: 10 + exclusiveMaximum: true',
        openapi: '3.0.3',
        schema: { type: 'number', maximum: 10, exclusiveMaximum: true },
        scalar: true,
      },
      {
        label: '3.1 exclusiveMaximum: 10',
        openapi: '3.1.0',
        schema: { type: 'number', exclusiveMaximum: 10 },
        scalar: true,
      },
    ],
  },
  {
    name: 'single value',
    spellings: [
      { label: 'const: x', openapi: '3.1.0', schema: { type: 'string', const: 'x' }, scalar: true },
      { label: 'enum: [x]', openapi: '3.1.0', schema: { type: 'string', enum: ['x'] }, scalar: true },
      { label: 'const without type', openapi: '3.1.0', schema: { const: 'x' }, scalar: true },
    ],
  },
  {
    name: 'two scalar types',
    spellings: [
      { label: 'type: [string, integer]', openapi: '3.1.0', schema: { type: ['string', 'integer'] }, scalar: true },
      { label: 'type: [integer, string]', openapi: '3.1.0', schema: { type: ['integer', 'string'] }, scalar: true },
      {
        label: 'anyOf: [{type: string}, {type: integer}]',
        openapi: '3.1.0',
        schema: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        scalar: true,
      },
      {
        label: 'oneOf: [{type: integer}, {type: string}] (disjoint)',
        openapi: '3.1.0',
        schema: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
        scalar: true,
      },
    ],
  },
  {
    name: 'object with properties',
    spellings: [
      {
        label: 'type: object',
        openapi: '3.1.0',
        schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } },
      },
      {
        label: 'type omitted next to properties',
        openapi: '3.1.0',
        schema: { required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } },
      },
      {
        label: 'keys in another order',
        openapi: '3.1.0',
        schema: { properties: { b: { type: 'integer' }, a: { type: 'string' } }, required: ['a'], type: 'object' },
      },
    ],
  },
];

describe.each(GROUPS)('$name', ({ spellings }) => {
  const pairs = spellings.flatMap((a) => spellings.filter((b) => b !== a).map((b) => [a, b] as const));
  it.each(pairs.map(([a, b]) => ({ a, b, title: `${a.label} -> ${b.label}` })))('$title', ({ a, b }) => {
    expect(diffTexts(documentWith(a), documentWith(b))).toEqual([]);
  });
});

describe('a real change among spelling changes is still reported', () => {
  it('maxLength lowered inside a respelled nullable $ref', () => {
    const base = documentWith({ label: '', openapi: '3.0.3', schema: { allOf: [REF], nullable: true } });
    const revision = documentWith({ label: '', openapi: '3.1.0', schema: { anyOf: [REF, { type: 'null' }] } }).replace(
      '"maxLength":50',
      '"maxLength":40',
    );
    const found = diffTexts(base, revision)
      .filter((finding) => finding.level !== 'info')
      .map((finding) => `${finding.id} ${finding.operation?.method} ${finding.operation?.path}`);
    // Clients send shorter names only where the value is sent; responses narrowing is info.
    expect(found.sort()).toEqual([
      'request-max-length-decreased POST /things',
      'request-max-length-decreased PUT /holders',
    ]);
  });

  it('null dropped from a respelled scalar', () => {
    const base = documentWith({
      label: '',
      openapi: '3.0.3',
      schema: { type: 'string', nullable: true },
      scalar: true,
    });
    const revision = documentWith({
      label: '',
      openapi: '3.1.0',
      schema: { anyOf: [{ type: 'string' }] },
      scalar: true,
    });
    const levels = new Set(diffTexts(base, revision).map((finding) => `${finding.id}:${finding.level}`));
    expect(levels).toEqual(new Set(['request-nullable-removed:breaking', 'response-nullable-removed:info']));
  });
  it('a value dropped from an enum written as a oneOf of consts', () => {
    const base = documentWith({
      label: '',
      openapi: '3.1.0',
      schema: { type: 'string', enum: ['a', 'b'] },
      scalar: true,
    });
    const revision = documentWith({ label: '', openapi: '3.1.0', schema: { oneOf: [{ const: 'a' }] }, scalar: true });
    const levels = new Set(diffTexts(base, revision).map((finding) => `${finding.id}:${finding.level}`));
    expect(levels).toEqual(new Set(['request-enum-value-removed:breaking', 'response-enum-value-removed:info']));
  });

  it('a oneOf of consts that share a value is not an enum (no value matches exactly one branch)', () => {
    const base = documentWith({
      label: '',
      openapi: '3.1.0',
      schema: { type: 'string', enum: ['a', 'b'] },
      scalar: true,
    });
    const revision = documentWith({
      label: '',
      openapi: '3.1.0',
      schema: { oneOf: [{ enum: ['a', 'b'] }, { const: 'b' }] },
      scalar: true,
    });
    expect(diffTexts(base, revision).some((finding) => finding.level === 'breaking')).toBe(true);
  });
});
