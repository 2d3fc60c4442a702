/**
 * Test harness for rules: diff two in-memory documents through the real parse -> normalize ->
 * diff -> rules pipeline (no files), and small wrappers that place a schema in a request body or
 * a response so a schema rule case is a few lines.
 */
import { diffContracts } from '../../src/diff/index.js';
import { parseSource } from '../../src/load/parse-source.js';
import type { ParsedDocument } from '../../src/load/types.js';
import { buildContract } from '../../src/normalize/contract.js';
import type { RefResolver } from '../../src/normalize/schema.js';
import { runRules } from '../../src/rules/run.js';
import type { Finding } from '../../src/rules/types.js';
import { createProver } from '../../src/witness/index.js';
import { checkWitnesses } from './_oracle.js';

/** Internal `#/...` references only; the load layer's DocumentSet is tested on its own. */
const internalRefs: RefResolver = {
  resolve(ref, from) {
    if (!ref.startsWith('#')) throw new Error(`harness supports internal refs only: ${ref}`);
    let value: unknown = from.doc.root;
    const segments = ref.slice(2) === '' ? [] : ref.slice(2).split('/');
    for (const segment of segments) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined) throw new Error(`unresolved ${ref}`);
    return { doc: from.doc, pointer: ref.slice(1), value };
  },
};

export function parse(text: string, name: string): ParsedDocument {
  return parseSource({ uri: name, displayName: name, text }, name.startsWith('base') ? 'base' : 'revision');
}

/** All findings between two OpenAPI documents given as YAML or JSON text. */
export function diffTexts(
  base: string,
  revision: string,
  now = new Date('2026-01-01T00:00:00Z'),
  options: { skipIdentical?: boolean } = {},
): Finding[] {
  const baseContract = buildContract(parse(base, 'base.yaml'), internalRefs, 'base');
  const revisionContract = buildContract(parse(revision, 'revision.yaml'), internalRefs, 'revision');
  const diff = diffContracts(baseContract, revisionContract, options);
  const findings = runRules(diff, { now, prove: createProver(diff) });
  checkWitnesses(findings, baseContract, revisionContract);
  return findings;
}

/** Finding ids, sorted, for compact assertions. */
export function ids(findings: Finding[]): string[] {
  return findings.map((finding) => finding.id).sort();
}

/** An OpenAPI 3.1 document with `schema` as the JSON request body of `POST /things`. */
export function requestDocument(schema: unknown, components: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'test', version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'create_thing',
          requestBody: { required: true, content: { 'application/json': { schema } } },
          responses: { '204': { description: 'done' } },
        },
      },
    },
    components: { schemas: components },
  });
}

/** An OpenAPI 3.1 document with `schema` as the JSON body of the 200 response of `GET /things`. */
export function responseDocument(schema: unknown, components: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'test', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'list_things',
          responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
        },
      },
    },
    components: { schemas: components },
  });
}

/** Findings for a schema change in a request body (`request`) or a response body (`response`). */
export function diffSchemas(direction: 'request' | 'response', base: unknown, revision: unknown): Finding[] {
  const wrap = direction === 'request' ? requestDocument : responseDocument;
  return diffTexts(wrap(base), wrap(revision));
}
