import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/load/_line-index.js';
import { buildEventIndex } from '../../src/load/_locator.js';
import { appendPointer, parseSource } from '../../src/load/index.js';
import { FIXTURES } from './helpers.js';

/** The shared real-world corpus sits beside the repository (absent in some checkouts). */
const CORPUS = join(FIXTURES, '..', '..', '..', '..', 'shared', 'corpus');
const FILES = [
  'history/openai/01-ef05a7d18e.yaml',
  'history/github-api/01-65f7b1ce4f.json',
  'history/stripe/02-9664a382e7.json',
  'history/kubernetes/07-4f585b3b8e.json',
];

function everyPointer(root: unknown): string[] {
  const pointers: string[] = [];
  const stack: [string, unknown][] = [['', root]];
  while (stack.length > 0) {
    const [pointer, value] = stack.pop() ?? ['', undefined];
    pointers.push(pointer);
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) stack.push([appendPointer(pointer, key), child]);
    }
  }
  return pointers;
}

describe.skipIf(!existsSync(CORPUS))('locate on the real-world corpus', () => {
  for (const file of FILES) {
    it(`agrees with js-yaml's own event offsets on ${file}`, () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const document = parseSource({ uri: file, displayName: file, text }, 'base');
      const pointers = everyPointer(document.root);
      const sample = pointers.filter((_, index) => index % 17 === 0).slice(0, 2000);

      const started = performance.now();
      const found = sample.slice(0, 100).map((pointer) => document.locate(pointer));
      // Generous bound (the measured cost is ~50 ms): catches a scan that went quadratic, not noise.
      expect(performance.now() - started).toBeLessThan(2000);

      const exact = buildEventIndex(text);
      const lines = new LineIndex(text);
      const mismatches = sample
        .map((pointer, index) => ({
          pointer,
          found: found[index] ?? document.locate(pointer),
          offset: exact.get(pointer),
        }))
        .filter(({ offset }) => offset !== undefined)
        .filter(({ found: position, offset }) => {
          const expected = lines.position(offset ?? 0);
          return position?.line !== expected.line || position?.column !== expected.column;
        });
      expect(mismatches).toEqual([]);
    });
  }
});
