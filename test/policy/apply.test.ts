/** applyPolicy: scope, level overrides, deprecation policy, accept-list, verdict and semver. Pure. */
import { describe, expect, it } from 'vitest';
import type { AcceptEntry } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { applyPolicy, DEFAULT_POLICY, type Policy, policyFromConfig, suggestSemver } from '../../src/policy/index.js';
import type { ComparisonResult, Finding, Level, OperationRef } from '../../src/rules/types.js';

const NOW = new Date('2026-03-01T10:00:00Z');

function finding(id: string, level: Level, operation: OperationRef | null, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    level,
    operation,
    location: { file: 'openapi.yaml', line: 10, pointer: '/paths/~1items/get' },
    message: `${id} message`,
    hint: `${id} hint`,
    component: null,
    side: 'revision',
    args: {},
    ...extra,
  };
}

function result(...findings: Finding[]): ComparisonResult {
  const summary = { breaking: 0, warning: 0, info: 0 };
  for (const item of findings) summary[item.level]++;
  return { base: 'git:abc:openapi.yaml', revision: 'openapi.yaml', findings, summary };
}

function entry(fields: Partial<AcceptEntry> & { rule: string }): AcceptEntry {
  return {
    operation: null,
    component: null,
    pointer: null,
    reason: 'because',
    expires: null,
    source: { file: 'pyproject.toml', line: 12, pointer: '/tool/holdfast/accept/0' },
    ...fields,
  };
}

const listItems = { method: 'GET', path: '/items' };
const readItem = { method: 'GET', path: '/items/{item_id}' };
const deleteItem = { method: 'DELETE', path: '/items/{item_id}' };
const internalJob = { method: 'POST', path: '/internal/jobs' };

describe('applyPolicy with the default policy', () => {
  it('blocks on breaking findings and suggests major', () => {
    const outcome = applyPolicy(
      result(finding('response-required-property-removed', 'breaking', listItems)),
      DEFAULT_POLICY,
      {
        now: NOW,
      },
    );
    expect(outcome.blocked).toBe(true);
    expect(outcome.semver).toBe('major');
    expect(outcome.result.summary).toEqual({ breaking: 1, warning: 0, info: 0 });
    expect(outcome.result.policy).toEqual({ semver: 'major', accepted: 0, skipped: 0 });
  });

  it('passes warnings unless fail-on is warning', () => {
    const comparison = result(finding('response-enum-value-added', 'warning', listItems));
    expect(applyPolicy(comparison, DEFAULT_POLICY, { now: NOW }).blocked).toBe(false);
    expect(applyPolicy(comparison, { ...DEFAULT_POLICY, failOn: 'warning' }, { now: NOW }).blocked).toBe(true);
    expect(applyPolicy(result(finding('x', 'breaking', null)), { ...DEFAULT_POLICY, failOn: 'never' }).blocked).toBe(
      false,
    );
  });

  it('does not change its input', () => {
    const comparison = result(finding('api-operation-removed', 'breaking', listItems));
    const copy = structuredClone(comparison);
    applyPolicy(comparison, {
      ...DEFAULT_POLICY,
      levels: { 'api-operation-removed': 'info' },
      accept: [entry({ rule: '*' })],
    });
    expect(comparison).toEqual(copy);
  });

  it('equals the policy of an empty configuration', () => {
    expect(policyFromConfig(defaultConfig('/repo'))).toEqual({
      ...DEFAULT_POLICY,
      include: [],
      exclude: [],
      skipStability: [],
      accept: [],
    });
  });
});

describe('scope and levels', () => {
  it('overrides levels and drops rules set to off', () => {
    const outcome = applyPolicy(
      result(
        finding('response-enum-value-added', 'warning', listItems),
        finding('api-operation-deprecated', 'info', deleteItem),
      ),
      { failOn: 'breaking', levels: { 'response-enum-value-added': 'breaking', 'api-operation-deprecated': 'off' } },
      { now: NOW },
    );
    expect(outcome.result.findings.map((item) => [item.id, item.level])).toEqual([
      ['response-enum-value-added', 'breaking'],
    ]);
    expect(outcome.blocked).toBe(true);
    expect(outcome.skipped).toBe(1);
  });

  it('checks only included operations, never excluded ones; document-wide findings always', () => {
    const policy: Policy = {
      failOn: 'breaking',
      levels: {},
      include: ['/items/**', '/internal/**'],
      exclude: ['* /internal/**'],
    };
    const outcome = applyPolicy(
      result(
        finding('a', 'breaking', readItem),
        finding('b', 'breaking', internalJob),
        finding('c', 'breaking', { method: 'GET', path: '/users' }),
        finding('d', 'warning', null),
      ),
      policy,
      { now: NOW },
    );
    expect(outcome.result.findings.map((item) => item.id)).toEqual(['a', 'd']);
    expect(outcome.skipped).toBe(2);
  });

  it('skips operations at the configured stability levels', () => {
    const outcome = applyPolicy(
      result(
        finding('api-operation-removed', 'breaking', listItems, { stability: 'beta' }),
        finding('api-operation-removed', 'breaking', readItem, { stability: 'stable' }),
        finding('api-operation-removed', 'breaking', deleteItem),
      ),
      { failOn: 'breaking', levels: {}, skipStability: ['alpha', 'Beta'] },
      { now: NOW },
    );
    expect(outcome.result.findings.map((item) => item.operation?.path)).toEqual([
      '/items/{item_id}',
      '/items/{item_id}',
    ]);
    expect(outcome.result.policy?.skipped).toBe(1);
  });
});

describe('deprecation policy', () => {
  const policy: Policy = { failOn: 'breaking', levels: {}, deprecation: { minDays: 90 } };

  it('requires a sunset date when an operation is deprecated', () => {
    const deprecated = finding('api-operation-deprecated', 'info', deleteItem, {
      location: { file: 'openapi.yaml', line: 42, pointer: '/paths/~1items~1{item_id}/delete/deprecated' },
    });
    const outcome = applyPolicy(result(deprecated), policy, { now: NOW });
    // Breaking first: the policy finding comes before the info finding it was derived from.
    expect(outcome.result.findings[0]).toEqual({
      id: 'policy-sunset-missing',
      level: 'breaking',
      operation: deleteItem,
      location: { file: 'openapi.yaml', line: 42, pointer: '/paths/~1items~1{item_id}/delete/deprecated' },
      message:
        'DELETE /items/{item_id} is now deprecated without a usable `x-sunset` date; the deprecation policy requires at least 90 days between deprecation and removal',
      hint: 'Clients cannot plan a migration without a date. Add `x-sunset: YYYY-MM-DD` at least 90 days after the deprecation, and remove the operation only after that date.',
      component: null,
      side: 'revision',
      args: { minDays: 90 },
    });
    expect(outcome.blocked).toBe(true);
  });

  it('requires the sunset to be at least min-days away', () => {
    const soon = finding('api-operation-deprecated', 'info', deleteItem, { sunset: '2026-04-01' });
    const outcome = applyPolicy(result(soon), policy, { now: NOW });
    expect(outcome.result.findings.map((item) => item.id)).toEqual([
      'policy-deprecation-too-short',
      'api-operation-deprecated',
    ]);
    expect(outcome.result.findings[0].message).toBe(
      'DELETE /items/{item_id} is deprecated with sunset 2026-04-01, 31 days from now; the deprecation policy requires at least 90 days between deprecation and removal',
    );
    expect(outcome.result.findings[0].hint).toBe(
      'Move `x-sunset` to 2026-05-30 or later, so clients get the notice the policy promises.',
    );
    const later = finding('api-operation-deprecated', 'info', deleteItem, { sunset: '2026-05-30' });
    expect(applyPolicy(result(later), policy, { now: NOW }).result.findings.map((item) => item.id)).toEqual([
      'api-operation-deprecated',
    ]);
  });

  it('breaks a removal whose deprecation never announced a sunset', () => {
    const removed = finding('api-deprecated-operation-removed', 'warning', deleteItem, { side: 'base' });
    const outcome = applyPolicy(result(removed), policy, { now: NOW });
    expect(outcome.result.findings[0].message).toBe(
      'DELETE /items/{item_id} was removed after being deprecated without a usable `x-sunset` date; the deprecation policy requires at least 90 days between deprecation and removal',
    );
    const unparsable = finding('api-deprecated-operation-removed', 'warning', deleteItem, { sunset: 'soon' });
    expect(applyPolicy(result(unparsable), policy, { now: NOW }).result.findings[0].message).toBe(
      'DELETE /items/{item_id} was removed after being deprecated without a usable `x-sunset` date (found "soon"); the deprecation policy requires at least 90 days between deprecation and removal',
    );
    const afterSunset = finding('api-deprecated-operation-removed', 'warning', deleteItem, { sunset: '2026-01-01' });
    expect(applyPolicy(result(afterSunset), policy, { now: NOW }).result.findings).toHaveLength(1);
  });

  it('still applies when api-operation-deprecated is turned off', () => {
    const outcome = applyPolicy(
      result(finding('api-operation-deprecated', 'info', deleteItem)),
      { ...policy, levels: { 'api-operation-deprecated': 'off' } },
      { now: NOW },
    );
    expect(outcome.result.findings.map((item) => item.id)).toEqual(['policy-sunset-missing']);
  });
});

describe('accept-list', () => {
  const removed = finding('api-operation-removed', 'breaking', internalJob);
  const enumAdded = finding('response-enum-value-added', 'warning', readItem, {
    component: '#/components/schemas/Item',
    location: { file: 'openapi.yaml', line: 80, pointer: '/components/schemas/Item/properties/status/enum' },
  });

  it('keeps accepted findings, marked, out of the counts and the verdict', () => {
    const outcome = applyPolicy(
      result(removed, enumAdded),
      {
        failOn: 'warning',
        levels: {},
        accept: [
          entry({
            rule: 'api-operation-removed',
            operation: '* /internal/**',
            reason: 'internal only',
            expires: '2026-03-01',
          }),
          entry({
            rule: 'response-enum-value-added',
            component: 'Item',
            pointer: '/components/schemas/Item/properties/status',
          }),
        ],
      },
      { now: NOW },
    );
    expect(outcome.result.findings.map((item) => item.accepted)).toEqual([
      { reason: 'internal only', expires: '2026-03-01' },
      { reason: 'because', expires: null },
    ]);
    expect(outcome.accepted).toHaveLength(2);
    expect(outcome.result.summary).toEqual({ breaking: 0, warning: 0, info: 0 });
    expect(outcome.result.policy).toEqual({ semver: 'minor', accepted: 2, skipped: 0 });
    expect(outcome.blocked).toBe(false);
    expect(outcome.expired).toEqual([]);
    expect(outcome.unused).toEqual([]);
  });

  it('does not accept when the operation, component or pointer differ', () => {
    const outcome = applyPolicy(
      result(removed, enumAdded),
      {
        failOn: 'breaking',
        levels: {},
        accept: [
          entry({ rule: 'api-operation-removed', operation: 'GET /internal/**' }),
          entry({ rule: 'response-enum-value-added', component: 'Order' }),
          entry({ rule: 'response-enum-value-added', pointer: '/components/schemas/Item/properties/stat' }),
        ],
      },
      { now: NOW },
    );
    expect(outcome.accepted).toEqual([]);
    expect(outcome.unused).toHaveLength(3);
    expect(outcome.blocked).toBe(true);
  });

  it('reports an expired entry, and the finding it covered counts again', () => {
    const stale = entry({
      rule: 'api-operation-removed',
      operation: '* /internal/**',
      reason: 'migration',
      expires: '2026-02-28',
    });
    const outcome = applyPolicy(result(removed), { failOn: 'breaking', levels: {}, accept: [stale] }, { now: NOW });
    expect(outcome.blocked).toBe(true);
    expect(outcome.expired).toEqual([stale]);
    expect(outcome.result.findings[1]).toEqual({
      id: 'policy-accept-expired',
      level: 'warning',
      operation: null,
      location: { file: 'pyproject.toml', line: 12, pointer: '/tool/holdfast/accept/0' },
      message: 'Accept-list entry for api-operation-removed on * /internal/** expired on 2026-02-28: "migration"',
      hint: 'The findings it covered count again. Fix the change, or renew the entry with a new expiry date if the reason still holds.',
      component: null,
      side: 'revision',
      args: {
        rule: 'api-operation-removed',
        operation: '* /internal/**',
        component: null,
        pointer: null,
        reason: 'migration',
        expires: '2026-02-28',
      },
    });
    expect(outcome.result.summary).toEqual({ breaking: 1, warning: 1, info: 0 });
    const quiet = applyPolicy(
      result(removed),
      { failOn: 'breaking', levels: {}, accept: [stale] },
      { now: NOW, reportExpired: false },
    );
    expect(quiet.result.findings.map((item) => item.id)).toEqual(['api-operation-removed']);
    expect(quiet.blocked).toBe(true);
  });

  it('reports unused entries unless asked not to, and lets the policy findings be re-levelled', () => {
    const unusedEntry = entry({ rule: 'request-property-removed', reason: 'cleanup' });
    const outcome = applyPolicy(result(), { failOn: 'warning', levels: {}, accept: [unusedEntry] }, { now: NOW });
    expect(outcome.result.findings.map((item) => [item.id, item.message])).toEqual([
      [
        'policy-accept-unused',
        'Accept-list entry for request-property-removed on any operation matches no finding: "cleanup"',
      ],
    ]);
    expect(outcome.blocked).toBe(true);
    expect(
      applyPolicy(result(), { failOn: 'warning', levels: {}, accept: [unusedEntry] }, { now: NOW, reportUnused: false })
        .result.findings,
    ).toEqual([]);
    const quiet = applyPolicy(
      result(),
      { failOn: 'warning', levels: { 'policy-accept-unused': 'info' }, accept: [unusedEntry] },
      { now: NOW },
    );
    expect(quiet.result.findings[0].level).toBe('info');
    expect(quiet.blocked).toBe(false);
  });
});

describe('suggestSemver', () => {
  it('is major for an unaccepted break, minor for additions, warnings, deprecations and accepted breaks, else patch', () => {
    expect(suggestSemver([finding('api-operation-removed', 'breaking', listItems)])).toBe('major');
    expect(
      suggestSemver([
        finding('api-operation-removed', 'breaking', listItems, { accepted: { reason: 'r', expires: null } }),
      ]),
    ).toBe('minor');
    expect(suggestSemver([finding('api-operation-added', 'info', listItems)])).toBe('minor');
    expect(suggestSemver([finding('request-optional-parameter-added', 'info', listItems)])).toBe('minor');
    expect(suggestSemver([finding('response-property-added', 'info', listItems)])).toBe('minor');
    expect(suggestSemver([finding('api-operation-deprecated', 'info', listItems)])).toBe('minor');
    expect(suggestSemver([finding('response-enum-value-added', 'warning', listItems)])).toBe('minor');
    expect(suggestSemver([finding('response-max-length-decreased', 'info', listItems)])).toBe('patch');
    expect(suggestSemver([finding('policy-accept-unused', 'warning', null)])).toBe('patch');
    expect(suggestSemver([])).toBe('patch');
  });
});
