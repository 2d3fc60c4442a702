/** The grammar of measurable expected results, and checking one on a traffic window. */
import { describe, expect, it } from 'vitest';
import { evaluateExpectation, parseExpectation } from '../../src/usage/index.js';
import type { TrafficWindow } from '../../src/usage/window.js';

describe('parseExpectation', () => {
  it.each([
    ['p95 of GET /orders below 200 ms', [{ metric: 'p95', operation: 'GET /orders', comparator: '<', value: 200 }]],
    [
      '5xx rate of POST /orders below 1%',
      [{ metric: '5xx rate', operation: 'POST /orders', comparator: '<', value: 0.01 }],
    ],
    ['error rate below 0.5%', [{ metric: '5xx rate', operation: null, comparator: '<', value: 0.005 }]],
    [
      'requests of GET /items above 10/min',
      [{ metric: 'requests', operation: 'GET /items', comparator: '>', value: 10 }],
    ],
    [
      'requests of GET /items at least 2/s',
      [{ metric: 'requests', operation: 'GET /items', comparator: '>=', value: 120 }],
    ],
    ['request rate > 60 per hour', [{ metric: 'requests', operation: null, comparator: '>', value: 1 }]],
    [
      'P99 latency for get /items/{item_id} <= 1.5 s',
      [{ metric: 'p99', operation: 'GET /items/{item_id}', comparator: '<=', value: 1500 }],
    ],
    ['4xx rate at most 10 percent', [{ metric: '4xx rate', operation: null, comparator: '<=', value: 0.1 }]],
    ['no 5xx', [{ metric: '5xx rate', operation: null, comparator: '<=', value: 0 }]],
    ['no 5xx on POST /orders', [{ metric: '5xx rate', operation: 'POST /orders', comparator: '<=', value: 0 }]],
  ])('reads %j', (text, clauses) => {
    const parsed = parseExpectation(text);
    expect(parsed).toMatchObject({ ok: true, clauses });
  });

  it('reads clauses joined by "and", commas and semicolons, keeping each as written', () => {
    const parsed = parseExpectation(
      'p95 of GET /orders below 200 ms and error rate below 0.5%, no 5xx on POST /orders; requests above 1/min',
    );
    expect(parsed.ok && parsed.clauses.map((clause) => clause.text)).toEqual([
      'p95 of GET /orders below 200 ms',
      'error rate below 0.5%',
      'no 5xx on POST /orders',
      'requests above 1/min',
    ]);
  });

  it.each([
    [
      'checkout p95 < 300 ms, no 5xx',
      'expected a metric (p50, p95, p99, 5xx rate, error rate, 4xx rate, requests, or "no 5xx") at character 1, found "checkout"',
      1,
    ],
    [
      'p95 of /orders below 200 ms',
      'expected an operation (METHOD /path, e.g. GET /items/{item_id}) at character 8, found "/orders"',
      8,
    ],
    [
      'p95 of GET /orders 200 ms',
      'expected a comparison (below, above, at most, at least, <, <=, >, >=) at character 20, found "200"',
      20,
    ],
    ['p95 below fast', 'expected a number at character 11, found "fast"', 11],
    ['p95 below 200', 'expected a latency unit (ms or s) at character 14, found the end', 14],
    ['error rate below 1', 'expected a percentage (e.g. 1%) at character 19, found the end', 19],
    ['requests above 10', 'expected a request rate unit (/s, /min, /h) at character 18, found the end', 18],
    ['p95 below 200 ms or so', 'expected "and", "," or the end at character 18, found "or"', 18],
    ['   ', 'the expected result is empty', 1],
  ])('says why %j is not measurable, with the position', (text, reason, position) => {
    expect(parseExpectation(text)).toEqual({ ok: false, reason, position });
  });
});

describe('evaluateExpectation', () => {
  const window: TrafficWindow = {
    from: new Date('2026-01-05T10:00:00Z'),
    to: new Date('2026-01-05T11:00:00Z'),
    caveats: [],
    operations: [
      {
        operation: 'GET /items',
        requests: 600,
        statusClasses: { '2xx': 594, '5xx': 6 },
        latencyMs: { p50: 20, p95: 80, p99: 120 },
      },
      {
        operation: 'GET /orders/{order_id}',
        requests: 400,
        statusClasses: { '2xx': 380, '4xx': 20 },
        latencyMs: { p50: 40, p95: 250, p99: 400 },
      },
    ],
  };

  it('measures each clause and says met / not met', () => {
    const result = evaluateExpectation(
      'p95 of GET /items below 100 ms and error rate below 0.5% and requests of GET /items above 5/min and 4xx rate at most 2%',
      window,
      60,
    );
    expect(result).toEqual({
      text: 'p95 of GET /items below 100 ms and error rate below 0.5% and requests of GET /items above 5/min and 4xx rate at most 2%',
      status: 'not met',
      reason: null,
      clauses: [
        { clause: 'p95 of GET /items below 100 ms', status: 'met', measured: '80 ms', note: null },
        { clause: 'error rate below 0.5%', status: 'not met', measured: '0.6%', note: null },
        { clause: 'requests of GET /items above 5/min', status: 'met', measured: '10/min', note: null },
        { clause: '4xx rate at most 2%', status: 'met', measured: '2%', note: null },
      ],
    });
  });

  it('holds a service-wide latency to every operation: the worst one decides', () => {
    const result = evaluateExpectation('p95 below 200 ms', window, 60);
    expect(result.status).toBe('not met');
    expect(result.clauses).toEqual([
      {
        clause: 'p95 below 200 ms',
        status: 'not met',
        measured: '250 ms',
        note: 'worst operation: GET /orders/{order_id}',
      },
    ]);
  });

  it('is not measurable for prose, an operation without calls, or a source without durations', () => {
    expect(evaluateExpectation('checkout is faster', window, 60)).toEqual({
      text: 'checkout is faster',
      status: 'not measurable',
      reason:
        'not a measurable statement: expected a metric (p50, p95, p99, 5xx rate, error rate, 4xx rate, requests, or "no 5xx") at character 1, found "checkout"',
      clauses: [],
    });
    expect(evaluateExpectation('p95 of POST /orders below 1 s', window, 60).clauses[0]).toEqual({
      clause: 'p95 of POST /orders below 1 s',
      status: 'not measurable',
      measured: null,
      note: 'no calls of POST /orders in the window',
    });
    const untimed: TrafficWindow = {
      ...window,
      operations: window.operations.map((operation) => ({ ...operation, latencyMs: null })),
    };
    expect(evaluateExpectation('p99 below 1 s and no 5xx', untimed, 60)).toMatchObject({
      status: 'not met',
      clauses: [
        { status: 'not measurable', note: 'no durations in this traffic source' },
        { status: 'not met', measured: '0.6%' },
      ],
    });
    expect(evaluateExpectation('p99 below 1 s', untimed, 60).status).toBe('not measurable');
    // No calls at all is a measurement for a request rate: 0/min.
    expect(evaluateExpectation('requests of POST /orders above 1/min', window, 60).clauses[0]).toMatchObject({
      status: 'not met',
      measured: '0/min',
    });
  });
});
