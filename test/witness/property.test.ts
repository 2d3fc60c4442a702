/**
 * Property-based check of the witness mechanism (issue 8, section 1) on real schemas: a component
 * schema from ../shared/corpus/ (FastAPI-generated APIs) is mutated at random, placed in a request
 * or a response body, and diffed both ways through the harness, whose oracle (test/rules/_oracle.ts)
 * re-validates every breaking finding's witness with Ajv against the documents as written. So:
 * no breaking finding lacks a witness, and swapping base and revision never yields a witness that
 * validates the wrong way. Skipped when the corpus is absent; `HOLDFAST_CORPUS` points elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffTexts } from '../rules/_harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = process.env.HOLDFAST_CORPUS ?? path.resolve(here, '../../../shared/corpus');
const SOURCES = ['history/pyro-api-extracted/01-1d69b2c130.json', 'history/optimade-fastapi'];

type Json = Record<string, unknown>;

function loadDocuments(): Json[] {
  const documents: Json[] = [];
  for (const source of SOURCES) {
    const full = path.join(corpus, source);
    if (!existsSync(full)) continue;
    const file = full.endsWith('.json') ? full : firstJson(full);
    if (file) documents.push(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }
  return documents;
}

function firstJson(dir: string): string | undefined {
  const name = readdirSync(dir)
    .filter((each) => each.endsWith('.json'))
    .sort()[0];
  return name ? path.join(dir, name) : undefined;
}

const documents = loadDocuments();

/** A change to one schema object; each narrows or widens the values it allows, or neither. */
type Mutation =
  | { kind: 'require'; property: number }
  | { kind: 'unrequire'; property: number }
  | { kind: 'remove-property'; property: number }
  | { kind: 'retype'; property: number; type: string }
  | { kind: 'max-length'; property: number; value: number }
  | { kind: 'minimum'; property: number; value: number }
  | { kind: 'enum'; property: number; values: string[] }
  | { kind: 'close' }
  | { kind: 'nullable'; property: number }
  | { kind: 'min-items'; property: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('require' as const), property: fc.nat(20) }),
  fc.record({ kind: fc.constant('unrequire' as const), property: fc.nat(20) }),
  fc.record({ kind: fc.constant('remove-property' as const), property: fc.nat(20) }),
  fc.record({
    kind: fc.constant('retype' as const),
    property: fc.nat(20),
    type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'array', 'object'),
  }),
  fc.record({ kind: fc.constant('max-length' as const), property: fc.nat(20), value: fc.nat(5) }),
  fc.record({ kind: fc.constant('minimum' as const), property: fc.nat(20), value: fc.integer({ min: -3, max: 3 }) }),
  fc.record({
    kind: fc.constant('enum' as const),
    property: fc.nat(20),
    values: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('close' as const) }),
  fc.record({ kind: fc.constant('nullable' as const), property: fc.nat(20) }),
  fc.record({ kind: fc.constant('min-items' as const), property: fc.nat(20), value: fc.nat(3) }),
);

function mutate(schema: Json, change: Mutation): Json {
  const copy = structuredClone(schema);
  const properties = (copy.properties ?? {}) as Record<string, Json>;
  const names = Object.keys(properties);
  if (change.kind === 'close') {
    copy.additionalProperties = false;
    return copy;
  }
  if (names.length === 0) return copy;
  const name = names[change.property % names.length];
  const required = Array.isArray(copy.required) ? (copy.required as string[]) : [];
  switch (change.kind) {
    case 'require':
      copy.required = [...new Set([...required, name])];
      break;
    case 'unrequire':
      copy.required = required.filter((each) => each !== name);
      break;
    case 'remove-property':
      delete properties[name];
      copy.required = required.filter((each) => each !== name);
      break;
    case 'retype':
      properties[name] = { type: change.type };
      break;
    case 'max-length':
      properties[name] = { ...properties[name], maxLength: change.value };
      break;
    case 'minimum':
      properties[name] = { ...properties[name], minimum: change.value };
      break;
    case 'enum':
      properties[name] = { type: 'string', enum: change.values };
      break;
    case 'nullable':
      properties[name] = { anyOf: [properties[name], { type: 'null' }] };
      break;
    case 'min-items':
      properties[name] = { ...properties[name], minItems: change.value };
      break;
  }
  return copy;
}

function wrap(source: Json, schemas: Json, name: string, direction: 'request' | 'response'): string {
  const schema = { $ref: `#/components/schemas/${name}` };
  const operation =
    direction === 'request'
      ? {
          requestBody: { required: true, content: { 'application/json': { schema } } },
          responses: { '204': { description: 'done' } },
        }
      : { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } };
  return JSON.stringify({
    openapi: source.openapi,
    info: { title: 'property', version: '1' },
    paths: { '/things': { post: operation } },
    components: { schemas },
  });
}

describe.skipIf(documents.length === 0)('witnesses on mutated corpus schemas', () => {
  it('every breaking finding has a witness the oracle confirms, both ways', () => {
    const pick = fc.record({
      document: fc.nat(documents.length - 1),
      schema: fc.nat(200),
      direction: fc.constantFrom('request' as const, 'response' as const),
      changes: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    });
    let breaking = 0;
    fc.assert(
      fc.property(pick, ({ document, schema, direction, changes }) => {
        const source = documents[document];
        const schemas = (source.components as Json).schemas as Record<string, Json>;
        const objects = Object.keys(schemas).filter((name) => schemas[name].properties !== undefined);
        const name = objects[schema % objects.length];
        let changed = schemas[name];
        for (const change of changes) changed = mutate(changed, change);
        const base = wrap(source, schemas, name, direction);
        const revision = wrap(source, { ...schemas, [name]: changed }, name, direction);
        // diffTexts runs the oracle on every witness and throws when one validates the wrong way.
        for (const findings of [diffTexts(base, revision), diffTexts(revision, base)]) {
          for (const finding of findings.filter((each) => each.level === 'breaking')) {
            breaking++;
            expect(finding.witness, `${finding.id}: ${finding.message}`).toBeDefined();
          }
        }
      }),
      { numRuns: 150, seed: 8, interruptAfterTimeLimit: 4000 },
    );
    // The mutations are strong enough that some are breaking (the property is not vacuous).
    expect(breaking).toBeGreaterThan(0);
  });
});
