/** Judging the before- and after-windows of a deployment: verdicts per operation and overall. */
import { describe, expect, it } from 'vitest';
import {
  compareWindows,
  DEFAULT_COMPARE_THRESHOLDS,
  judgeOperation,
  parsePercent,
  parseWindowMinutes,
  type WindowMetrics,
} from '../../src/usage/compare.js';
import type { OperationWindowStats, TrafficWindow } from '../../src/usage/window.js';

const full = { beforeMinutes: 60, afterMinutes: 60, afterComplete: true };

function metrics(requests: number, errors5xx = 0, errors4xx = 0, p95Ms: number | null = 50): WindowMetrics {
  return {
    requests,
    ratePerMinute: requests / 60,
    rate5xx: requests === 0 ? null : errors5xx / requests,
    rate4xx: requests === 0 ? null : errors4xx / requests,
    p95Ms,
  };
}

const judge = (before: WindowMetrics, after: WindowMetrics, span = full, thresholds = DEFAULT_COMPARE_THRESHOLDS) =>
  judgeOperation('GET /items', before, after, span, thresholds);

describe('judgeOperation', () => {
  it('calls an unchanged operation healthy', () => {
    expect(judge(metrics(600, 1), metrics(610, 2))).toMatchObject({ verdict: 'healthy', reasons: [] });
  });

  it('recommends a rollback at +5 points of 5xx, and asks for a look at +1', () => {
    expect(judge(metrics(600), metrics(600, 30))).toMatchObject({
      verdict: 'rollback',
      reasons: ['5xx rate 0.0% -> 5.0% (+5 points; roll back at +5)'],
    });
    expect(judge(metrics(600), metrics(600, 6))).toMatchObject({
      verdict: 'investigate',
      reasons: ['5xx rate 0.0% -> 1.0% (+1 points; investigate at +1)'],
    });
    expect(judge(metrics(600), metrics(600, 5)).verdict).toBe('healthy');
  });

  it('judges p95 by ratio and by milliseconds together', () => {
    expect(judge(metrics(600, 0, 0, 100), metrics(600, 0, 0, 210)).reasons).toEqual([
      'p95 100 ms -> 210 ms (×2.1, +110 ms; roll back at ×2 and +50 ms)',
    ]);
    expect(judge(metrics(600, 0, 0, 100), metrics(600, 0, 0, 160)).verdict).toBe('investigate');
    // ×3, but only +20 ms: noise.
    expect(judge(metrics(600, 0, 0, 10), metrics(600, 0, 0, 30)).verdict).toBe('healthy');
    // No durations on one side: p95 is not judged.
    expect(judge(metrics(600, 0, 0, null), metrics(600, 0, 0, 900)).verdict).toBe('healthy');
  });

  it('asks for a look at +10 points of 4xx and at a halved request rate, never a rollback', () => {
    expect(judge(metrics(600, 0, 6), metrics(600, 0, 70))).toMatchObject({
      verdict: 'investigate',
      reasons: ['4xx rate 1.0% -> 11.7% (+10.7 points; investigate at +10)'],
    });
    expect(judge(metrics(600), metrics(240))).toMatchObject({
      verdict: 'investigate',
      reasons: ['request rate 10/min -> 4/min (fell by 60%; investigate at 50%)'],
    });
    // Gone entirely after the deployment (a path renamed?): a look, even with no calls to judge.
    expect(judge(metrics(600), metrics(0)).verdict).toBe('investigate');
  });

  it('says "not enough data" rather than "healthy" on few calls or a running window', () => {
    expect(judge(metrics(25), metrics(19))).toMatchObject({
      verdict: 'not-enough-data',
      reasons: ['only 19 calls after (need 20)'],
    });
    const running = { beforeMinutes: 60, afterMinutes: 10, afterComplete: false };
    expect(judge(metrics(600), { ...metrics(100), ratePerMinute: 10 }, running)).toMatchObject({
      verdict: 'not-enough-data',
      reasons: ['nothing wrong so far, but the after-window is not complete'],
    });
    // A failure is a failure even before the window ends.
    expect(judge(metrics(600), metrics(100, 50), running).verdict).toBe('rollback');
    // A traffic fall is only judged on a complete window.
    expect(judge(metrics(600), metrics(25), running).verdict).toBe('not-enough-data');
  });

  it('judges a new operation (no calls before) on the after-window alone', () => {
    expect(judge(metrics(0), metrics(100, 10))).toMatchObject({
      verdict: 'rollback',
      reasons: [
        '5xx rate no baseline -> 10.0% (+10 points; roll back at +5)',
        'no calls before: judged on the after-window alone',
      ],
    });
    expect(judge(metrics(5), metrics(100)).reasons).toEqual([
      'only 5 calls before (need 20): judged on the after-window alone',
    ]);
  });
});

describe('compareWindows', () => {
  const window = (operations: OperationWindowStats[]): TrafficWindow => ({
    from: new Date(0),
    to: new Date(3_600_000),
    operations,
    caveats: [],
  });
  const stats = (operation: string, requests: number, errors = 0, p95 = 50): OperationWindowStats => ({
    operation,
    requests,
    statusClasses: { '2xx': requests - errors, '5xx': errors },
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 2 },
  });

  it('rolls back when one operation breaks, lists it first, and adds the all-operations row', () => {
    const result = compareWindows(
      window([stats('GET /items', 600), stats('GET /items/{item_id}', 300), stats('POST /orders', 5)]),
      window([stats('GET /items', 600), stats('GET /items/{item_id}', 300, 60, 400), stats('POST /orders', 4)]),
      full,
      DEFAULT_COMPARE_THRESHOLDS,
    );
    expect(result.verdict).toBe('rollback');
    expect(result.operations.map((row) => [row.operation, row.verdict])).toEqual([
      ['(all operations)', 'rollback'],
      ['GET /items/{item_id}', 'rollback'],
      ['GET /items', 'healthy'],
      ['POST /orders', 'not-enough-data'],
    ]);
    expect(result.operations[0].after.p95Ms).toBeNull();
  });

  it('is healthy overall when every operation with enough calls is, and not enough data when none has', () => {
    const quiet = compareWindows(
      window([stats('GET /items', 600), stats('POST /orders', 3)]),
      window([stats('GET /items', 590), stats('POST /orders', 2)]),
      full,
      DEFAULT_COMPARE_THRESHOLDS,
    );
    expect(quiet.verdict).toBe('healthy');
    const empty = compareWindows(
      window([stats('GET /items', 3)]),
      window([stats('GET /items', 4)]),
      full,
      DEFAULT_COMPARE_THRESHOLDS,
    );
    expect(empty.verdict).toBe('not-enough-data');
    const running = compareWindows(
      window([stats('GET /items', 600)]),
      window([stats('GET /items', 100)]),
      {
        beforeMinutes: 60,
        afterMinutes: 10,
        afterComplete: false,
      },
      DEFAULT_COMPARE_THRESHOLDS,
    );
    expect(running.verdict).toBe('not-enough-data');
  });
});

describe('window and percentage values', () => {
  it.each([
    ['1h', 60],
    ['30m', 30],
    ['90min', 90],
    ['2h30m', 150],
    ['45', 45],
    ['1d', 1440],
    ['7d', 10080],
    ['1d12h', 2160],
    ['2 days', 2880],
    ['soon', undefined],
    ['', undefined],
  ])('reads the window %j as %j minutes', (text, minutes) => {
    expect(parseWindowMinutes(text)).toBe(minutes);
  });

  it.each([
    ['5%', 0.05],
    ['0.5%', 0.005],
    ['5', 0.05],
    [5, 0.05],
    ['150%', undefined],
    ['lots', undefined],
  ])('reads the percentage %j as %j', (text, value) => {
    expect(parsePercent(text)).toBe(value);
  });
});
