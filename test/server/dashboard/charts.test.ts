/** The server-drawn before/after charts: scale, bars, and the text a screen reader gets. */
import { describe, expect, it } from 'vitest';
import { beforeAfterChart, niceTop } from '../../../src/server/dashboard/charts.js';

const hour = (time: string) => new Date(`2026-01-05T${time}:00.000Z`);

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

describe('beforeAfterChart', () => {
  const points = [
    { from: hour('09:00'), value: 10, after: false },
    { from: hour('10:00'), value: null, after: false },
    { from: hour('11:00'), value: 30, after: true },
  ];
  const svg = beforeAfterChart(points, {
    id: 'chart-test',
    title: 'Requests per hour',
    format: (value) => `${value} req`,
    marker: hour('11:00'),
  }).toString();

  it('draws one bar per measured hour, in the before or after class, and none for an hour without data', () => {
    expect(svg.match(/<rect class="chart-before"/g)).toHaveLength(1);
    expect(svg.match(/<rect class="chart-after"/g)).toHaveLength(1);
    expect(svg).toContain('<title>09:00 UTC, before: 10 req</title>');
  });

  it('describes the chart in words for screen readers and under it', () => {
    expect(svg).toContain('role="img" aria-labelledby="chart-test-title chart-test-desc"');
    expect(svg).toContain(
      '<desc id="chart-test-desc">Hourly average before: 10 req; after: 30 req. 09:00 before: 10 req; 10:00 before: no data; 11:00 after: 30 req.</desc>',
    );
    expect(svg).toContain('<p class="summary">Hourly average before: 10 req; after: 30 req.</p>');
  });

  it('marks the deployment with "before" and "after" written on the chart', () => {
    expect(svg).toMatch(/<line class="chart-marker" x1="(\d+\.\d)" x2="\1"/);
    expect(svg).toContain('text-anchor="end">before</text>');
    expect(svg).toMatch(/class="chart-marker-label"[^>]*>after<\/text>/);
  });

  it('uses no inline style (the CSP allows none)', () => {
    expect(svg).not.toContain('style=');
  });
});
