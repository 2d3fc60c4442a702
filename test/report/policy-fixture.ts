/**
 * The shared findings fixture (fixture.ts) after a policy: one accepted finding (with characters
 * every format must escape in its reason), one expired and one unused accept-list entry, and the
 * semver suggestion. Every new reporter is snapshot-tested on this one result.
 */
import type { AcceptEntry } from '../../src/config/index.js';
import { applyPolicy } from '../../src/policy/index.js';
import type { ComparisonResult } from '../../src/rules/types.js';
import { fixtureResult } from './fixture.js';

export const POLICY_NOW = new Date('2026-03-01T12:00:00Z');

function entry(
  line: number,
  index: number,
  fields: Partial<AcceptEntry> & { rule: string; reason: string },
): AcceptEntry {
  return {
    operation: null,
    component: null,
    pointer: null,
    expires: null,
    source: { file: 'pyproject.toml', line, pointer: `/tool/holdfast/accept/${index}` },
    ...fields,
  };
}

export const acceptList: AcceptEntry[] = [
  entry(20, 0, {
    rule: 'request-property-enum-value-removed',
    operation: 'POST /items',
    reason: 'No client sends "archived" <checked in access logs> & the mobile app, 2026-02',
    expires: '2026-06-30',
  }),
  entry(26, 1, {
    rule: 'response-property-removed',
    component: 'Item',
    reason: 'Price moved to /prices',
    expires: '2026-01-31',
  }),
  entry(32, 2, { rule: 'api-operation-removed', operation: '* /internal/**', reason: 'Internal endpoints' }),
];

export const policyResult: ComparisonResult = applyPolicy(
  fixtureResult,
  { failOn: 'breaking', levels: {}, accept: acceptList },
  { now: POLICY_NOW },
).result;
