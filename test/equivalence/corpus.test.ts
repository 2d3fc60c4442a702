/**
 * Robustness on real contracts: every document in ../shared/corpus/history/ (GitHub, Stripe,
 * Kubernetes, ... up to 4 MB each) diffed with itself through the real pipeline yields no finding
 * (issue 2 "Done means": identical documents produce no findings). Skipped when the corpus is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareSpecs } from '../../src/pipeline.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../../../shared/corpus/history');

function documents(): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(path.join(dir, entry.name))
        .filter((name) => /\.(json|ya?ml)$/.test(name))
        .map((name) => path.join(entry.name, name)),
    )
    .sort();
}

describe.skipIf(!existsSync(dir))('corpus: every document diffed with itself', () => {
  it.each(documents())(
    '%s',
    async (file) => {
      const result = await compareSpecs(file, file, { cwd: dir, now: new Date('2026-01-01T00:00:00Z') });
      const sample = result.findings
        .slice(0, 5)
        .map((finding) => `${finding.id} ${finding.location.pointer}: ${finding.message}`);
      expect(sample).toEqual([]);
      expect(result.summary).toEqual({ breaking: 0, warning: 0, info: 0 });
    },
    120_000,
  );
});
