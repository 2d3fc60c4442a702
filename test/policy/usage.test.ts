/** applyUsage: calls on findings, traffic order, --ignore-unused downgrades and the verdict after them. Pure. */
import { describe, expect, it } from 'vitest';
import { applyUsage, type UsageTable, usageKey, usageKeyOf } from '../../src/policy/index.js';
import type { ComparisonResult, Finding, Level, OperationRef } from '../../src/rules/types.js';

function finding(id: string, level: Level, operation: OperationRef | null, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    level,
    operation,
    location: { file: 'openapi.yaml', line: 10, pointer: '/paths' },
    message: `${id} message`,
    hint: '',
    component: null,
    side: 'revision',
    args: {},
    ...extra,
  };
}

function result(...findings: Finding[]): ComparisonResult {
  const summary = { breaking: 0, warning: 0, info: 0 };
  for (const item of findings) summary[item.level]++;
  return { base: 'v1.json', revision: 'v2.json', findings, summary };
}

const table: UsageTable = {
  service: 'shop',
  environment: 'prod',
  days: 7,
  since: '2026-03-01T10:00:00.000Z',
  until: '2026-03-08T10:12:00.000Z',
  totalCalls: 120,
  operations: [
    {
      key: 'POST /orders',
      operation: 'POST /orders',
      calls: 100,
      clients: 2,
      topClients: [
        { client: 'shop-mobile', calls: 90 },
        { client: 'curl', calls: 10 },
      ],
    },
    {
      key: 'GET /items/{}',
      operation: 'GET /items/{item_id}',
      calls: 20,
      clients: 1,
      topClients: [{ client: 'curl', calls: 20 }],
    },
  ],
};

const get = (path: string): OperationRef => ({ method: 'GET', path });
const post = (path: string): OperationRef => ({ method: 'POST', path });

describe('usageKey', () => {
  it('leaves parameter names out, so versions that rename a parameter match', () => {
    expect(usageKey('get', '/items/{item_id}')).toBe('GET /items/{}');
    expect(usageKey('GET', '/items/{id}')).toBe('GET /items/{}');
    expect(usageKeyOf('GET /shops/{shop}/items/{item_id}')).toBe('GET /shops/{}/items/{}');
    expect(usageKey('GET', '/items')).not.toBe(usageKey('GET', '/items/'));
  });
});

describe('applyUsage', () => {
  it('puts calls on every finding about an operation, the most called first within a level', () => {
    const outcome = applyUsage(
      result(
        finding('response-property-removed', 'breaking', get('/users/{user_id}')),
        finding('response-property-removed', 'breaking', get('/items/{id}')),
        finding('request-property-became-required', 'breaking', post('/orders')),
        finding('api-server-removed', 'breaking', null),
        finding('response-property-added', 'info', post('/orders')),
      ),
      table,
      { ignoreUnused: false, failOn: 'breaking' },
    );
    expect(
      outcome.result.findings.map((item) => [item.level, item.operation?.path ?? null, item.usage?.calls]),
    ).toEqual([
      ['breaking', '/orders', 100],
      ['breaking', '/items/{id}', 20],
      ['breaking', '/users/{user_id}', 0],
      ['breaking', null, undefined],
      ['info', '/orders', 100],
    ]);
    expect(outcome.result.findings[0].usage).toEqual({
      calls: 100,
      clients: 2,
      topClients: [
        { client: 'shop-mobile', calls: 90 },
        { client: 'curl', calls: 10 },
      ],
    });
    expect(outcome.result.usage).toEqual({
      service: 'shop',
      environment: 'prod',
      days: 7,
      since: '2026-03-01T10:00:00.000Z',
      until: '2026-03-08T10:12:00.000Z',
      totalCalls: 120,
      ignoreUnused: false,
      downgraded: 0,
    });
    expect(outcome.blocked).toBe(true);
    expect(outcome.downgraded).toEqual([]);
  });

  it('downgrades breaking findings on uncalled operations with --ignore-unused, saying why, and the verdict follows', () => {
    const outcome = applyUsage(
      result(
        finding('api-operation-removed', 'breaking', get('/users/{user_id}')),
        finding('response-property-removed', 'warning', get('/users/{user_id}')),
        finding('api-server-removed', 'breaking', null, { accepted: { reason: 'moved', expires: null } }),
      ),
      table,
      { ignoreUnused: true, failOn: 'breaking' },
    );
    // The accepted breaking finding stays breaking (it never blocks), so it comes first.
    const [accepted, downgraded, warning] = outcome.result.findings;
    expect(accepted).toMatchObject({ id: 'api-server-removed', level: 'breaking' });
    expect(downgraded).toMatchObject({
      id: 'api-operation-removed',
      level: 'warning',
      downgraded: {
        from: 'breaking',
        reason: 'no calls to GET /users/{user_id} in prod in the last 7 days (--ignore-unused)',
      },
    });
    expect(warning.downgraded).toBeUndefined();
    expect(outcome.result.summary).toEqual({ breaking: 0, warning: 2, info: 0 });
    expect(outcome.result.usage?.downgraded).toBe(1);
    expect(outcome.blocked).toBe(false);
    // --fail-on warning still blocks on the downgraded finding.
    expect(
      applyUsage(result(finding('api-operation-removed', 'breaking', get('/users/{user_id}'))), table, {
        ignoreUnused: true,
        failOn: 'warning',
      }).blocked,
    ).toBe(true);
  });

  it('never downgrades a called operation, an accepted finding or one about no operation', () => {
    const outcome = applyUsage(
      result(
        finding('request-property-became-required', 'breaking', post('/orders')),
        finding('api-operation-removed', 'breaking', get('/gone'), { accepted: { reason: 'ok', expires: null } }),
        finding('api-server-removed', 'breaking', null),
      ),
      table,
      { ignoreUnused: true, failOn: 'breaking' },
    );
    expect(outcome.result.findings.map((item) => item.level)).toEqual(['breaking', 'breaking', 'breaking']);
    expect(outcome.downgraded).toEqual([]);
    // Accepted findings are not counted, as after the policy.
    expect(outcome.result.summary).toEqual({ breaking: 2, warning: 0, info: 0 });
  });
});
