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

/**
 * Slack's published document at this commit references `../../common/schemas/...`, a file outside
 * its folder that the upstream repository does not publish. holdfast refuses it (exit 2, the load
 * error for a reference outside the spec's folder) rather than guess what the missing schema
 * allows, in every comparison that involves it: with itself, with 08, and with 06 (where the
 * schema holding the reference is part of a property 07 added).
 */
const SLACK_07 = path.join('slack-web', '07-b624aa2ee1.json');
const SLACK_07_MESSAGE = `$ref "../../common/schemas/common_user_prefs_schema.json#/prefs" used at /paths/~1rtm.start/get/responses/200/schema/properties/self/properties/prefs in slack-web/07-b624aa2ee1.json points outside the spec's folder ${path.join(dir, 'slack-web')}; expected a file under that folder. Pass --allow-external-refs to allow it; retrying will not help.`;
const BROKEN = new Map([
  [`${SLACK_07}|${SLACK_07}`, SLACK_07_MESSAGE],
  [`${path.join('slack-web', '06-923ee1c833.json')}|${SLACK_07}`, SLACK_07_MESSAGE],
  [`${SLACK_07}|${path.join('slack-web', '08-386926fc05.json')}`, SLACK_07_MESSAGE],
]);

/** Consecutive versions of each API, oldest first: [base, revision]. */
function consecutivePairs(): [string, string][] {
  const files = documents();
  const pairs: [string, string][] = [];
  for (let index = 1; index < files.length; index++) {
    if (path.dirname(files[index]) === path.dirname(files[index - 1])) pairs.push([files[index - 1], files[index]]);
  }
  return pairs;
}

describe.skipIf(!existsSync(dir))('corpus: every consecutive pair completes', () => {
  it.each(consecutivePairs())(
    '%s -> %s',
    async (base, revision) => {
      const broken = BROKEN.get(`${base}|${revision}`);
      const run = compareSpecs(base, revision, { cwd: dir, now: new Date('2026-01-01T00:00:00Z') });
      if (broken) {
        await expect(run).rejects.toThrow(broken);
        return;
      }
      const result = await run;
      expect(result.findings.length).toBe(result.summary.breaking + result.summary.warning + result.summary.info);
      for (const finding of result.findings) expect(finding.location.line).toBeGreaterThan(0);
      // Skipping provably identical operations and schemas is an optimization only: the full
      // comparison must find exactly the same.
      const full = await compareSpecs(base, revision, {
        cwd: dir,
        now: new Date('2026-01-01T00:00:00Z'),
        skipIdentical: false,
      });
      expect(result.findings).toEqual(full.findings);
    },
    120_000,
  );
});

describe.skipIf(!existsSync(dir))('corpus: every document diffed with itself', () => {
  it.each(documents())(
    '%s',
    async (file) => {
      const broken = BROKEN.get(`${file}|${file}`);
      if (broken) {
        await expect(compareSpecs(file, file, { cwd: dir })).rejects.toThrow(broken);
        return;
      }
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
