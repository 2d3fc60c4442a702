/**
 * Witnesses end to end: what the reports print, what the JSON report carries, when a break is
 * demoted, and how OpenAPI spellings are read for the validator.
 */
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/index.js';
import { buildContract } from '../../src/normalize/contract.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { runRules, summarize } from '../../src/rules/run.js';
import type { ComparisonResult, Finding } from '../../src/rules/types.js';
import { createProver, toJsonSchema } from '../../src/witness/index.js';
import { diffSchemas, diffTexts, parse, requestDocument } from '../rules/_harness.js';

const named = {
  type: 'object',
  properties: { name: { type: 'string' }, size: { type: 'integer' } },
  required: ['name'],
};

function result(findings: Finding[]): ComparisonResult {
  return { base: 'base.yaml', revision: 'revision.yaml', findings, summary: summarize(findings) };
}

describe('a breaking request finding', () => {
  const findings = diffSchemas('request', named, { ...named, required: ['name', 'size'] });

  it('carries a value the base accepts and the revision rejects, for the whole body', () => {
    expect(findings.map((finding) => [finding.id, finding.level, finding.witness])).toEqual([
      [
        'request-property-became-required',
        'breaking',
        {
          value: { name: 'a' },
          acceptedBy: 'base',
          of: 'request body',
          schemas: {
            base: '/paths/~1things/post/requestBody/content/application~1json/schema',
            revision: '/paths/~1things/post/requestBody/content/application~1json/schema',
          },
        },
      ],
    ]);
  });

  it('is printed under the finding in the text report', () => {
    expect(renderText(result(findings))).toContain(
      '            example request body accepted before, rejected now: {"name":"a"}\n',
    );
  });

  it('is in the JSON report as value, acceptedBy and of', () => {
    const report = JSON.parse(renderJson(result(findings)));
    expect(report.findings[0].witness).toEqual({ value: { name: 'a' }, acceptedBy: 'base', of: 'request body' });
  });
});

describe('a breaking response finding', () => {
  it('carries a value the revision allows and the base did not', () => {
    const findings = diffSchemas('response', named, { ...named, required: [] });
    expect(findings.map((finding) => [finding.id, finding.level])).toEqual([
      ['response-property-became-optional', 'breaking'],
    ]);
    expect(renderText(result(findings))).toContain('example response body allowed now, not before: {}');
  });
});

describe('a break no value demonstrates', () => {
  const base = { type: 'string' };
  const revision = { type: 'string', contentMediaType: 'application/json' };

  it('is a warning with the same id that says so', () => {
    const [finding] = diffSchemas('request', base, revision);
    expect(finding.id).toBe('request-content-media-type-changed');
    expect(finding.level).toBe('warning');
    expect(finding.witness).toBeUndefined();
    expect(finding.message).toBe(
      'request body (application/json): contentMediaType changed from none to application/json (the break could not be demonstrated: no value was found that the base accepts and the revision rejects, so this is a warning)',
    );
    expect(finding.hint).toMatch(
      /Check it by hand; holdfast could not demonstrate this break with an example value\.$/,
    );
  });

  it('keeps a level set in the configuration', () => {
    const baseContract = buildContract(parse(requestDocument(base), 'base.yaml'), refs, 'base');
    const revisionContract = buildContract(parse(requestDocument(revision), 'revision.yaml'), refs, 'revision');
    const diff = diffContracts(baseContract, revisionContract);
    const findings = runRules(diff, {
      prove: createProver(diff),
      levels: { 'request-content-media-type-changed': 'breaking' },
    });
    expect(findings.map((finding) => [finding.level, finding.message])).toEqual([
      ['breaking', 'request body (application/json): contentMediaType changed from none to application/json'],
    ]);
  });
});

describe('operation-level findings', () => {
  it('keep their level and carry no witness', () => {
    const base = requestDocument(named);
    const revision = JSON.parse(base);
    revision.paths['/things'].post.parameters = [
      { name: 'x', in: 'query', required: true, schema: { type: 'string' } },
    ];
    const findings = diffTexts(base, JSON.stringify(revision));
    expect(findings.map((finding) => [finding.id, finding.level, finding.witness])).toEqual([
      ['request-required-parameter-added', 'breaking', undefined],
    ]);
  });
});

describe('the schemas the validator reads', () => {
  const contract = buildContract(
    parse(
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {},
        components: {
          schemas: {
            Item: {
              type: 'object',
              required: ['id', 'price'],
              properties: {
                id: { type: 'integer', readOnly: true },
                price: { type: 'number', minimum: 0, exclusiveMinimum: true, nullable: true },
                count: { type: 'integer', format: 'int32' },
                next: { $ref: '#/components/schemas/Item' },
              },
            },
          },
        },
      }),
      'base.yaml',
    ),
    refs,
    'base',
  );

  it('translate 3.0 spellings, integer formats, readOnly and $ref cycles', () => {
    const item = contract.references.resolve('#/components/schemas/Item', { doc: contract.doc, pointer: '' });
    const translated = toJsonSchema(
      { ...nodeAt(contract, '/components/schemas/Item'), raw: item.value },
      contract.references,
      'request',
    );
    expect(translated).toEqual({
      type: 'object',
      required: ['price'],
      properties: {
        id: false,
        price: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }] },
        count: { type: 'integer', format: 'int32', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 },
        next: { $ref: '#/$defs/d1_0' },
      },
      $defs: { d1_0: expect.objectContaining({ properties: expect.objectContaining({ id: false }) }) },
    });
  });
});

/** A stand-in node: what `toJsonSchema` reads of one (its document, pointer and raw schema). */
function nodeAt(contract: ReturnType<typeof buildContract>, pointer: string) {
  return {
    doc: contract.doc,
    pointer,
    isFalse: false,
  } as unknown as Parameters<typeof toJsonSchema>[0];
}

const refs = {
  resolve(ref: string, from: { doc: ReturnType<typeof parse> }) {
    let value: unknown = from.doc.root;
    for (const segment of ref.slice(2).split('/')) value = (value as Record<string, unknown>)[segment];
    return { doc: from.doc, pointer: ref.slice(1), value };
  },
};
