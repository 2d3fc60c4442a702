/**
 * Registry meta-test: every catalog rule outside the `schemas` area has at least one table case
 * (`rule: '<id>'`) in one of the test/rules/operation-*.test.ts files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/catalog.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function caseIds(): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(here)) {
    if (!/^operation-.*\.test\.ts$/.test(name)) continue;
    const text = readFileSync(`${here}${name}`, 'utf8');
    for (const match of text.matchAll(/^\s*rule: '([a-z0-9-]+)',$/gm)) found.add(match[1]);
  }
  return found;
}

describe('operation-level rule coverage', () => {
  const nonSchemaRules = rules.filter((rule) => rule.taxonomy.area !== 'schemas');
  const covered = caseIds();

  it('finds the non-schema rules and the cases', () => {
    expect(nonSchemaRules.length).toBeGreaterThanOrEqual(40);
    expect(covered.size).toBeGreaterThanOrEqual(40);
  });

  it.each(nonSchemaRules.map((rule) => [rule.id, rule.taxonomy.area]))('%s (%s) has a case', (id) => {
    expect(covered.has(id), `no case with rule: '${id}' in test/rules/operation-*.test.ts`).toBe(true);
  });

  it('every case names a catalog rule outside the schemas area', () => {
    const known = new Set(nonSchemaRules.map((rule) => rule.id));
    expect([...covered].filter((id) => !known.has(id))).toEqual([]);
  });
});
