/**
 * Parameters travel as text (path, query, header, cookie): `5` and `"5"` are the same characters,
 * so a parameter that accepted an integer and now accepts any string still accepts every request
 * clients sent. In a JSON body the same change breaks them (5 is not "5").
 */
import { describe, expect, it } from 'vitest';
import { diffTexts } from './_harness.js';

type Json = Record<string, unknown>;

/** `GET /items/{item_id}` with `schema` for the path parameter and for the `ids` query array's items. */
function parameterDocument(schema: Json, bodySchema?: Json): string {
  const get: Json = {
    parameters: [
      { name: 'item_id', in: 'path', required: true, schema },
      { name: 'ids', in: 'query', schema: { type: 'array', items: schema } },
    ],
    responses: { '200': { description: 'ok' } },
  };
  const paths: Json = { '/items/{item_id}': { get } };
  if (bodySchema) {
    paths['/items'] = {
      post: {
        requestBody: { content: { 'application/json': { schema: bodySchema } } },
        responses: { '201': { description: 'created' } },
      },
    };
  }
  return JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths });
}

const summary = (base: string, revision: string) =>
  diffTexts(base, revision)
    .filter((finding) => finding.id.startsWith('request-type'))
    .map((finding) => `${finding.level} ${finding.id} ${finding.operation?.method} ${finding.operation?.path}`)
    .sort();

describe('a parameter type change', () => {
  it('integer -> unconstrained string is a widening (info), in the path and in array items', () => {
    expect(summary(parameterDocument({ type: 'integer' }), parameterDocument({ type: 'string' }))).toEqual([
      'info request-type-widened GET /items/{item_id}',
      'info request-type-widened GET /items/{item_id}',
    ]);
  });

  it('string -> integer breaks clients that sent other text', () => {
    expect(summary(parameterDocument({ type: 'string' }), parameterDocument({ type: 'integer' }))).toEqual([
      'breaking request-type-changed GET /items/{item_id}',
      'breaking request-type-changed GET /items/{item_id}',
    ]);
  });

  it('integer -> a string with a format or pattern is still reported as breaking', () => {
    const uuid = { type: 'string', format: 'uuid' };
    expect(summary(parameterDocument({ type: 'integer' }), parameterDocument(uuid))).toEqual([
      'breaking request-type-changed GET /items/{item_id}',
      'breaking request-type-changed GET /items/{item_id}',
    ]);
  });

  it('the same change in a JSON request body breaks (5 is not "5")', () => {
    const body = (type: string) => ({ type: 'object', properties: { id: { type } } });
    const findings = summary(
      parameterDocument({ type: 'integer' }, body('integer')),
      parameterDocument({ type: 'string' }, body('string')),
    );
    expect(findings).toContain('breaking request-type-changed POST /items');
    expect(findings).not.toContain('breaking request-type-changed GET /items/{item_id}');
  });
});
