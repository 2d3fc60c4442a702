/** The server-drawn before/after charts: scale, bars, and the text a screen reader gets. */
import { describe, expect, it } from 'vitest';
import { niceTop, pairedBarChart } from '../../../src/server/dashboard/charts.js';

describe('niceTop', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [1, 1],
    [7, 10],
    [88, 100],
    [102, 200],
    [240, 250],
    [369, 500],
  ])('%s -> %s', (value, top) => {
    expect(niceTop(value)).toBe(top);
  });
});

describe('pairedBarChart', () => {
  const rows = [
    { label: 'POST /orders', before: 10, after: 30 },
    { label: 'GET /items', before: null, after: 5 },
  ];
  const svg = pairedBarChart(rows, {
    id: 'chart-test',
    title: '5xx rate',
    format: (value) => `${value} %`,
    summary: 'All operations before: 8 %; after: 20 %.',
  }).toString();

  it('draws a before and an after bar per operation, and none for a side without data', () => {
    expect(svg.match(/<rect class="chart-before"/g)).toHaveLength(1);
    expect(svg.match(/<rect class="chart-after"/g)).toHaveLength(2);
    expect(svg).toContain('<title>before 10 %</title>');
    expect(svg).toContain('>before no data</text>');
  });

  it('scales every bar on one axis with a tidy top', () => {
    // top 50 %: 30 % is 60 % of the 376 units of plot width.
    expect(svg).toMatch(/<rect class="chart-after" x="8" y="[\d.]+" width="225\.6"/);
    expect(svg).toContain('text-anchor="end">50 %</text>');
  });

  it('describes the chart in words for screen readers and under it', () => {
    expect(svg).toContain('role="img" aria-labelledby="chart-test-title chart-test-desc"');
    expect(svg).toContain(
      '<desc id="chart-test-desc">All operations before: 8 %; after: 20 %. POST /orders: before 10 %, after 30 %; GET /items: before no data, after 5 %.</desc>',
    );
    expect(svg).toContain('<p class="summary">All operations before: 8 %; after: 20 %.</p>');
  });

  it('uses no inline style (the CSP allows none)', () => {
    expect(svg).not.toContain('style=');
  });
});
