/**
 * The same shop app as current FastAPI with Pydantic 2 documents it (OpenAPI 3.1, committed in
 * examples/fastapi-shop/openapi-pydantic2/), against itself, its breaking version, and the
 * Pydantic 1 extraction this machine produces (OpenAPI 3.0).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { compareSources, compareSpecs } from '../../src/pipeline.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { HAS_FASTAPI, PYTHON, SHOP } from './_python.js';

const PYDANTIC2_V1 = join(SHOP, 'openapi-pydantic2', 'v1.json');
const PYDANTIC2_V2_BREAKING = join(SHOP, 'openapi-pydantic2', 'v2-breaking.json');

/** `level id operation pointer` per finding, sorted: the whole outcome in reviewable lines. */
function outline(result: ComparisonResult): string[] {
  return result.findings
    .map((finding) => {
      const operation = finding.operation ? `${finding.operation.method} ${finding.operation.path}` : '-';
      return `${finding.level} ${finding.id} ${operation} ${finding.location.pointer}`;
    })
    .sort();
}

describe('the Pydantic 2 documents', () => {
  it('are identical to themselves', async () => {
    const result = await compareSpecs(PYDANTIC2_V1, PYDANTIC2_V1, { cwd: SHOP });
    expect(result.findings).toEqual([]);
  });

  it('show the breaking changes of v2-breaking', async () => {
    const result = await compareSpecs(PYDANTIC2_V1, PYDANTIC2_V2_BREAKING, { cwd: SHOP });
    expect(result.summary).toEqual({ breaking: 6, warning: 0, info: 3 });
    expect(outline(result)).toEqual([
      'breaking request-nullable-removed POST /orders /components/schemas/OrderCreate/properties/note',
      'breaking request-property-became-required POST /orders /components/schemas/OrderCreate/properties/note',
      'breaking response-optional-property-removed GET /users/{user_id} /components/schemas/User/properties/nickname',
      'breaking response-required-property-removed GET /items /components/schemas/Item/properties/name',
      'breaking response-required-property-removed GET /items/{item_id} /components/schemas/Item/properties/name',
      'breaking response-required-property-removed POST /items /components/schemas/Item/properties/name',
      'info response-property-added GET /items /components/schemas/Item/properties/title',
      'info response-property-added GET /items/{item_id} /components/schemas/Item/properties/title',
      'info response-property-added POST /items /components/schemas/Item/properties/title',
    ]);
  });
});

describe.skipIf(!HAS_FASTAPI)('Pydantic 1 extraction against the Pydantic 2 document of the same code', () => {
  it('normalizes every respelling; the null Pydantic 1 left out of Optional responses is a warning, not a break', async () => {
    const pydantic1 = await extractOpenApi('shop.main:app', { cwd: SHOP, appDir: 'v1', python: PYTHON, env: {} });
    expect(pydantic1.document.openapi).toBe('3.0.2');
    const base = { uri: 'py:shop.main:app', displayName: 'pydantic1/v1.json', text: pydantic1.text };
    const result = await compareSources(
      base,
      { uri: PYDANTIC2_V1, displayName: 'openapi-pydantic2/v1.json', text: await readFile(PYDANTIC2_V1, 'utf8') },
      { cwd: SHOP },
    );
    // Pydantic 1 documents `Optional[str] = None` as a plain optional string, although FastAPI
    // returns null for it; Pydantic 2 documents the null (anyOf with {type: null}). These are
    // optional properties, which clients already treat as maybe-missing: a warning, not a break.
    // Everything else (3.0 vs 3.1, anyOf-with-null in requests, exclusiveMinimum spellings,
    // ValidationError's new optional fields, titles, defaults) produces nothing above info.
    expect(result.summary.breaking).toBe(0);
    const warnings = outline(result).filter((line) => line.startsWith('warning'));
    expect(warnings).toEqual([
      'warning response-optional-property-nullable-added GET /items /components/schemas/Item/properties/description',
      'warning response-optional-property-nullable-added GET /items/{item_id} /components/schemas/Item/properties/description',
      'warning response-optional-property-nullable-added GET /orders/{order_id} /components/schemas/Order/properties/note',
      'warning response-optional-property-nullable-added GET /users/{user_id} /components/schemas/User/properties/nickname',
      'warning response-optional-property-nullable-added POST /items /components/schemas/Item/properties/description',
      'warning response-optional-property-nullable-added POST /orders /components/schemas/Order/properties/note',
    ]);
    expect(new Set(result.findings.filter((f) => f.level === 'info').map((f) => f.id))).toEqual(
      new Set(['request-nullable-added', 'response-property-added']),
    );
  });
});
