/**
 * Verdicts a validator would sign (issue 8, families 2-7): composed schemas (keywords beside
 * `oneOf`/`anyOf`), `oneOf` exclusivity, conditionals and negation, maps, equivalent spellings and
 * the generator's dialect. Each case states the findings (id and level) of the change and of the
 * swapped pair, and each side diffed with itself must give nothing.
 *
 * A case that breaks names a witness: a value the base accepts and the revision rejects (request)
 * or the revision allows and the base did not (response). Ajv (JSON Schema 2020-12) confirms it on
 * the two schemas as written, so the verdict is checked against a real validator, not against
 * holdfast's own reading of the keywords.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/types.js';
import { diffTexts, requestDocument, responseDocument } from './_harness.js';

type Direction = 'request' | 'response';

interface Case {
  name: string;
  direction: Direction;
  base: unknown;
  revision: unknown;
  /** `rule-id level`, sorted. */
  expected: string[];
  /** The swapped pair (revision -> base). */
  swapped: string[];
  /** Proves the breaking finding: see the module doc. Required when `expected` holds one. */
  witness?: { value: unknown };
  components?: Record<string, unknown>;
  /** Defaults to 3.1.0 (the harness's documents). */
  openapi?: '3.0.3';
}

function documentFor(testCase: Case, schema: unknown): string {
  const wrap = testCase.direction === 'request' ? requestDocument : responseDocument;
  const text = wrap(schema, testCase.components ?? {});
  return testCase.openapi ? JSON.stringify({ ...JSON.parse(text), openapi: testCase.openapi }) : text;
}

function verdict(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.id} ${finding.level}`).sort();
}

function diffCase(testCase: Case, base: unknown, revision: unknown): Finding[] {
  return diffTexts(documentFor(testCase, base), documentFor(testCase, revision));
}

/** A validator for one side's schema, `$ref`s to `#/components/schemas/...` resolved. */
function validatorFor(testCase: Case, schema: unknown): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  const root = { components: { schemas: testCase.components ?? {} }, ...(schema as object) };
  const validate = ajv.compile(root);
  return (value) => validate(value) === true;
}

function runCases(family: string, cases: Case[]): void {
  describe(family, () => {
    for (const testCase of cases) {
      describe(`${testCase.direction}: ${testCase.name}`, () => {
        it('gives the expected findings', () => {
          expect(verdict(diffCase(testCase, testCase.base, testCase.revision))).toEqual(testCase.expected);
        });
        it('gives the expected findings swapped', () => {
          expect(verdict(diffCase(testCase, testCase.revision, testCase.base))).toEqual(testCase.swapped);
        });
        it('finds nothing comparing each side with itself', () => {
          expect(verdict(diffCase(testCase, testCase.base, testCase.base))).toEqual([]);
          expect(verdict(diffCase(testCase, testCase.revision, testCase.revision))).toEqual([]);
        });
        const breaks = testCase.expected.some((line) => line.endsWith(' breaking'));
        if (breaks || testCase.witness) {
          it('breaks for a value a validator confirms', () => {
            expect(testCase.witness, 'a breaking case names its witness').toBeDefined();
            const accepts = validatorFor(testCase, testCase.base);
            const acceptsNow = validatorFor(testCase, testCase.revision);
            const value = testCase.witness?.value;
            if (testCase.direction === 'request') {
              expect([accepts(value), acceptsNow(value)]).toEqual([true, false]);
            } else {
              expect([accepts(value), acceptsNow(value)]).toEqual([false, true]);
            }
          });
        }
      });
    }
  });
}

const kindA = { type: 'object', properties: { kind: { const: 'a' }, x: { type: 'string' } }, required: ['kind'] };
const kindB = { type: 'object', properties: { kind: { const: 'b' }, y: { type: 'string' } }, required: ['kind'] };
const withId = (branch: Record<string, unknown>) => ({
  ...branch,
  properties: { ...(branch.properties as object), id: { type: 'string' } },
  required: [...(branch.required as string[]), 'id'],
});

runCases('keywords beside a composition apply to every branch', [
  {
    name: '`properties` + `required` added beside a discriminated oneOf',
    direction: 'request',
    base: { oneOf: [kindA, kindB] },
    revision: { properties: { id: { type: 'string' } }, required: ['id'], oneOf: [kindA, kindB] },
    expected: ['request-required-property-added breaking'],
    swapped: ['request-property-removed warning'],
    witness: { value: { kind: 'a' } },
  },
  {
    name: 'a `required` every branch already requires',
    direction: 'request',
    base: { oneOf: [withId(kindA), withId(kindB)] },
    revision: { required: ['id'], oneOf: [withId(kindA), withId(kindB)] },
    expected: [],
    swapped: [],
  },
  {
    name: '`uniqueItems` moved from the non-null branch to beside anyOf [T, null] (Pydantic 2)',
    direction: 'response',
    base: {
      type: 'object',
      properties: {
        tags: { anyOf: [{ type: 'array', items: { type: 'string' }, uniqueItems: true }, { type: 'null' }] },
      },
    },
    revision: {
      type: 'object',
      properties: {
        tags: { uniqueItems: true, anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
      },
    },
    expected: [],
    swapped: [],
  },
  {
    name: '`maxItems` beside anyOf [T, null] lowered',
    direction: 'response',
    base: { maxItems: 3, anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    revision: { maxItems: 5, anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    expected: ['response-max-items-increased warning'],
    swapped: ['response-max-items-decreased info'],
    witness: { value: ['a', 'b', 'c', 'd'] },
  },
  {
    name: '`type: object` beside anyOf [T, null] removes null',
    direction: 'response',
    base: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    revision: { type: 'object', anyOf: [{ type: 'object' }, { type: 'null' }] },
    expected: ['response-nullable-removed info'],
    swapped: ['response-nullable-added breaking'],
  },
  {
    name: 'a property still nullable through another branch has not lost null',
    direction: 'response',
    base: {
      type: 'object',
      properties: { v: { anyOf: [{ type: 'string' }, { type: 'integer', nullable: true }] } },
    },
    revision: {
      type: 'object',
      properties: { v: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] } },
    },
    expected: [],
    swapped: [],
  },
  {
    name: 'null moved from one object branch to another',
    direction: 'response',
    base: {
      anyOf: [
        { type: ['object', 'null'], properties: { a: { type: 'string' } }, required: ['a'] },
        { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] },
      ],
    },
    revision: {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        { type: ['object', 'null'], properties: { b: { type: 'string' } }, required: ['b'] },
      ],
    },
    expected: [],
    swapped: [],
  },
]);

const objectA = { type: 'object', properties: { a: { type: 'string' } } };
const objectB = { type: 'object', properties: { b: { type: 'string' } } };

runCases('oneOf means exactly one', [
  {
    name: 'an object wrapped into a oneOf whose variants overlap',
    direction: 'request',
    base: objectA,
    revision: { oneOf: [objectA, objectB] },
    expected: ['request-variant-added info', 'request-variant-overlap-added breaking'],
    swapped: ['request-variant-removed breaking'],
    witness: { value: { a: 'x' } },
  },
  {
    name: 'an object wrapped into a oneOf of variants with distinct discriminator consts',
    direction: 'request',
    base: kindA,
    revision: { oneOf: [kindA, kindB], discriminator: { propertyName: 'kind' } },
    expected: ['request-variant-added info'],
    swapped: ['request-variant-removed breaking'],
  },
  {
    name: 'anyOf -> oneOf over overlapping variants',
    direction: 'request',
    base: { anyOf: [objectA, objectB] },
    revision: { oneOf: [objectA, objectB] },
    expected: ['request-variant-overlap-added breaking'],
    swapped: [],
    witness: { value: {} },
  },
  {
    name: 'anyOf -> oneOf over variants of different types',
    direction: 'request',
    base: {
      anyOf: [
        { type: 'string', maxLength: 3 },
        { type: 'integer', minimum: 0 },
      ],
    },
    revision: {
      oneOf: [
        { type: 'string', maxLength: 3 },
        { type: 'integer', minimum: 0 },
      ],
    },
    expected: [],
    swapped: [],
  },
  {
    name: 'anyOf -> oneOf over closed objects with disjoint required properties',
    direction: 'request',
    base: {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
        { type: 'object', properties: { b: { type: 'string' } }, required: ['b'], additionalProperties: false },
      ],
    },
    revision: {
      oneOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
        { type: 'object', properties: { b: { type: 'string' } }, required: ['b'], additionalProperties: false },
      ],
    },
    expected: [],
    swapped: [],
  },
  {
    name: 'a new variant overlapping an existing one',
    direction: 'request',
    base: { oneOf: [kindA, kindB] },
    revision: {
      oneOf: [kindA, kindB, { type: 'object', properties: { kind: { type: 'string' }, z: { type: 'string' } } }],
    },
    expected: ['request-variant-added info', 'request-variant-overlap-added breaking'],
    swapped: ['request-variant-removed breaking'],
    witness: { value: { kind: 'a' } },
  },
  {
    name: 'a `number` variant added to oneOf [string, integer] (integers now match two)',
    direction: 'request',
    base: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    revision: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'number' }] },
    expected: ['request-variant-added info', 'request-variant-overlap-added breaking'],
    swapped: ['request-variant-removed breaking'],
    witness: { value: 1 },
  },
  {
    name: 'a `number` variant added to oneOf [string, integer]',
    direction: 'response',
    base: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    revision: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'number' }] },
    expected: ['response-variant-added breaking'],
    swapped: ['response-variant-removed info'],
    witness: { value: 1.5 },
  },
  {
    name: 'overlapping variants in a response (the server only sends fewer values)',
    direction: 'response',
    base: { anyOf: [objectA, objectB] },
    revision: { oneOf: [objectA, objectB] },
    expected: [],
    swapped: [],
  },
]);

runCases('equivalent spellings are no change', [
  {
    name: 'a pattern every string matches is no pattern',
    direction: 'request',
    base: { type: 'string' },
    revision: { type: 'string', pattern: '.*' },
    expected: [],
    swapped: [],
  },
  {
    name: 'an empty pattern and `^` are no pattern either',
    direction: 'request',
    base: { type: 'string', pattern: '' },
    revision: { type: 'string', pattern: '^' },
    expected: [],
    swapped: [],
  },
  {
    name: 'a pattern that can fail on some string still counts',
    direction: 'request',
    base: { type: 'string' },
    revision: { type: 'string', pattern: '^.*$' },
    expected: ['request-pattern-added breaking'],
    swapped: ['request-pattern-removed info'],
    witness: { value: 'a\nb' },
  },
  {
    name: '`pattern: "^x$"` is `const: "x"`',
    direction: 'request',
    base: { type: 'string', pattern: '^x$' },
    revision: { type: 'string', const: 'x' },
    expected: [],
    swapped: [],
  },
  {
    name: '`pattern: "^a\\\\.b$"` (an escaped dot) is `const: "a.b"`, and a second value widens it',
    direction: 'request',
    base: { type: 'string', pattern: '^a\\.b$' },
    revision: { type: 'string', enum: ['a.b', 'c'] },
    expected: ['request-enum-value-added info'],
    swapped: ['request-enum-value-removed breaking'],
  },
  {
    name: 'keywords of a type the schema does not allow',
    direction: 'request',
    base: { type: 'string' },
    revision: { type: 'string', maxItems: 3, maximum: 4, maxProperties: 1, required: ['a'] },
    expected: [],
    swapped: [],
  },
  {
    name: '`maxLength` on an integer',
    direction: 'response',
    base: { type: 'integer', maxLength: 2 },
    revision: { type: 'integer' },
    expected: [],
    swapped: [],
  },
]);

describe('equivalent spellings: bodies and parameters', () => {
  const body = (direction: Direction, media: Record<string, unknown>) =>
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things': {
          post: {
            ...(direction === 'request'
              ? { requestBody: { required: true, content: { 'application/json': media } } }
              : {}),
            responses: {
              '200': {
                description: 'ok',
                ...(direction === 'response' ? { content: { 'application/json': media } } : {}),
              },
            },
          },
        },
      },
    });

  it('a request body that gains a schema is narrowed (no schema allows anything)', () => {
    // Witness: the body `1`, accepted by `{}`, rejected by `{type: object}`.
    const findings = diffTexts(body('request', {}), body('request', { schema: { type: 'object' } }));
    expect(findings.map((finding) => `${finding.id} ${finding.level}: ${finding.message}`)).toEqual([
      'request-type-changed breaking: request body (application/json): type changed from any to object',
    ]);
    expect(verdict(diffTexts(body('request', { schema: { type: 'object' } }), body('request', {})))).toEqual([
      'request-type-widened info',
    ]);
  });

  it('a response that loses its schema is widened', () => {
    const findings = diffTexts(body('response', { schema: { type: 'object' } }), body('response', {}));
    expect(findings.map((finding) => `${finding.id} ${finding.level}: ${finding.message}`)).toEqual([
      'response-type-changed breaking: response 200 body: type changed from object to any',
    ]);
    expect(verdict(diffTexts(body('response', {}), body('response', { schema: { type: 'object' } })))).toEqual([
      'response-type-narrowed info',
    ]);
  });

  it('a media type with `schema: {}` is the same as one without', () => {
    expect(verdict(diffTexts(body('request', {}), body('request', { schema: {} })))).toEqual([]);
    expect(verdict(diffTexts(body('response', { schema: {} }), body('response', {})))).toEqual([]);
  });

  it('names what changed: an enum removed from a text parameter is not "widened from string to string"', () => {
    const parameter = (schema: unknown) =>
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: {
          '/things': {
            get: {
              parameters: [{ name: 'q', in: 'query', schema }],
              responses: { '204': { description: 'done' } },
            },
          },
        },
      });
    const widened = diffTexts(parameter({ type: 'string', enum: ['x', 'y'] }), parameter({ type: 'string' }));
    expect(widened.map((finding) => `${finding.id} ${finding.level}: ${finding.message}`)).toEqual([
      'request-enum-removed info: query parameter q: no longer restricted to "x", "y"',
    ]);
    const narrowed = diffTexts(parameter({ type: 'string' }), parameter({ type: 'string', enum: ['x', 'y'] }));
    expect(narrowed.map((finding) => `${finding.id} ${finding.level}: ${finding.message}`)).toEqual([
      'request-enum-added breaking: query parameter q: now only accepts "x", "y"',
    ]);
  });
});

const dictOf = (values: unknown) => ({ type: 'object', additionalProperties: values });

runCases('maps are compared like properties', [
  {
    name: 'dict[str, str] -> dict[str, Any] (`additionalProperties: {}`)',
    direction: 'response',
    base: dictOf({ type: 'string' }),
    revision: dictOf({}),
    expected: ['response-type-changed breaking'],
    swapped: ['response-type-narrowed info'],
    witness: { value: { k: 1 } },
  },
  {
    name: 'dict[str, str] -> a plain object (open: any value)',
    direction: 'response',
    base: dictOf({ type: 'string' }),
    revision: { type: 'object' },
    expected: ['response-type-changed breaking'],
    swapped: ['response-type-narrowed info'],
    witness: { value: { k: 1 } },
  },
  {
    name: 'dict[str, int] -> dict[str, float]',
    direction: 'response',
    base: dictOf({ type: 'integer' }),
    revision: dictOf({ type: 'number' }),
    expected: ['response-type-changed breaking'],
    swapped: ['response-type-narrowed info'],
    witness: { value: { k: 1.5 } },
  },
  {
    name: 'an open object constrained to string values',
    direction: 'request',
    base: { type: 'object', additionalProperties: true },
    revision: dictOf({ type: 'string' }),
    expected: ['request-type-changed breaking'],
    swapped: ['request-type-widened info'],
    witness: { value: { k: 1 } },
  },
  {
    name: '`additionalProperties: {}` is an open object',
    direction: 'request',
    base: { type: 'object' },
    revision: dictOf({}),
    expected: [],
    swapped: [],
  },
  {
    name: 'closed -> open stays a warning',
    direction: 'response',
    base: dictOf(false),
    revision: { type: 'object' },
    expected: ['response-additional-properties-allowed warning'],
    swapped: [],
  },
  {
    name: 'unevaluatedProperties value schema widened',
    direction: 'response',
    base: { type: 'object', unevaluatedProperties: { type: 'string', maxLength: 3 } },
    revision: { type: 'object', unevaluatedProperties: { type: 'string' } },
    expected: ['response-max-length-increased warning'],
    swapped: ['response-max-length-decreased info'],
  },
  {
    name: 'patternProperties replaced by an equally strict additionalProperties',
    direction: 'response',
    base: {
      type: 'object',
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: { type: 'string' },
    },
    revision: dictOf({ type: 'string' }),
    expected: [],
    swapped: [],
  },
  {
    name: 'patternProperties replaced by an additionalProperties of another type',
    direction: 'response',
    base: {
      type: 'object',
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: { type: 'string' },
    },
    revision: dictOf({ type: 'integer' }),
    expected: ['response-type-changed breaking'],
    // Keys matching `^x-` and all others each change from integer to string.
    swapped: ['response-type-changed breaking', 'response-type-changed breaking'],
    witness: { value: { k: 1 } },
  },
]);

const pairAB = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
// biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable.
const ifAThenB = { if: { properties: { a: { const: 'x' } }, required: ['a'] }, then: { required: ['b'] } };

runCases('conditionals, negation and dependencies have a direction', [
  {
    name: 'if/then added (can only narrow what clients send)',
    direction: 'request',
    base: pairAB,
    revision: { ...pairAB, ...ifAThenB },
    expected: ['request-conditional-added breaking'],
    swapped: [],
    witness: { value: { a: 'x' } },
  },
  {
    name: 'if with an empty then is a no-op',
    direction: 'request',
    base: pairAB,
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable.
    revision: { ...pairAB, if: { required: ['a'] }, then: {} },
    expected: [],
    swapped: [],
  },
  {
    name: 'if/then removed (the response may hold what `then` excluded)',
    direction: 'response',
    base: { ...pairAB, ...ifAThenB },
    revision: pairAB,
    expected: ['response-conditional-removed breaking'],
    swapped: [],
    witness: { value: { a: 'x' } },
  },
  {
    name: '`not` added',
    direction: 'request',
    base: { type: 'string' },
    revision: { type: 'string', not: { const: 'x' } },
    expected: ['request-not-added breaking'],
    swapped: [],
    witness: { value: 'x' },
  },
  {
    name: '`not` added that excludes nothing the schema allows',
    direction: 'request',
    base: { type: 'string' },
    revision: { type: 'string', not: { type: 'integer' } },
    expected: [],
    swapped: [],
  },
  {
    name: '`not` removed',
    direction: 'response',
    base: { type: 'string', not: { const: 'x' } },
    revision: { type: 'string' },
    expected: ['response-not-removed breaking'],
    swapped: [],
    witness: { value: 'x' },
  },
  {
    name: '`not` excluding fewer values (direction flipped: safe for a request)',
    direction: 'request',
    base: { type: 'string', not: { enum: ['x', 'y'] } },
    revision: { type: 'string', not: { const: 'x' } },
    expected: [],
    swapped: ['request-not-changed warning'],
  },
  {
    name: 'dependentRequired removed (a presence guarantee lost)',
    direction: 'response',
    base: { ...pairAB, dependentRequired: { a: ['b'] } },
    revision: pairAB,
    expected: ['response-dependent-required-removed breaking'],
    swapped: [],
    witness: { value: { a: 'x' } },
  },
  {
    name: 'dependentRequired removed where the revision requires the field anyway',
    direction: 'response',
    base: { ...pairAB, required: ['b'], dependentRequired: { a: ['b'] } },
    revision: { ...pairAB, required: ['b'] },
    expected: [],
    swapped: [],
  },
  {
    name: 'a dependentSchemas entry that adds nothing to the object',
    direction: 'request',
    base: { ...pairAB, required: ['b'] },
    revision: { ...pairAB, required: ['b'], dependentSchemas: { a: { required: ['b'] } } },
    expected: [],
    swapped: [],
  },
  {
    name: 'a dependentSchemas entry that requires another field',
    direction: 'request',
    base: pairAB,
    revision: { ...pairAB, dependentSchemas: { a: { required: ['b'] } } },
    expected: ['request-dependent-schema-added breaking'],
    swapped: [],
    witness: { value: { a: 'x' } },
  },
]);

describe("the generator's dialect: defaults that never apply", () => {
  const withParameter = (location: 'path' | 'query', fallback: string) =>
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/items/{kind}': {
          get: {
            parameters: [
              {
                name: 'kind',
                in: 'path',
                required: true,
                schema: { type: 'string', ...(location === 'path' ? { default: fallback } : {}) },
              },
              ...(location === 'query'
                ? [{ name: 'sort', in: 'query', schema: { type: 'string', default: fallback } }]
                : []),
            ],
            responses: { '204': { description: 'done' } },
          },
        },
      },
    });

  it('a default on a path parameter never applies (always sent): changing it is no finding', () => {
    expect(verdict(diffTexts(withParameter('path', 'a'), withParameter('path', 'b')))).toEqual([]);
    expect(verdict(diffTexts(withParameter('path', 'b'), withParameter('path', 'a')))).toEqual([]);
  });

  it('a default on a query parameter applies when it is omitted: changing it is a warning', () => {
    expect(verdict(diffTexts(withParameter('query', 'a'), withParameter('query', 'b')))).toEqual([
      'request-default-changed warning',
    ]);
  });
});

describe('keywords beside a composition: what each branch already says keeps the branch as written', () => {
  const pets = (catRequired: string[]) => ({
    Cat: {
      type: 'object',
      required: ['kind', ...catRequired],
      properties: { kind: { const: 'cat' }, lives: { type: 'integer' } },
    },
    Dog: { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' }, barks: { type: 'boolean' } } },
  });
  const pet = {
    type: 'object',
    required: ['kind'],
    discriminator: { propertyName: 'kind' },
    oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
  };

  it('a change inside `Cat` is reported at and grouped under Cat', () => {
    const findings = diffTexts(requestDocument(pet, pets([])), requestDocument(pet, pets(['lives'])));
    expect(
      findings.map((finding) => [
        finding.id,
        finding.level,
        finding.component,
        finding.location.pointer,
        finding.message,
      ]),
    ).toEqual([
      [
        'request-property-became-required',
        'breaking',
        '#/components/schemas/Cat',
        '/components/schemas/Cat/properties/lives',
        'Cat: property `lives` is now required',
      ],
    ]);
  });
});
