import { describe, expect, it } from 'vitest';
import { LatencyHistogram, mergeCells, RELATIVE_ACCURACY, UsageAggregator } from '../../src/usage/index.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('LatencyHistogram', () => {
  it('answers p50/p95/p99 within the documented 1 % relative error, over six orders of magnitude', () => {
    const next = random(7);
    for (const scale of [0.05, 3, 250, 40_000]) {
      const histogram = new LatencyHistogram();
      const values: number[] = [];
      for (let index = 0; index < 20_000; index++) {
        // Log-normal-ish with a heavy tail.
        const value = scale * Math.exp((next() + next() + next() - 1.5) * 2) * (next() < 0.01 ? 30 : 1);
        values.push(value);
        histogram.add(value);
      }
      values.sort((a, b) => a - b);
      for (const q of [0, 0.5, 0.95, 0.99, 1]) {
        const exact = exactQuantile(values, q);
        const estimate = histogram.quantile(q)!;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY * (1 + 1e-9));
      }
    }
  });

  it('merging = adding buckets: split anyhow, merged in any order, same quantiles as one histogram', () => {
    const next = random(99);
    const whole = new LatencyHistogram();
    const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (let index = 0; index < 9_000; index++) {
      const value = 20 * Math.exp((next() - 0.5) * 6);
      whole.add(value);
      parts[Math.floor(next() * 3)].add(value);
    }
    const forward = new LatencyHistogram().merge(parts[0]).merge(parts[1]).merge(parts[2]);
    // Through the stored JSON form, in another order.
    const stored = parts.map((part) => JSON.parse(JSON.stringify(part.toJSON())));
    const backward = LatencyHistogram.fromJSON(stored[2]).merge(stored[0]).merge(stored[1]);
    for (const merged of [forward, backward]) {
      expect(merged.toJSON().bins).toEqual(whole.toJSON().bins);
      expect(merged.count).toBe(9_000);
      for (const q of [0.5, 0.95, 0.99]) expect(merged.quantile(q)).toBe(whole.quantile(q));
    }
  });

  it('handles the edges: empty, zero durations, huge durations, invalid input', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.quantile(0.5)).toBeUndefined();
    expect(histogram.toJSON()).toEqual({ alpha: 0.01, count: 0, sum: 0, min: 0, max: 0, zero: 0, bins: [] });
    histogram.add(0);
    histogram.add(0.0005);
    histogram.add(Number.NaN);
    histogram.add(-3);
    histogram.add(Number.POSITIVE_INFINITY);
    expect(histogram.count).toBe(2);
    expect(histogram.quantile(0.99)).toBe(0);
    histogram.add(5e9);
    expect(histogram.quantile(1)).toBe(5e9);
    expect(LatencyHistogram.fromJSON(new LatencyHistogram().toJSON()).min).toBe(Number.POSITIVE_INFINITY);
    expect(() => new LatencyHistogram().merge({ ...histogram.toJSON(), alpha: 0.02 })).toThrow(
      'histograms of accuracy 0.02 and 0.01 cannot be merged',
    );
  });
});

describe('UsageAggregator', () => {
  it('counts per hour, operation, client and status class, with latency only where given', () => {
    const aggregator = new UsageAggregator();
    const hour = Date.UTC(2026, 0, 5, 10);
    aggregator.add(hour + 5, 'GET /items', 'curl', 200, 10);
    aggregator.add(hour + 3_599_999, 'GET /items', 'curl', 204, undefined);
    aggregator.add(hour + 3_600_000, 'GET /items', 'curl', 503, 100);
    aggregator.add(hour, 'GET /items', 'okhttp', 404, undefined);
    const rows = aggregator.rows();
    expect(rows.map((row) => [row.hour - hour, row.operation, row.client, row.statusClass, row.count])).toEqual([
      [0, 'GET /items', 'curl', '2xx', 2],
      [0, 'GET /items', 'okhttp', '4xx', 1],
      [3_600_000, 'GET /items', 'curl', '5xx', 1],
    ]);
    expect(rows[0].latency?.count).toBe(1);
    expect(rows[1].latency).toBeUndefined();
    expect(aggregator.drain()).toHaveLength(3);
    expect(aggregator.rows()).toEqual([]);
  });

  it('caps distinct clients, folding the rest into (other)', () => {
    const aggregator = new UsageAggregator(2);
    for (const client of ['a', 'b', 'c', 'd', 'a']) aggregator.add(0, 'GET /x', client, 200, undefined);
    expect(aggregator.clientsCapped).toBe(true);
    expect(aggregator.clientCount).toBe(2);
    const byClient = mergeCells(aggregator.rows(), (row) => row.client);
    expect(Object.fromEntries([...byClient].map(([client, total]) => [client, total.count]))).toEqual({
      a: 2,
      b: 1,
      '(other)': 2,
    });
  });
});
