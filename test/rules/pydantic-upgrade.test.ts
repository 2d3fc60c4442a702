/**
 * Pydantic 1 -> 2 writes the same response model differently: `nick: Optional[str] = None` was an
 * optional string, and is now a required `anyOf: [string, null]` (Pydantic 2 marks defaulted fields
 * required in responses, since they are always sent). The API sent `null` all along; clients built
 * against the old document already had to cope with the field carrying no value. A warning, not a
 * break. A field the old document required that may now be null is a break.
 */
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './_harness.js';

const nullableString = { anyOf: [{ type: 'string' }, { type: 'null' }] };

const outline = (base: unknown, revision: unknown) =>
  diffSchemas('response', base, revision)
    .map((finding) => `${finding.level} ${finding.id}`)
    .sort();

describe('an optional response field that Pydantic 2 writes as required and nullable', () => {
  it('is a warning (may now be null) and an info (now always sent)', () => {
    const base = { type: 'object', properties: { nick: { type: 'string' } } };
    const revision = { type: 'object', required: ['nick'], properties: { nick: nullableString } };
    expect(outline(base, revision)).toEqual([
      'info response-property-became-required',
      'warning response-optional-property-nullable-added',
    ]);
  });

  it('a field the old document required that may now be null stays a break', () => {
    const base = { type: 'object', required: ['nick'], properties: { nick: { type: 'string' } } };
    const revision = { type: 'object', required: ['nick'], properties: { nick: nullableString } };
    expect(outline(base, revision)).toEqual(['breaking response-nullable-added']);
  });
});
