/**
 * The Prometheus traffic source against a real Prometheus scraping a real uvicorn-served FastAPI
 * app (test/usage/_prometheus.ts), plus the pure parts: counter rises and histogram quantiles.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  counterRise,
  histogramQuantile,
  normalizePrometheusUrl,
  normalizeSelector,
  prometheusTrafficSource,
} from '../../src/usage/prometheus.js';
import type { TrafficWindow } from '../../src/usage/window.js';
import { caught } from '../extract/_python.js';
import { freePort, JOB, PROMETHEUS_SKIP, type Stack, startStack } from './_prometheus.js';

describe('counterRise', () => {
  it('starts from the last sample before the window, adds the value after a reset', () => {
    expect(
      counterRise(
        [
          [0, 5],
          [10, 8],
          [20, 2],
          [30, 4],
        ],
        0,
      ),
    ).toBe(7);
    expect(
      counterRise(
        [
          [0, 5],
          [10, 8],
          [20, 2],
          [30, 4],
        ],
        10,
      ),
    ).toBe(4);
  });
  it('counts a series first seen inside the window from 0', () => {
    expect(
      counterRise(
        [
          [15, 3],
          [16, 4],
        ],
        10,
      ),
    ).toBe(4);
  });
  it('is 0 for a series that did not move, and skips NaN', () => {
    expect(
      counterRise(
        [
          [5, 9],
          [15, 9],
          [16, Number.NaN],
        ],
        10,
      ),
    ).toBe(0);
  });
});

describe('histogramQuantile', () => {
  const buckets = [
    { le: 0.1, count: 10 },
    { le: 0.5, count: 20 },
    { le: 1, count: 20 },
    { le: Number.POSITIVE_INFINITY, count: 20 },
  ];
  it('interpolates inside the bucket, like PromQL', () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.1 + 0.4 * 0.9);
  });
  it('answers the highest finite bound in the +Inf bucket, null without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 0.1, count: 0 },
        { le: Number.POSITIVE_INFINITY, count: 4 },
      ]),
    ).toBe(0.1);
    expect(histogramQuantile(0.5, [{ le: Number.POSITIVE_INFINITY, count: 0 }])).toBeNull();
  });
});

describe('options are checked before any request', () => {
  it('refuses a URL that is not http(s)', async () => {
    const error = await caught(() => normalizePrometheusUrl('prometheus:9090'));
    expect(error.message).toBe(
      'Invalid Prometheus URL "prometheus:9090": expected http(s)://host:port, with the server\'s path prefix if it has one (e.g. http://127.0.0.1:9090). Fix the URL; retrying will not help.',
    );
    expect([error.code, error.exitCode]).toEqual(['PROMETHEUS_URL_INVALID', 2]);
    expect(normalizePrometheusUrl('http://prom:9090/prefix/')).toBe('http://prom:9090/prefix');
  });
  it('reads selectors with or without braces and refuses anything else', async () => {
    expect(normalizeSelector('{job="shop",env=~"prod|staging"}')).toBe('job="shop", env=~"prod|staging"');
    expect(normalizeSelector(' ')).toBe('');
    const error = await caught(() => normalizeSelector('job=shop'));
    expect(error.message).toBe(
      'Invalid Prometheus selector "job=shop": expected label matchers such as job="shop", env="production" (=, !=, =~ or !~, values in double quotes). Fix --prometheus-selector; retrying will not help.',
    );
  });
  it('refuses a metric name Prometheus could not have', async () => {
    const error = await caught(() =>
      prometheusTrafficSource({ url: 'http://127.0.0.1:9', metrics: { requests: 'http-requests' } }),
    );
    expect(error.message).toBe(
      'Invalid Prometheus metric name for requests "http-requests": expected letters, digits, colons and underscores, not starting with a digit. Fix --prometheus-metric requests=NAME; retrying will not help.',
    );
  });
});

describe('errors reaching Prometheus', () => {
  it('says an unreachable server is temporary', async () => {
    const port = await freePort();
    const source = prometheusTrafficSource({ url: `http://127.0.0.1:${port}`, selector: 'job="shop"' });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toBe(
      `Could not reach Prometheus at http://127.0.0.1:${port}: ECONNREFUSED; expected a Prometheus server listening there. Temporary; retrying may help. Check the URL (--prometheus) and that the server is up.`,
    );
    expect([error.code, error.exitCode, (error as { retryable?: boolean }).retryable]).toEqual([
      'PROMETHEUS_UNREACHABLE',
      2,
      true,
    ]);
  });

  it('gives up after the timeout on a server that never answers', async () => {
    const silent: Server = createServer(() => {
      // accepts the connection and never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const source = prometheusTrafficSource({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 });
      const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
      expect(error.message).toBe(
        `Prometheus at http://127.0.0.1:${port} did not answer within 300 ms; expected an answer. Temporary; retrying may help. A slow server may need a longer --prometheus-timeout.`,
      );
      expect(error.code).toBe('PROMETHEUS_TIMEOUT');
    } finally {
      silent.close();
    }
  });
});

describe.skipIf(PROMETHEUS_SKIP !== null)('a real Prometheus scraping a real uvicorn app', () => {
  let stack: Stack;
  let started = new Date();

  beforeAll(async () => {
    stack = await startStack();
    started = new Date();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const sendTraffic = async () => {
    const plan: Array<[string, string, unknown, number, number]> = [
      ['GET', '/items', undefined, 200, 5],
      ['GET', '/items/1', undefined, 200, 3],
      ['GET', '/items/999', undefined, 404, 2],
      ['POST', '/items', { name: 'Kite', price: 12, category: 'games' }, 201, 1],
      ['POST', '/items', { name: '', price: -1 }, 422, 1],
      ['GET', '/nope', undefined, 404, 2],
      ['DELETE', '/items/1', undefined, 405, 1],
    ];
    for (const [method, path, body, status, times] of plan) {
      for (let count = 0; count < times; count++) {
        expect([method, path, await stack.shop.request(method, path, body)]).toEqual([method, path, status]);
      }
    }
  };

  let first: TrafficWindow;

  it('counts every request per operation and status class, with a plausible p95', async () => {
    await sendTraffic();
    await stack.waitForScrape();
    const source = prometheusTrafficSource({ url: stack.prometheusUrl, selector: `job="${JOB}", env="test"` });
    expect(source.description).toBe(`Prometheus at ${stack.prometheusUrl} (job="shop", env="test")`);
    first = await source.window(new Date(started.getTime() - 1000), new Date());
    const counts = Object.fromEntries(first.operations.map((stats) => [stats.operation, stats.statusClasses]));
    expect(counts).toEqual({
      'GET /items': { '2xx': 5 },
      'GET /items/{item_id}': { '2xx': 3, '4xx': 2 },
      'POST /items': { '2xx': 1, '4xx': 1 },
    });
    expect(first.operations.map((stats) => [stats.operation, stats.requests])).toEqual([
      ['GET /items', 5],
      ['GET /items/{item_id}', 5],
      ['POST /items', 2],
    ]);
    for (const stats of first.operations) {
      // Every request took well under 100 ms: the first bucket (le 0.1) holds them all.
      expect(stats.latencyMs).not.toBeNull();
      expect(stats.latencyMs!.p95).toBeGreaterThan(0);
      expect(stats.latencyMs!.p95).toBeLessThanOrEqual(100);
      expect(stats.latencyMs!.p50).toBeLessThanOrEqual(stats.latencyMs!.p95);
    }
    // The data reaches the last scrape, just before the window's end.
    expect(first.coveredUntil!.getTime()).toBeGreaterThan(Date.now() - 5000);
    expect(first.coveredUntil!.getTime()).toBeLessThanOrEqual(first.to.getTime());
    expect(first.caveats).toEqual([
      "latency is interpolated inside http_request_duration_seconds's few buckets (100 ms, 500 ms, 1 s): a quantile is only known to lie within its bucket, and one above 1 s shows as 1 s",
      '3 requests counted under handler="none" (no route matched): in no operation',
    ]);
  });

  it('reads exact status codes and counts across a restart (a counter reset)', async () => {
    await stack.shop.restart({ SHOP_METRICS_EXACT_STATUS: '1' });
    await stack.shop.request('GET', '/items');
    await stack.shop.request('GET', '/items/999');
    await stack.waitForScrape();
    const source = prometheusTrafficSource({ url: stack.prometheusUrl, selector: `job="${JOB}"` });
    const both = await source.window(new Date(started.getTime() - 1000), new Date());
    const counts = Object.fromEntries(both.operations.map((stats) => [stats.operation, stats.statusClasses]));
    expect(counts).toEqual({
      'GET /items': { '2xx': 6 },
      'GET /items/{item_id}': { '2xx': 3, '4xx': 3 },
      'POST /items': { '2xx': 1, '4xx': 1 },
    });
  });

  it('reads the no-label high-resolution histogram as one latency for the whole service', async () => {
    const source = prometheusTrafficSource({
      url: stack.prometheusUrl,
      selector: `job="${JOB}"`,
      metrics: { duration: 'http_request_duration_highr_seconds' },
    });
    const window = await source.window(new Date(started.getTime() - 1000), new Date());
    expect(window.operations.every((stats) => stats.latencyMs === null)).toBe(true);
    expect(window.caveats[0]).toMatch(
      /^http_request_duration_highr_seconds has no handler\/method labels: no latency per operation; all operations together: p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms$/,
    );
  });

  it('names a missing metric and suggests --prometheus-metric', async () => {
    const source = prometheusTrafficSource({
      url: stack.prometheusUrl,
      selector: `job="${JOB}"`,
      metrics: { requests: 'shop_requests_total' },
    });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toBe(
      `Prometheus at ${stack.prometheusUrl} has no metric shop_requests_total (selector job="shop"); expected the requests metric (similar names there: http_requests_total). Name it with --prometheus-metric requests=NAME, or check that Prometheus scrapes the service; retrying will not help.`,
    );
    expect([error.code, error.exitCode]).toEqual(['PROMETHEUS_METRIC_MISSING', 2]);
  });

  it('still counts without the latency histogram, and says which one is missing', async () => {
    const source = prometheusTrafficSource({
      url: stack.prometheusUrl,
      selector: `job="${JOB}"`,
      metrics: { duration: 'shop_latency_seconds' },
    });
    const window = await source.window(new Date(started.getTime() - 1000), new Date());
    expect(window.operations.find((stats) => stats.operation === 'GET /items')?.latencyMs).toBeNull();
    expect(window.caveats[0]).toBe(
      'no shop_latency_seconds_bucket series for shop_latency_seconds{job="shop"} in Prometheus: no latency (name the histogram with --prometheus-metric duration=NAME)',
    );
  });

  it('names the selector that matches nothing, with the values there are', async () => {
    const source = prometheusTrafficSource({ url: stack.prometheusUrl, selector: 'job="shopp"' });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toBe(
      `No series of http_requests_total{job="shopp"} in Prometheus at ${stack.prometheusUrl} (job values of http_requests_total there: shop); expected the selector to match the service's series. Fix --prometheus-selector; retrying will not help.`,
    );
  });

  it('names a label the series do not have', async () => {
    const source = prometheusTrafficSource({
      url: stack.prometheusUrl,
      selector: `job="${JOB}"`,
      labels: { handler: 'route' },
    });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toBe(
      `The series of http_requests_total{job="shop"} in Prometheus at ${stack.prometheusUrl} have no "route" label; found env, handler, instance, job, method, status; expected labels route, method, status. Name the labels with --prometheus-label (now handler=route); retrying will not help.`,
    );
  });

  it("passes on Prometheus' own query errors", async () => {
    const source = prometheusTrafficSource({ url: stack.prometheusUrl, selector: 'job=~"("' });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toMatch(
      /^Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the query http_requests_total\{job=~"\("\}\[\d+s\]: bad_data: .*error parsing regexp.*; expected a result\. Fix the selector \(--prometheus-selector\) or the metric and label names; retrying will not help\.$/,
    );
    expect(error.code).toBe('PROMETHEUS_QUERY');
  });

  it('says when the URL answers but is not the API', async () => {
    const source = prometheusTrafficSource({ url: `${stack.prometheusUrl}/prefix` });
    const error = await caught(() => source.window(new Date(Date.now() - 60_000), new Date()));
    expect(error.message).toBe(
      `Prometheus at ${stack.prometheusUrl}/prefix answered /api/v1/query with HTTP 404; expected 200 from Prometheus' HTTP API. Check that the URL is the Prometheus server, with its path prefix if it has one; retrying will not help.`,
    );
  });

  it('uses increase() for windows longer than 6 hours, and says so', async () => {
    // increase() sees what a series rose between its scrapes (its first value is lost).
    for (let count = 0; count < 3; count++) await stack.shop.request('GET', '/items');
    await stack.waitForScrape();
    const source = prometheusTrafficSource({ url: stack.prometheusUrl, selector: `job="${JOB}"` });
    const window = await source.window(new Date(Date.now() - 7 * 3_600_000), new Date());
    expect(window.caveats).toContain(
      "counts over windows longer than 6 h are Prometheus' increase(), extrapolated to the window's edges (rounded; requests before a series' first scrape are missing)",
    );
    const items = window.operations.find((stats) => stats.operation === 'GET /items');
    expect(items?.requests).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(PROMETHEUS_SKIP !== null)('a Prometheus behind basic auth', () => {
  // bcrypt of "holdfast-test" (Prometheus' web config stores password hashes only).
  const basicAuth = {
    user: 'holdfast',
    password: 'holdfast-test',
    bcrypt: '$2b$10$HlsQIrq8hpBTNrOEoZZFJ.hzjV.qY6ozRE34uSJ/gGExh4LErEJ2.',
  };
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ basicAuth });
    await stack.shop.request('GET', '/items');
    await stack.waitForScrape();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the URL\u2019s credentials as basic auth, and never shows the password', async () => {
    const url = stack.prometheusUrl.replace('http://', 'http://holdfast:holdfast-test@');
    const source = prometheusTrafficSource({ url, selector: `job="${JOB}"` });
    expect(source.description).toBe(`Prometheus at ${stack.prometheusUrl} (job="shop")`);
    const window = await source.window(new Date(Date.now() - 60_000), new Date());
    expect(window.operations.map((stats) => [stats.operation, stats.requests])).toEqual([['GET /items', 1]]);
  });

  it('says the server wants credentials', async () => {
    const error = await caught(() =>
      prometheusTrafficSource({ url: stack.prometheusUrl }).window(new Date(Date.now() - 60_000), new Date()),
    );
    expect(error.message).toBe(
      `Prometheus at ${stack.prometheusUrl} answered /api/v1/query with HTTP 401 (no credentials were sent); expected 200. Give credentials as user:password@ in the URL, or a bearer token in HOLDFAST_PROMETHEUS_TOKEN; retrying will not help.`,
    );
    const wrong = await caught(() =>
      prometheusTrafficSource({
        url: stack.prometheusUrl.replace('http://', 'http://holdfast:nope@'),
      }).window(new Date(Date.now() - 60_000), new Date()),
    );
    expect(wrong.message).toContain('HTTP 401 (the credentials were refused)');
    expect(wrong.message).not.toContain('nope');
  });
});
