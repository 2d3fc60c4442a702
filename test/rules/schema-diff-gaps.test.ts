/**
 * Schema changes the rules cannot see because src/diff/schema.ts does not pair them: an `items`
 * schema on one side only (absent `items` allows any item). These fail until the comparator pairs
 * an absent keyword with an "anything" schema (or a rule covers it); see the report to the lead.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/types.js';
import { diffSchemas } from './_harness.js';

const REQUEST_ROOT = '/paths/~1things/post/requestBody/content/application~1json/schema';

function summary(findings: Finding[]): string {
  return findings.map((finding) => `${finding.id} [${finding.level}] at ${finding.location.pointer}`).join('; ');
}

describe('array items constrained on one side only', () => {
  it('request: `items` added to an array that accepted anything breaks clients', () => {
    const findings = diffSchemas('request', { type: 'array' }, { type: 'array', items: { type: 'integer' } });
    const breaking = findings.filter((finding) => finding.level === 'breaking');
    expect(breaking.length, summary(findings) || 'no findings').toBeGreaterThan(0);
    expect(breaking.map((finding) => finding.location.pointer)).toContain(`${REQUEST_ROOT}/items`);
  });

  it('response: `items` dropped, so any item may now come back, is at least a warning', () => {
    const findings = diffSchemas('response', { type: 'array', items: { type: 'integer' } }, { type: 'array' });
    expect(
      findings.filter((finding) => finding.level !== 'info').length,
      summary(findings) || 'no findings',
    ).toBeGreaterThan(0);
  });

  it('the safe directions stay silent or informational', () => {
    const request = diffSchemas('request', { type: 'array', items: { type: 'integer' } }, { type: 'array' });
    const response = diffSchemas('response', { type: 'array' }, { type: 'array', items: { type: 'integer' } });
    expect(
      [...request, ...response].filter((finding) => finding.level !== 'info'),
      summary([...request, ...response]),
    ).toEqual([]);
  });
});

describe('tuple positions against the other side’s `items`', () => {
  it('response: a tuple position re-typed through `items` is a type change (breaking)', () => {
    // Position 0 was an integer; now every item, position 0 included, is a string.
    const findings = diffSchemas(
      'response',
      { type: 'array', prefixItems: [{ type: 'integer' }] },
      { type: 'array', items: { type: 'string' } },
    );
    expect(
      findings.map((finding) => finding.level),
      summary(findings),
    ).toContain('breaking');
  });

  it('response: a fixed-length tuple rewritten as a list of the same items is not a warning (Pydantic)', () => {
    const vector = { type: 'array', items: { type: 'number' } };
    const findings = diffSchemas(
      'response',
      { type: 'array', prefixItems: [vector, vector, vector], minItems: 3, maxItems: 3 },
      { type: 'array', items: vector, minItems: 3, maxItems: 3 },
    );
    expect(
      findings.filter((finding) => finding.level !== 'info'),
      summary(findings),
    ).toEqual([]);
  });
});
