/**
 * Pydantic 1 -> 2 writes the same response model differently: `nick: Optional[str] = None` was an
 * optional string, and is now a required `anyOf: [string, null]` (Pydantic 2 marks defaulted fields
 * required in responses, since they are always sent). Pydantic 1 could not write null at all, so
 * the API sent `null` all along. holdfast recognizes FastAPI's Pydantic 1 output by its signature
 * (OpenAPI 3.0.x, a generated `title` on nearly every property) and makes "may now be null" on its
 * properties a warning that says so. A contract written by hand means what it says: there a
 * property that may now be null is a break, optional or not.
 */
import { describe, expect, it } from 'vitest';
import { diffTexts, responseDocument } from './_harness.js';

/** Components as FastAPI writes them under Pydantic 1: a generated `title` on every property. */
const PYDANTIC1 = {
  Item: {
    title: 'Item',
    type: 'object',
    properties: {
      id: { title: 'Id', type: 'integer' },
      name: { title: 'Name', type: 'string' },
      tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
    },
  },
};

function outline(
  openapi: '3.0.2' | '3.1.0',
  components: Record<string, unknown>,
  base: unknown,
  revision: unknown,
  revisionOpenapi: string = openapi,
): string[] {
  const document = (schema: unknown, version: string) =>
    JSON.stringify({ ...JSON.parse(responseDocument(schema, components)), openapi: version });
  return diffTexts(document(base, openapi), document(revision, revisionOpenapi))
    .map((finding) => `${finding.level} ${finding.id}`)
    .sort();
}

const nick = (required: boolean, nullable: boolean) => ({
  title: 'User',
  type: 'object',
  ...(required ? { required: ['nick'] } : {}),
  properties: {
    nick: nullable
      ? { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Nick' }
      : { type: 'string', title: 'Nick' },
  },
});

describe('a base written by FastAPI under Pydantic 1 (3.0, generated titles)', () => {
  it('an optional field now required and nullable is a warning (may now be null) and an info (now always sent)', () => {
    expect(outline('3.0.2', PYDANTIC1, nick(false, false), nick(true, true), '3.1.0')).toEqual([
      'info response-property-became-required',
      'warning response-optional-property-nullable-added',
    ]);
  });

  it('a required field that may now be null is a warning that names Pydantic 1', () => {
    expect(outline('3.0.2', PYDANTIC1, nick(true, false), nick(true, true), '3.1.0')).toEqual([
      'warning response-property-null-documented',
    ]);
  });

  it('a whole body that may now be null stays a break', () => {
    expect(
      outline('3.0.2', PYDANTIC1, { type: 'string' }, { anyOf: [{ type: 'string' }, { type: 'null' }] }, '3.1.0'),
    ).toEqual(['breaking response-nullable-added']);
  });
});

describe('a contract written by hand', () => {
  it('3.0: a required field that may now be null is a break', () => {
    expect(outline('3.0.2', {}, nick(true, false), nick(true, true))).toEqual(['breaking response-nullable-added']);
  });

  it('3.0: an optional field that may now be null is a break too', () => {
    expect(outline('3.0.2', {}, nick(false, false), nick(false, true))).toEqual(['breaking response-nullable-added']);
  });

  it('3.1 with titles everywhere (Pydantic 2 writes null) is not Pydantic 1', () => {
    expect(outline('3.1.0', PYDANTIC1, nick(false, false), nick(false, true))).toEqual([
      'breaking response-nullable-added',
    ]);
  });
});
