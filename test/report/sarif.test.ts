/**
 * SARIF 2.1.0: file snapshot, and validation against a schema for the subset holdfast emits
 * (test/fixtures/sarif/; see its description for why it is not the official file).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSarif, SARIF_SCHEMA_URI } from '../../src/report/index.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { emptyResult, fixtureResult } from './fixture.js';
import { policyResult } from './policy-fixture.js';

const schema: object = JSON.parse(
  readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-subset.schema.json', import.meta.url), 'utf8'),
);

// RFC 3986: a URI has a scheme; a URI reference may be relative. Neither contains whitespace.
const ajv = new Ajv({ allErrors: true, strict: true })
  .addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(value) && URL.canParse(value))
  .addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'https://base.invalid/'));
const validate = ajv.compile(schema);

function valid(text: string): boolean {
  const ok = validate(JSON.parse(text));
  if (!ok) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
  return ok;
}

const OPTIONS = { toolVersion: '0.1.0', docsUrl: 'https://example.com/holdfast/docs/' };

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      suppressions?: { kind: string; status: string; justification: string }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

describe('renderSarif', () => {
  it('renders the fixture after a policy', async () => {
    await expect(renderSarif(policyResult, OPTIONS)).toMatchFileSnapshot('./__snapshots__/report.sarif.txt');
  });

  it('is valid SARIF 2.1.0, with and without a policy, a docs URL or findings', () => {
    expect(valid(renderSarif(policyResult, OPTIONS))).toBe(true);
    expect(valid(renderSarif(fixtureResult))).toBe(true);
    expect(valid(renderSarif(emptyResult, OPTIONS))).toBe(true);
  });

  it('fails validation when the log breaks the schema (the schema is not a no-op)', () => {
    const log: SarifLog = JSON.parse(renderSarif(fixtureResult));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const relative: SarifLog = JSON.parse(renderSarif(fixtureResult));
    relative.runs[0].tool.driver.rules[0].helpUri = 'docs/rules.md#x';
    expect(validate(relative)).toBe(false);
  });

  it('maps levels, indexes rules, and marks accepted findings as suppressed', () => {
    const log: SarifLog = JSON.parse(renderSarif(policyResult, OPTIONS));
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run.results).toHaveLength(policyResult.findings.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(new Set(run.results.map((result) => result.level))).toEqual(new Set(['error', 'warning', 'note']));
    const accepted = run.results.filter((result) => result.suppressions);
    expect(accepted.map((result) => [result.ruleId, result.suppressions])).toEqual([
      [
        'request-property-enum-value-removed',
        [
          {
            kind: 'external',
            status: 'accepted',
            justification:
              'No client sends "archived" <checked in access logs> & the mobile app, 2026-02 (until 2026-06-30)',
          },
        ],
      ],
    ]);
  });

  it('describes catalog rules from the catalog, with a helpUri only when the docs URL is known', () => {
    const result: ComparisonResult = {
      ...emptyResult,
      findings: [
        {
          id: 'response-enum-value-added',
          level: 'warning',
          operation: { method: 'GET', path: '/items' },
          location: { file: 'git:0123456789ab:./api/openapi.yaml', line: 7, pointer: '/paths/~1items/get' },
          message: 'status: may now return enum value "archived"',
          hint: '',
          component: null,
          side: 'base',
          args: {},
        },
      ],
      summary: { breaking: 0, warning: 1, info: 0 },
    };
    const withDocs: SarifLog = JSON.parse(renderSarif(result, { ...OPTIONS, pathPrefix: 'services/shop' }));
    expect(withDocs.runs[0].tool.driver.rules[0]).toMatchObject({
      id: 'response-enum-value-added',
      shortDescription: { text: 'Response enum value added' },
      helpUri: 'https://example.com/holdfast/docs/rules.md#response-enum-value-added',
    });
    expect(withDocs.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'services/shop/api/openapi.yaml' },
      region: { startLine: 7 },
    });
    const withoutDocs: SarifLog = JSON.parse(renderSarif(result));
    expect(withoutDocs.runs[0].tool.driver.rules[0].helpUri).toBeUndefined();
    expect(valid(renderSarif(result))).toBe(true);
  });

  it('keeps partial fingerprints stable when only the line moves', () => {
    const moved: ComparisonResult = {
      ...fixtureResult,
      findings: fixtureResult.findings.map((finding) => ({
        ...finding,
        location: { ...finding.location, line: finding.location.line + 5 },
      })),
    };
    const before: SarifLog = JSON.parse(renderSarif(fixtureResult));
    const after: SarifLog = JSON.parse(renderSarif(moved));
    expect(after.runs[0].results.map((result) => result.partialFingerprints)).toEqual(
      before.runs[0].results.map((result) => result.partialFingerprints),
    );
  });
});
