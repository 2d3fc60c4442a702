/** Small contracts of a "shop" service, one per version, for the registry tests. Private to test/registry. */
import type { Source } from '../../src/load/types.js';

export interface ContractShape {
  /** Extra required response fields of Item (what a version adds for clients). */
  responseFields?: string[];
  /** A required query parameter on GET /items/{item_id} (a breaking addition). */
  requiredQuery?: string;
  /** Spell the same document differently: reversed key order. */
  reordered?: boolean;
}

export function contractDocument(shape: ContractShape = {}): Record<string, unknown> {
  const fields = shape.responseFields ?? [];
  const properties: Record<string, unknown> = { id: { type: 'integer' }, name: { type: 'string' } };
  for (const field of fields) properties[field] = { type: 'number' };
  const parameters: unknown[] = [{ name: 'item_id', in: 'path', required: true, schema: { type: 'integer' } }];
  if (shape.requiredQuery) {
    parameters.push({ name: shape.requiredQuery, in: 'query', required: true, schema: { type: 'string' } });
  }
  const document = {
    openapi: '3.1.0',
    info: { title: 'shop', version: '1' },
    paths: {
      '/items/{item_id}': {
        get: {
          operationId: 'read_item',
          parameters,
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: { Item: { type: 'object', required: ['id', 'name', ...fields], properties } },
    },
  };
  return shape.reordered ? (reverseKeys(document) as Record<string, unknown>) : document;
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reverseKeys(child)]),
  );
}

export function contract(name: string, shape: ContractShape = {}): Source {
  return {
    uri: `/contracts/${name}.json`,
    displayName: `${name}.json`,
    text: JSON.stringify(contractDocument(shape), null, 2),
  };
}

/** v1: Item {id, name}. v2: adds the required response field `discount`. v3: also a required query parameter. */
export const V1 = contract('shop-1.0.0');
export const V2 = contract('shop-1.1.0', { responseFields: ['discount'] });
export const V3 = contract('shop-2.0.0', { responseFields: ['discount'], requiredQuery: 'tenant' });

/** A clock that moves one minute per reading, from 2025-01-01T00:00Z. */
export function clock(start = Date.parse('2025-01-01T00:00:00.000Z')): () => Date {
  let time = start;
  return () => {
    time += 60_000;
    return new Date(time);
  };
}
