#!/usr/bin/env node
/**
 * Writes deterministic access logs of the example shop (examples/fastapi-shop, v1 contract) in
 * every format holdfast's usage ingest reads, plus, per log, `<name>.expected.json`: the counts a
 * correct ingest must find (per operation, client family, status class; unparseable and
 * unmatched lines), known here because the generator chose every line.
 *
 *   node scripts/generate-sample-logs.js [--lines N] [--hours H] [--seed S] [--out DIR] [--formats a,b]
 *
 * Formats: uvicorn (default access log), gunicorn (default access_log_format + %(D)s
 * microseconds), nginx (combined + $request_time), json (structlog-style JSON lines).
 * Defaults: 400 lines over 3 hours, seed 12, out test/fixtures/usage (the committed samples).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
function option(name, fallback) {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
}
const lineCount = Number(option('lines', '400'));
const seed = Number(option('seed', '12'));
const root = new URL('..', import.meta.url);
const outDir = option('out', new URL('test/fixtures/usage', root).pathname);
const formats = option('formats', 'uvicorn,gunicorn,nginx,json').split(',');
// The log covers about this many hours (requests arrive at random, evenly on average).
const hours = Number(option('hours', '3'));
const meanStepMs = (hours * 3_600_000) / lineCount;

// The contract of the example service (extracted from examples/fastapi-shop/v1, committed).
const contract = JSON.parse(readFileSync(new URL('examples/fastapi-shop/openapi-pydantic2/v1.json', root), 'utf8'));
const operations = [];
for (const [template, item] of Object.entries(contract.paths)) {
  for (const method of Object.keys(item)) {
    if (['get', 'put', 'post', 'delete', 'patch'].includes(method)) {
      operations.push({ method: method.toUpperCase(), template, key: `${method.toUpperCase()} ${template}` });
    }
  }
}

/** mulberry32: small, fast, deterministic. */
function random(seedValue) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clients = [
  ['python-requests/2.31.0', 'python-requests', 'billing-worker'],
  ['okhttp/4.12.0', 'okhttp', 'android-app'],
  ['Dart/3.2 (dart:io)', 'Dart', 'flutter-app'],
  ['curl/8.5.0', 'curl', 'ops'],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Chrome',
    'web',
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox', 'web'],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
    'Safari',
    'web',
  ],
  ['shop-mobile/2.3.1 (iOS 17.2)', 'shop-mobile', 'ios-app'],
];
const unmatchedRequests = [
  ['GET', '/favicon.ico', 'path'],
  ['GET', '/items/3/reviews', 'path'],
  ['GET', '/items/', 'path'],
  ['DELETE', '/items/7', 'method'],
  ['PUT', '/orders', 'method'],
];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const phrases = {
  200: 'OK',
  201: 'Created',
  307: 'Temporary Redirect',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};
const pad = (value) => String(value).padStart(2, '0');
function clfTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function concretePath(template, next) {
  const id = 1 + Math.floor(next() * 500);
  let path = template.replace(/\{[^}]+\}/g, () => String(id));
  const shape = next();
  // Some targets carry a query string or a percent-encoded digit: both must match their template.
  if (shape < 0.1) path += '?limit=10&offset=20';
  else if (shape < 0.13 && path.includes(String(id)))
    path = path.replace(String(id), `%3${String(id)[0]}${String(id).slice(1)}`);
  return path;
}

function generate(format) {
  const next = random(seed + format.length * 7919);
  const expected = {
    format,
    lines: 0,
    blank: 0,
    unparseable: 0,
    firstUnparseableLine: null,
    unmatched: { path: 0, method: 0 },
    matched: 0,
    byOperation: {},
    byClient: {},
    byStatusClass: {},
    byHour: {},
  };
  const out = [];
  let time = Date.UTC(2026, 0, 5, 10, 0, 0);
  const push = (text) => {
    out.push(text);
    expected.lines += 1;
  };
  if (format === 'uvicorn') {
    // What uvicorn prints before serving, on the same stream when both logs go to one file.
    push('INFO:     Started server process [4242]');
    push('INFO:     Waiting for application startup.');
    expected.unparseable += 2;
    expected.firstUnparseableLine = 1;
  }
  while (expected.lines < lineCount) {
    time += Math.floor(next() * 2 * meanStepMs);
    const roll = next();
    if (roll < 0.01) {
      push('');
      expected.blank += 1;
      continue;
    }
    if (roll < 0.02) {
      const bad =
        format === 'json'
          ? '{"event": "request", "method": "GET", "path": "/items"'
          : format === 'uvicorn'
            ? 'WARNING:  Invalid HTTP request received.'
            : `10.0.0.9 - - [${clfTime(time)}] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01" 400 157 "-" "-"`;
      push(bad);
      expected.unparseable += 1;
      expected.firstUnparseableLine ??= expected.lines;
      continue;
    }
    const [userAgent, family, clientId] = clients[Math.floor(next() * clients.length)];
    const address = `10.0.${Math.floor(next() * 4)}.${1 + Math.floor(next() * 200)}`;
    const port = 30000 + Math.floor(next() * 30000);
    let method;
    let path;
    let status;
    let operation;
    if (roll < 0.06) {
      const [m, p, reason] = unmatchedRequests[Math.floor(next() * unmatchedRequests.length)];
      method = m;
      path = p;
      status = reason === 'method' ? 405 : p === '/items/' ? 307 : 404;
      expected.unmatched[reason] += 1;
    } else {
      operation = operations[Math.floor(next() * operations.length)];
      method = operation.method;
      path = concretePath(operation.template, next);
      const outcome = next();
      status = method === 'POST' ? 201 : 200;
      if (outcome < 0.05) status = 404;
      else if (outcome < 0.08) status = 422;
      else if (outcome < 0.1) status = 500;
    }
    // Lognormal-ish latency; GET /orders/{order_id} is the slow one.
    const base = operation?.key === 'GET /orders/{order_id}' ? 120 : 15;
    const durationMs = base * Math.exp((next() + next() + next() - 1.5) * 1.2);
    let line;
    if (format === 'uvicorn') {
      line = `INFO:     ${address}:${port} - "${method} ${path} HTTP/1.1" ${status} ${phrases[status] ?? 'Method Not Allowed'}`;
    } else if (format === 'gunicorn') {
      line = `${address} - - [${clfTime(time)}] "${method} ${path} HTTP/1.1" ${status} ${100 + Math.floor(next() * 900)} "-" "${userAgent}" ${Math.round(durationMs * 1000)}`;
    } else if (format === 'nginx') {
      line = `${address} - - [${clfTime(time)}] "${method} ${path} HTTP/1.1" ${status} ${100 + Math.floor(next() * 900)} "https://shop.example/" "${userAgent}" ${(durationMs / 1000).toFixed(3)}`;
    } else {
      line = JSON.stringify({
        event: 'request',
        timestamp: new Date(time).toISOString(),
        method,
        path,
        status_code: status,
        duration_ms: Math.round(durationMs * 1000) / 1000,
        client_addr: `${address}:${port}`,
        user_agent: userAgent,
        x_client_id: clientId,
      });
    }
    push(line);
    if (operation) {
      expected.matched += 1;
      expected.byOperation[operation.key] = (expected.byOperation[operation.key] ?? 0) + 1;
      const client = format === 'uvicorn' ? '(unknown)' : family;
      expected.byClient[client] = (expected.byClient[client] ?? 0) + 1;
      const statusClass = `${String(status)[0]}xx`;
      expected.byStatusClass[statusClass] = (expected.byStatusClass[statusClass] ?? 0) + 1;
      if (format !== 'uvicorn') {
        const hour = new Date(time - (time % 3_600_000)).toISOString();
        expected.byHour[hour] = (expected.byHour[hour] ?? 0) + 1;
      }
    }
  }
  return { text: `${out.join('\n')}\n`, expected };
}

mkdirSync(outDir, { recursive: true });
for (const format of formats) {
  const { text, expected } = generate(format);
  writeFileSync(join(outDir, `${format}.log`), text);
  if (lineCount <= 10_000)
    writeFileSync(join(outDir, `${format}.expected.json`), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${join(outDir, `${format}.log`)}: ${expected.lines} lines`);
}
