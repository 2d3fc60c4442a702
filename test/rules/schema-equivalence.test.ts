/**
 * Spellings of one set of values must produce no schema finding, in either direction and either
 * order (DESIGN.md §3, issue 2 "Equivalent forms are one thing").
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/types.js';
import { diffTexts, requestDocument, responseDocument } from './_harness.js';

type Components = Record<string, unknown>;

interface Spelling {
  schema: unknown;
  components?: Components;
  openapi?: '3.0.3';
}

interface Equivalence {
  name: string;
  spellings: Spelling[];
}

const item: Components = {
  Item: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
};

const EQUIVALENCES: Equivalence[] = [
  {
    name: 'null allowed: nullable, type list, anyOf/oneOf with a null branch',
    spellings: [
      { schema: { type: 'string', nullable: true }, openapi: '3.0.3' },
      { schema: { type: ['string', 'null'] } },
      { schema: { type: ['null', 'string'] } },
      { schema: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      { schema: { oneOf: [{ type: 'null' }, { type: 'string' }] } },
    ],
  },
  {
    name: 'nullable reference: 3.0 allOf + nullable, 3.1 anyOf with null (Pydantic v2 Optional[Item])',
    spellings: [
      {
        schema: { allOf: [{ $ref: '#/components/schemas/Item' }], nullable: true },
        components: item,
        openapi: '3.0.3',
      },
      { schema: { anyOf: [{ $ref: '#/components/schemas/Item' }, { type: 'null' }] }, components: item },
      { schema: { oneOf: [{ $ref: '#/components/schemas/Item' }, { type: 'null' }] }, components: item },
    ],
  },
  {
    name: 'exclusive lower bound: 3.0 boolean form, 3.1 number form',
    spellings: [
      { schema: { type: 'number', minimum: 0, exclusiveMinimum: true }, openapi: '3.0.3' },
      { schema: { type: 'number', exclusiveMinimum: 0 } },
      { schema: { type: 'number', minimum: -5, exclusiveMinimum: 0 } },
    ],
  },
  {
    name: 'exclusive upper bound: 3.0 boolean form, 3.1 number form',
    spellings: [
      { schema: { type: 'integer', maximum: 100, exclusiveMaximum: true }, openapi: '3.0.3' },
      { schema: { type: 'integer', exclusiveMaximum: 100 } },
    ],
  },
  {
    name: 'integer bounds: inclusive, 3.1 exclusive, 3.0 boolean exclusive (Pydantic ge/gt/le/lt)',
    spellings: [
      { schema: { type: 'integer', minimum: 1, maximum: 10 } },
      { schema: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 11 } },
      {
        schema: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 11, exclusiveMaximum: true },
        openapi: '3.0.3',
      },
      { schema: { type: 'integer', minimum: 0.5, maximum: 10.5 } },
    ],
  },
  {
    name: 'integer and integer multipleOf 1',
    spellings: [{ schema: { type: 'integer' } }, { schema: { type: 'integer', multipleOf: 1 } }],
  },
  {
    name: 'an enum of integers, declared number, integer or not at all',
    spellings: [
      { schema: { type: 'number', enum: [1, 2] } },
      { schema: { type: 'integer', enum: [1, 2] } },
      { schema: { enum: [1, 2] } },
    ],
  },
  {
    name: 'const and a one-value enum',
    spellings: [{ schema: { type: 'string', const: 'a' } }, { schema: { type: 'string', enum: ['a'] } }],
  },
  {
    name: 'type list and anyOf of bare types',
    spellings: [
      { schema: { type: ['string', 'integer'] } },
      { schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
    ],
  },
  {
    name: 'implied object type',
    spellings: [
      { schema: { properties: { a: { type: 'string' } }, required: ['a'] } },
      { schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
    ],
  },
  {
    name: 'single-branch allOf, $ref with annotations, plain $ref, the same schema inline',
    spellings: [
      { schema: { allOf: [{ $ref: '#/components/schemas/Item' }] }, components: item },
      { schema: { $ref: '#/components/schemas/Item', description: 'An item' }, components: item },
      { schema: { $ref: '#/components/schemas/Item' }, components: item },
      { schema: item.Item },
    ],
  },
  {
    name: 'a component renamed with its references',
    spellings: [
      { schema: { $ref: '#/components/schemas/Item' }, components: item },
      { schema: { $ref: '#/components/schemas/Product' }, components: { Product: item.Item } },
    ],
  },
  {
    name: 'allOf inheritance (Pydantic subclass) and the flattened object',
    spellings: [
      {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Item' },
            { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
          ],
        },
        components: item,
      },
      {
        schema: {
          type: 'object',
          required: ['id', 'size'],
          properties: { id: { type: 'integer' }, name: { type: 'string' }, size: { type: 'integer', minimum: 1 } },
        },
      },
    ],
  },
  {
    name: 'key order',
    spellings: [
      {
        schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['b', 'a'] },
      },
      {
        schema: { required: ['a', 'b'], properties: { b: { type: 'integer' }, a: { type: 'string' } }, type: 'object' },
      },
    ],
  },
];

function document(direction: 'request' | 'response', spelling: Spelling): string {
  const text = (direction === 'request' ? requestDocument : responseDocument)(spelling.schema, spelling.components);
  return spelling.openapi ? JSON.stringify({ ...JSON.parse(text), openapi: spelling.openapi }) : text;
}

function summary(findings: Finding[]): string {
  return findings.map((finding) => `${finding.id}: ${finding.message}`).join('; ');
}

describe.each(EQUIVALENCES.map((equivalence) => [equivalence.name, equivalence] as const))(
  '%s',
  (_name, equivalence) => {
    const pairs: [number, number][] = [];
    for (let a = 0; a < equivalence.spellings.length; a++) {
      for (let b = 0; b < equivalence.spellings.length; b++) if (a !== b) pairs.push([a, b]);
    }
    it.each(
      (['request', 'response'] as const).flatMap((direction) => pairs.map(([a, b]) => [direction, a, b] as const)),
    )('%s: spelling %i -> spelling %i has no findings', (direction, a, b) => {
      const findings = diffTexts(
        document(direction, equivalence.spellings[a]),
        document(direction, equivalence.spellings[b]),
      );
      expect(findings, summary(findings)).toEqual([]);
    });
  },
);
