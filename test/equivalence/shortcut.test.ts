/**
 * Operations written identically whose referenced parts changed take a shortcut in the diff: only
 * their schemas are compared, nothing else is built (src/diff/operations.ts, diffSchemasOnly).
 * Each case here changes something behind a `$ref` and checks (a) the findings a reader expects
 * and (b) that they are exactly those of the full comparison (skipIdentical: false).
 */
import { describe, expect, it } from 'vitest';
import { diffTexts } from '../rules/_harness.js';

type Json = Record<string, unknown>;

const oas3 = (components: Json): string =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'shortcut', version: '1' },
    paths: {
      '/items/{id}': {
        parameters: [{ $ref: '#/components/parameters/Id' }],
        put: {
          parameters: [{ $ref: '#/components/parameters/Trace' }],
          requestBody: { $ref: '#/components/requestBodies/ItemBody' },
          responses: {
            '200': { $ref: '#/components/responses/ItemResponse' },
            default: {
              description: 'error',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
    },
    components,
  });

const components = (edit: (components: Json) => void = () => {}): Json => {
  const value: Json = {
    parameters: {
      Id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
      Trace: { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
    },
    requestBodies: {
      ItemBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
    },
    responses: {
      ItemResponse: {
        description: 'ok',
        headers: { 'X-Rate': { schema: { type: 'integer' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
      },
    },
    schemas: {
      Item: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, tag: { type: 'string' } } },
      Error: { type: 'object', properties: { message: { type: 'string' } } },
    },
  };
  edit(value);
  return value;
};

const swagger = (definitions: Json, parameters: Json): string =>
  JSON.stringify({
    swagger: '2.0',
    info: { title: 'shortcut', version: '1' },
    paths: {
      '/items': {
        post: {
          parameters: [{ $ref: '#/parameters/Body' }, { name: 'limit', in: 'query', type: 'integer' }],
          responses: { '201': { description: 'created', schema: { $ref: '#/definitions/Item' } } },
        },
      },
    },
    parameters,
    definitions,
  });

const item = (properties: Json, required: string[] = []): Json => ({ type: 'object', required, properties });
const body = { Body: { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Item' } } };

function findings(base: string, revision: string): string[] {
  const fast = diffTexts(base, revision);
  const full = diffTexts(base, revision, undefined, { skipIdentical: false });
  expect(fast).toEqual(full);
  return fast.map((finding) => `${finding.level} ${finding.id} ${finding.location.pointer}`).sort();
}

describe('an operation written identically, something behind a $ref changed', () => {
  const base = oas3(components());

  it('a shared schema: compared where each use is, in both directions', () => {
    const revision = oas3(
      components((value) => {
        ((value.schemas as Json).Item as Json).required = ['name', 'tag'];
      }),
    );
    expect(findings(base, revision)).toEqual([
      'breaking request-property-became-required /components/schemas/Item/properties/tag',
      'info response-property-became-required /components/schemas/Item/properties/tag',
    ]);
  });

  it('a referenced parameter became required (not a schema: the full comparison runs)', () => {
    const revision = oas3(
      components((value) => {
        ((value.parameters as Json).Trace as Json).required = true;
      }),
    );
    expect(findings(base, revision)).toEqual([
      'breaking request-parameter-became-required /components/parameters/Trace',
    ]);
  });

  it("a referenced parameter's schema changed", () => {
    const revision = oas3(
      components((value) => {
        ((value.parameters as Json).Id as Json).schema = { type: 'integer', maximum: 100 };
      }),
    );
    expect(findings(base, revision)).toEqual(['breaking request-maximum-decreased /components/parameters/Id/schema']);
  });

  it('a referenced request body became optional, and a response header changed type', () => {
    const revision = oas3(
      components((value) => {
        ((value.requestBodies as Json).ItemBody as Json).required = false;
        (((value.responses as Json).ItemResponse as Json).headers as Json)['X-Rate'] = { schema: { type: 'string' } };
      }),
    );
    expect(findings(base, revision)).toEqual([
      'breaking response-type-changed /components/responses/ItemResponse/headers/X-Rate/schema',
      'info request-body-became-optional /components/requestBodies/ItemBody',
    ]);
  });

  it('Swagger 2.0: a definition behind a referenced body parameter and a response changed', () => {
    const before = swagger({ Item: item({ name: { type: 'string' } }) }, body);
    const after = swagger({ Item: item({ name: { type: 'string' }, size: { type: 'integer' } }, ['size']) }, body);
    expect(findings(before, after)).toEqual([
      'breaking request-required-property-added /definitions/Item/properties/size',
      'info response-property-added /definitions/Item/properties/size',
    ]);
  });

  it('Swagger 2.0: the referenced body parameter itself became optional', () => {
    const before = swagger({ Item: item({ name: { type: 'string' } }) }, body);
    const after = swagger({ Item: item({ name: { type: 'string' } }) }, { Body: { ...body.Body, required: false } });
    expect(findings(before, after)).toEqual(['info request-body-became-optional /parameters/Body']);
  });
});

describe('a `#/...` reference inside another file', () => {
  it('is resolved in that file: an identical pointer in the root document proves nothing', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { compareSpecs } = await import('../../src/pipeline.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'holdfast-shortcut-'));
    const write = (side: string, maximum: number) => {
      mkdirSync(path.join(dir, side));
      const root = {
        openapi: '3.0.3',
        info: { title: 'external', version: '1' },
        paths: {
          '/items': {
            get: {
              parameters: [{ $ref: './params.json#/Limit' }],
              responses: { '200': { description: 'ok' } },
            },
          },
        },
        // The same pointer as inside params.json, unchanged here: it must not stand in for that one.
        LimitSchema: { type: 'integer', maximum: 100 },
      };
      const params = {
        Limit: { name: 'limit', in: 'query', schema: { $ref: '#/LimitSchema' } },
        LimitSchema: { type: 'integer', maximum },
      };
      writeFileSync(path.join(dir, side, 'openapi.json'), JSON.stringify(root));
      writeFileSync(path.join(dir, side, 'params.json'), JSON.stringify(params));
      return path.join(dir, side, 'openapi.json');
    };
    const base = write('base', 100);
    const revision = write('revision', 50);
    const fast = await compareSpecs(base, revision, { cwd: dir });
    const full = await compareSpecs(base, revision, { cwd: dir, skipIdentical: false });
    expect(fast.findings).toEqual(full.findings);
    expect(fast.findings.map((finding) => finding.id)).toEqual(['request-maximum-decreased']);
  });
});
