/**
 * Property-based tests over the loader and the diff, on random mutations of real documents from
 * the shared corpus (issue 11, "Fuzzing"): whatever the input, holdfast ends with a result or an
 * AppError (never an internal error), within a time bound, reports findings only on operations that
 * exist, and finds nothing between a document and itself. The corpus sits beside the repository
 * (`../shared/corpus`, or HOLDFAST_CORPUS); without it the suite is skipped.
 *
 * Runs are bounded (numRuns) and seeded from HOLDFAST_FUZZ_SEED when set, so a failure can be
 * replayed: fast-check prints the seed and path of every counterexample.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { appendPointer, parsePointer, parseSource } from '../../src/load/index.js';
import type { Source } from '../../src/load/types.js';
import type { Contract } from '../../src/normalize/model.js';
import { compareContracts, contractFromSource } from '../../src/pipeline.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = process.env.HOLDFAST_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
const SEED = process.env.HOLDFAST_FUZZ_SEED === undefined ? undefined : Number(process.env.HOLDFAST_FUZZ_SEED);
/** Longest one load-and-diff may take, far above what these documents need (~0.1 s). */
const BOUND_SECONDS = 10;
/** Runs per property (HOLDFAST_FUZZ_RUNS raises it for a longer hunt). */
const RUNS = Number(process.env.HOLDFAST_FUZZ_RUNS ?? 25);

const DOCUMENTS = [
  'history/pyro-api-extracted/01-1d69b2c130.json',
  'history/optimade-fastapi/01-6964c845be.json',
  'history/gns3-controller-extracted/01-410f062721.json',
  'robustness/oai-examples/v3.0/petstore-expanded.yaml',
  'robustness/oai-examples/v2.0/yaml/petstore-expanded.yaml',
  'robustness/oai-examples/v3.0/uspto.yaml',
];

type Json = unknown;

function source(text: string, name: string): Source {
  return { uri: name, displayName: name, text };
}

async function contractOf(text: string, name: string, role: string): Promise<Contract> {
  return contractFromSource(source(text, name), role, { cwd: ROOT });
}

/** Every pointer of a value, up to `limit`. */
function pointersOf(root: Json, limit = 50_000): string[] {
  const pointers: string[] = [];
  const stack: [string, Json][] = [['', root]];
  while (stack.length > 0 && pointers.length < limit) {
    const [pointer, value] = stack.pop() as [string, Json];
    pointers.push(pointer);
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) stack.push([appendPointer(pointer, key), child]);
    }
  }
  return pointers;
}

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'ref'; at: number; to: number }
  | { kind: 'dangling-ref'; at: number }
  | { kind: 'self-ref'; at: number }
  | { kind: 'retype'; at: number; type: string }
  | { kind: 'copy'; at: number; to: number }
  | { kind: 'share'; at: number; to: number };

const TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ kind: fc.constant('ref' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('dangling-ref' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('self-ref' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), type: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('share' as const), at: fc.nat(), to: fc.nat() }),
);

function parentAndKey(root: Json, pointer: string): { parent: Record<string, Json> | Json[]; key: string } | undefined {
  const segments = parsePointer(pointer);
  if (!segments || segments.length === 0) return undefined;
  let parent: Json = root;
  for (const segment of segments.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return undefined;
    parent = (parent as Record<string, Json>)[segment];
  }
  if (parent === null || typeof parent !== 'object') return undefined;
  return { parent: parent as Record<string, Json>, key: segments[segments.length - 1] };
}

/** Applies mutations to a deep copy of `root`; pointers are picked by index among `pointers`. */
function mutate(root: Json, pointers: string[], mutations: Mutation[]): Json {
  const copy = structuredClone(root);
  for (const each of mutations) {
    const pointer = pointers[each.at % pointers.length];
    const place = parentAndKey(copy, pointer);
    if (!place) continue;
    const { parent, key } = place;
    const target = parent as Record<string, Json>;
    switch (each.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete target[key];
        break;
      case 'replace':
        target[key] = each.value;
        break;
      case 'ref':
        target[key] = { $ref: `#${pointers[each.to % pointers.length]}` };
        break;
      case 'dangling-ref':
        target[key] = { $ref: '#/components/schemas/DoesNotExist' };
        break;
      case 'self-ref':
        target[key] = { $ref: `#${pointer}` };
        break;
      case 'retype': {
        const value = target[key];
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          (value as Record<string, Json>).type = each.type;
        }
        break;
      }
      case 'copy': {
        const from = parentAndKey(copy, pointers[each.to % pointers.length]);
        if (from) target[key] = structuredClone((from.parent as Record<string, Json>)[from.key]);
        break;
      }
      case 'share': {
        // The same object at two places (or inside itself): written as a YAML anchor and alias.
        const from = parentAndKey(copy, pointers[each.to % pointers.length]);
        if (from) target[key] = (from.parent as Record<string, Json>)[from.key];
        break;
      }
    }
  }
  return copy;
}

/** An AppError that says "could not run" is an answer; anything else escaping is a bug. */
function expectAnswerOrAppError(error: unknown): void {
  if (!(error instanceof AppError)) throw error;
  expect(error.code).not.toBe('INTERNAL');
  expect(error.exitCode).toBe(2);
}

function operationKeys(contract: Contract): Set<string> {
  return new Set([...contract.operations.values()].map((operation) => `${operation.method} ${operation.path}`));
}

/** Checks one pair; returns how many findings it had (-1: refused with an AppError). */
async function checkDiff(baseText: string, revisionText: string, name: string): Promise<number> {
  const started = performance.now();
  let count = -1;
  try {
    const base = await contractOf(baseText, `${name}.base`, 'base');
    const revision = await contractOf(revisionText, `${name}.revision`, 'revision');
    const result = compareContracts(base, revision);
    const known = new Set([...operationKeys(base), ...operationKeys(revision)]);
    for (const finding of result.findings) {
      if (finding.operation) expect(known).toContain(`${finding.operation.method} ${finding.operation.path}`);
    }
    // The revision against itself (parsed again: no shared objects): nothing to report.
    const again = await contractOf(revisionText, `${name}.again`, 'base');
    expect(compareContracts(again, revision).findings).toEqual([]);
    count = result.findings.length;
  } catch (error) {
    expectAnswerOrAppError(error);
  }
  expect((performance.now() - started) / 1000).toBeLessThan(BOUND_SECONDS);
  return count;
}

describe.skipIf(!existsSync(CORPUS))('fuzzing on the real-world corpus', () => {
  for (const file of DOCUMENTS) {
    const text = existsSync(join(CORPUS, file)) ? readFileSync(join(CORPUS, file), 'utf8') : '';

    it(`diff(a, a) is empty and mutated documents are answered, not crashed on: ${file}`, async () => {
      const root = parseSource(source(text, file), 'base').root;
      const pointers = pointersOf(root);
      expect(
        compareContracts(await contractOf(text, file, 'base'), await contractOf(text, file, 'revision')).findings,
      ).toEqual([]);
      const outcomes = { findings: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          const mutatedRoot = mutate(root, pointers, mutations);
          // Shared objects become anchors and aliases; js-yaml's dump writes them so.
          const mutated = mutations.some((each) => each.kind === 'share')
            ? dump(mutatedRoot, { lineWidth: -1 })
            : JSON.stringify(mutatedRoot);
          const count = await checkDiff(text.startsWith('{') ? text : JSON.stringify(root), mutated, file);
          if (count > 0) outcomes.findings++;
          if (count < 0) outcomes.refused++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // The mutations reach the diff: some runs have findings, not every run is refused.
      expect(outcomes.findings).toBeGreaterThan(0);
      expect(outcomes.refused).toBeLessThan(RUNS);
    }, 120_000);
  }

  const HOSTILE = [
    '&a ',
    '*a',
    '<<: *a\n',
    '<<: 1\n',
    '[[[[[[[[[[',
    '{',
    '"\\u0000"',
    '\u0000',
    '\u001b[2J',
    ': :',
    '---\n',
    '!!binary ',
    '.inf',
    '1e400',
    '\t',
    '\uFEFF',
    '"',
    "'",
    '#',
    '- ',
  ];

  it('the loader answers every text mutation with a document or an AppError', async () => {
    const texts = DOCUMENTS.filter((file) => file.endsWith('.yaml')).map((file) =>
      readFileSync(join(CORPUS, file), 'utf8'),
    );
    const edit = fc.record({
      text: fc.nat(),
      at: fc.nat(),
      remove: fc.nat({ max: 40 }),
      insert: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
        let text = texts[edits[0].text % texts.length];
        for (const each of edits) {
          const at = each.at % (text.length + 1);
          text = text.slice(0, at) + each.insert + text.slice(at + each.remove);
        }
        const started = performance.now();
        try {
          const document = parseSource(source(text, 'mutated.yaml'), 'base');
          await checkDiff(text, text, 'mutated.yaml');
          expect(document.root).toBeTypeOf('object');
        } catch (error) {
          expectAnswerOrAppError(error);
        }
        expect((performance.now() - started) / 1000).toBeLessThan(BOUND_SECONDS);
      }),
      { numRuns: RUNS * 10, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
