#!/usr/bin/env node
/**
 * Sends real HTTP traffic to the example shop (examples/fastapi-shop) for trying `holdfast usage`
 * and `holdfast deploy compare` (docs/usage.md): a fixed mix of its operations, several client
 * user agents, spread over a duration.
 *
 *   node scripts/send-traffic.js [--base http://127.0.0.1:8000] [--requests 300] [--seconds 0]
 *                                [--concurrency 4] [--user-agent UA] [--seed 1] [--wait 15]
 *
 * --seconds spreads the requests evenly over that many seconds (0: as fast as the server answers).
 * --user-agent sends every request with that one user agent instead of the mix. --wait gives a
 * server started just before (`uvicorn ... &` on the line above) that many seconds to accept
 * connections; the wait opens TCP connections only, so it adds nothing to the access log. Prints,
 * per operation, how many requests got which status, and exits 0; exits 2 when the server cannot be
 * reached.
 */
import { connect } from 'node:net';

const args = process.argv.slice(2);
function option(name, fallback) {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
}
const base = option('base', 'http://127.0.0.1:8000').replace(/\/$/, '');
const total = Number(option('requests', '300'));
const seconds = Number(option('seconds', '0'));
const concurrency = Number(option('concurrency', '4'));
const fixedAgent = option('user-agent', undefined);
const seed = Number(option('seed', '1'));
const waitSeconds = Number(option('wait', '15'));
if (
  !Number.isInteger(total) ||
  total < 1 ||
  !(seconds >= 0) ||
  !Number.isInteger(concurrency) ||
  concurrency < 1 ||
  !(waitSeconds >= 0)
) {
  console.error(
    'send-traffic: --requests and --concurrency need whole numbers of at least 1, --seconds and --wait 0 or more.',
  );
  process.exit(2);
}

/** Resolves once the server accepts a TCP connection, or with the last error after `waitSeconds`. */
async function waitForServer() {
  const url = new URL(base);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const error = await new Promise((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', (cause) => {
        socket.destroy();
        resolve(cause);
      });
    });
    if (error === undefined) return undefined;
    if (Date.now() >= deadline) return error;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const notListening = await waitForServer();
if (notListening !== undefined) {
  console.error(
    `send-traffic: could not reach ${base} within ${waitSeconds} s: ${notListening.code ?? notListening.message}; expected the example shop running there.`,
  );
  process.exit(2);
}

/** mulberry32: the same mix for the same seed. */
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
const next = random(seed);

const agents = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'okhttp/4.12.0',
  'shop-mobile/2.3.1 (iOS 17.2)',
  'python-requests/2.31.0',
];
const json = { 'content-type': 'application/json' };
let createdOrders = 0;
// [weight, operation, () => request]
const mix = [
  [30, 'GET /items', () => ({ method: 'GET', path: next() < 0.3 ? '/items?limit=1' : '/items' })],
  [30, 'GET /items/{item_id}', () => ({ method: 'GET', path: `/items/${1 + Math.floor(next() * 2)}` })],
  [10, 'GET /users/{user_id}', () => ({ method: 'GET', path: '/users/1' })],
  [
    10,
    'POST /orders',
    () => ({
      method: 'POST',
      path: '/orders',
      body: JSON.stringify({ user_id: 1, lines: [{ item_id: 1, quantity: 1 + Math.floor(next() * 3) }] }),
    }),
  ],
  [15, 'GET /orders/{order_id}', () => ({ method: 'GET', path: `/orders/${Math.max(1, createdOrders)}` })],
  [
    5,
    'POST /items',
    () => ({ method: 'POST', path: '/items', body: JSON.stringify({ name: 'Kite', price: 12, category: 'games' }) }),
  ],
];
const totalWeight = mix.reduce((sum, [weight]) => sum + weight, 0);

function pick() {
  let roll = next() * totalWeight;
  for (const entry of mix) {
    roll -= entry[0];
    if (roll < 0) return entry;
  }
  return mix[0];
}

const plan = Array.from({ length: total }, (_, index) => {
  const [, operation, build] = pick();
  return { index, operation, agent: fixedAgent ?? agents[Math.floor(next() * agents.length)], ...build() };
});
const counts = new Map();
const started = Date.now();
let cursor = 0;
let unreachable;

async function worker() {
  while (cursor < plan.length && unreachable === undefined) {
    const request = plan[cursor++];
    if (seconds > 0) {
      const due = started + (request.index * seconds * 1000) / total;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    let status;
    try {
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        body: request.body,
        headers: { 'user-agent': request.agent, ...(request.body ? json : {}) },
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      unreachable = error;
      return;
    }
    if (request.operation === 'POST /orders' && status === 201) createdOrders++;
    const byStatus = counts.get(request.operation) ?? new Map();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    counts.set(request.operation, byStatus);
  }
}

await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
if (unreachable !== undefined) {
  const reason = unreachable.cause?.code ?? unreachable.message;
  console.error(`send-traffic: could not reach ${base}: ${reason}; expected the example shop running there.`);
  process.exit(2);
}
const elapsed = (Date.now() - started) / 1000;
console.log(`Sent ${total} requests to ${base} in ${elapsed.toFixed(1)} s:`);
for (const [, operation] of mix) {
  const byStatus = counts.get(operation);
  if (byStatus === undefined) continue;
  const statuses = [...byStatus.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([status, count]) => `${status} x${count}`)
    .join(', ');
  console.log(`  ${operation}: ${statuses}`);
}
