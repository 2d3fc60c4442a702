/**
 * The policy on real comparisons: findings carry the operation's `x-stability-level` and `x-sunset`
 * (filled in by the rule runner), so stability skips and the deprecation policy work end to end.
 */
import { outdent } from 'outdent';
import { describe, expect, it } from 'vitest';
import { compareSources } from '../../src/pipeline.js';
import { applyPolicy } from '../../src/policy/index.js';

const NOW = new Date('2026-03-01T00:00:00Z');

const BASE = outdent`
  openapi: 3.0.3
  info: {title: shop, version: "1"}
  paths:
    /beta/search:
      get:
        x-stability-level: beta
        parameters:
          - {name: q, in: query, required: false, schema: {type: string}}
        responses: {"200": {description: ok}}
    /items:
      get:
        responses: {"200": {description: ok}}
    /legacy:
      get:
        deprecated: true
        x-sunset: "2026-01-15"
        responses: {"200": {description: ok}}
    /old:
      get:
        deprecated: true
        responses: {"200": {description: ok}}
`;

const REVISION = outdent`
  openapi: 3.0.3
  info: {title: shop, version: "2"}
  paths:
    /beta/search:
      get:
        x-stability-level: beta
        parameters:
          - {name: q, in: query, required: true, schema: {type: string}}
        responses: {"200": {description: ok}}
    /items:
      get:
        deprecated: true
        x-sunset: "2026-04-01"
        responses: {"200": {description: ok}}
`;

async function compare() {
  return compareSources(
    { uri: 'base.yaml', displayName: 'base.yaml', text: BASE },
    { uri: 'revision.yaml', displayName: 'revision.yaml', text: REVISION },
    { cwd: process.cwd(), now: NOW },
  );
}

describe('stability and sunset on findings', () => {
  it('fills stability and sunset from the operation, only when declared', async () => {
    const result = await compare();
    const byPath = Object.fromEntries(
      result.findings.map((finding) => [`${finding.id} ${finding.operation?.path}`, finding]),
    );
    expect(byPath['request-parameter-became-required /beta/search']?.stability).toBe('beta');
    expect(byPath['api-operation-deprecated /items']?.sunset).toBe('2026-04-01');
    expect(byPath['api-deprecated-operation-removed /legacy']?.sunset).toBe('2026-01-15');
    const old = byPath['api-deprecated-operation-removed /old'];
    expect(old).toBeDefined();
    expect('sunset' in (old ?? {})).toBe(false);
    expect('stability' in (old ?? {})).toBe(false);
  });

  it('skips beta operations and applies the deprecation policy', async () => {
    const outcome = applyPolicy(
      await compare(),
      { failOn: 'breaking', levels: {}, skipStability: ['beta'], deprecation: { minDays: 60 } },
      { now: NOW },
    );
    // Breaking first; within a level, the pipeline's order (policy findings right after their source).
    expect(
      outcome.result.findings.map((finding) => `${finding.level} ${finding.id} ${finding.operation?.path}`),
    ).toEqual([
      'breaking policy-sunset-missing /old',
      'breaking policy-deprecation-too-short /items',
      'warning api-deprecated-operation-removed /legacy',
      'warning api-deprecated-operation-removed /old',
      'info api-operation-deprecated /items',
    ]);
    expect(outcome.skipped).toBe(1);
    expect(outcome.blocked).toBe(true);
  });
});
