#!/usr/bin/env node
// Load benchmark of `holdfast serve` on loopback (docs/performance.md, "Server"): the 20,000-version
// registry of scripts/registry-bench.js (200 services, 100,000 deployments) in a SQLite file, the
// server in its own process (the built CLI), autocannon driving it from this one.
//
//   npm run build && node bench/server.js [--seconds 10] [--connections 50] [--workers 1]
//
// 1. Reads: each endpoint alone for --seconds, --connections keep-alive connections, a random
//    service per request: requests/s and latency percentiles; first on a server that keeps no
//    answers (--cache-mb 0), then on one with the default answer cache.
// 2. Writes: 50 concurrent clients (25 publishers, 25 deployers) for --seconds; every write the
//    server acknowledged (200) must be in the registry afterwards, read back from the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const root = new URL('..', import.meta.url);
const { openStore } = await import(new URL('dist/store/index.js', root).href);
const registry = await import(new URL('dist/registry/index.js', root).href);
const { fill } = await import(new URL('scripts/registry-bench.js', root).href);

const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
};
const SECONDS = argument('--seconds', 10);
const CONNECTIONS = argument('--connections', 50);
const WRITERS = 50;
const WORKERS = argument('--workers', 1);

/**
 * CPU time (user + system, ms) the server process has used, from /proc (Linux; 0 elsewhere): the
 * server's cost per request, whatever share of the cores the load generator takes.
 */
const cpuMs = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};

const service = () => `service-${String(Math.floor(Math.random() * 200)).padStart(3, '0')}`;
const version = () => `1.${Math.floor(Math.random() * 98)}.0`;

const folder = mkdtempSync(join(tmpdir(), 'holdfast-server-bench-'));
const path = join(folder, 'registry.db');
let child;
try {
  const store = await openStore({ kind: 'sqlite', path });
  const filled = await fill(store);
  const read = (await registry.createToken(store, { name: 'bench-read', role: 'read' }, { cwd: folder })).token;
  const deploy = (await registry.createToken(store, { name: 'bench-deploy', role: 'deploy' }, { cwd: folder })).token;
  await registry.createToken(store, { name: 'bench-admin', role: 'admin' }, { cwd: folder });
  await store.close();
  console.log(
    `registry: ${filled.versions} versions, ${filled.deployments} deployments (filled in ${filled.seconds.toFixed(1)} s); ${WORKERS} server worker(s); node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`,
  );

  const startServer = async (extra) => {
    const server = spawn(
      process.execPath,
      [
        new URL('bin/holdfast.js', root).pathname,
        'serve',
        '--port',
        '0',
        '--registry',
        path,
        '--log-level',
        'warn',
        '--workers',
        String(WORKERS),
        ...extra,
      ],
      { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const found = await new Promise((resolve, reject) => {
      let stderr = '';
      server.stderr.setEncoding('utf8').on('data', (chunk) => {
        stderr += chunk;
        const address = /listening on (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
        if (address) resolve(address);
      });
      server.on('close', (code) => reject(new Error(`holdfast serve exited ${code}: ${stderr}`)));
    });
    return { server, found };
  };
  const stopServer = async (server) => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('close', resolve));
  };

  const readEndpoints = [
    ['GET /api/v1/services', () => ({ method: 'GET', path: '/api/v1/services' })],
    ['GET /api/v1/services/{s}/versions', () => ({ method: 'GET', path: `/api/v1/services/${service()}/versions` })],
    [
      'GET /api/v1/services/{s}/versions/{v} (a stored contract)',
      () => ({ method: 'GET', path: `/api/v1/services/${service()}/versions/1.${Math.floor(Math.random() * 48)}.0` }),
    ],
    [
      'GET /api/v1/services/{s}/history?environment=production&limit=5',
      () => ({ method: 'GET', path: `/api/v1/services/${service()}/history?environment=production&limit=5` }),
    ],
    [
      'POST /api/v1/can-i-deploy (diffs two contracts)',
      () => ({
        method: 'POST',
        path: '/api/v1/can-i-deploy',
        headers: { authorization: `Bearer ${read}`, 'content-type': 'application/json' },
        body: JSON.stringify({ service: service(), version: version(), environment: 'production', allowUnknown: true }),
      }),
    ],
  ];
  // Reads: on a server that keeps no answers (--cache-mb 0: every request computes its answer),
  // then on one with the default cache, twice: the first pass starts from nothing (random keys:
  // the first request for each key computes), the second shows the same server warm (diffs
  // computed once per pair of stored contracts, answers kept until the registry changes).
  const modes = [
    ['no answer cache (--cache-mb 0), fresh server', ['--cache-mb', '0'], 1],
    ['answer cache (default), fresh server, then the same endpoints again on the same server', [], 2],
  ];
  for (const [mode, extra, passes] of modes) {
    const { server, found } = await startServer(extra);
    const url = found;
    child = server;
    for (let pass = 1; pass <= passes; pass++) {
      console.log(`\n${mode}${passes > 1 ? `: pass ${pass}` : ''}:`);
      const rows = [];
      console.log('| endpoint | requests/s | p50 ms | p99 ms | max ms | non-2xx/errors | server CPU ms/request |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const [label, make] of readEndpoints) {
        // A short warm-up first (JIT, SQLite page cache), not counted.
        await autocannon({
          url,
          connections: CONNECTIONS,
          duration: 1,
          headers: { authorization: `Bearer ${read}` },
          requests: [{ setupRequest: (request) => ({ ...request, ...make() }) }],
        });
        const cpuBefore = cpuMs(server.pid);
        const result = await autocannon({
          url,
          connections: CONNECTIONS,
          duration: SECONDS,
          headers: { authorization: `Bearer ${read}` },
          requests: [{ setupRequest: (request) => ({ ...request, ...make() }) }],
        });
        const bad = result.non2xx + result.errors + result.timeouts;
        const cpu = cpuMs(server.pid) - cpuBefore;
        const perRequest = result.requests.total > 0 ? (cpu / result.requests.total).toFixed(2) : '?';
        rows.push(
          `| ${label} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${bad} | ${perRequest} |`,
        );
        console.log(rows.at(-1));
      }
      console.log(
        `(load average during the reads: ${loadavg()
          .map((value) => value.toFixed(1))
          .join(', ')})`,
      );
    }
    await stopServer(server);
    child = undefined;
  }

  const writeServer = await startServer([]);
  child = writeServer.server;
  const url = writeServer.found;

  // Writes: publishers publish new versions of the petstore contract; deployers deploy them.
  const contract = readFileSync(new URL('examples/petstore/base.yaml', root), 'utf8');
  const acknowledged = { publish: [], deploy: [] };
  const refused = { retryable: 0, other: 0 };
  const latencies = [];
  const deadline = Date.now() + SECONDS * 1000;
  const post = async (route, body) => {
    const started = performance.now();
    const response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deploy}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status === 200) return true;
    if (response.status === 503) refused.retryable++;
    else refused.other++;
    return false;
  };
  const writers = Array.from({ length: WRITERS }, async (_, writer) => {
    const target = `service-${String(writer).padStart(3, '0')}`;
    for (let index = 0; Date.now() < deadline; index++) {
      const label = `9.${writer}.${index}`;
      if (writer % 2 === 0) {
        if (await post('/api/v1/publish', { service: target, version: label, contract })) {
          acknowledged.publish.push([target, label]);
        }
      } else {
        const environment = `bench-${index % 3}`;
        const body = {
          service: target,
          version: `1.${index % 98}.0`,
          environment,
          owner: 'bench',
          allowUnpublished: true,
          force: true,
        };
        if (await post('/api/v1/deploy', body)) acknowledged.deploy.push([target, body.version, environment]);
      }
    }
  });
  const writeStarted = performance.now();
  await Promise.all(writers);
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);

  // Every acknowledged write must be in the file, read back after the server stopped.
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('close', resolve));
  child = undefined;
  const check = await openStore({ kind: 'sqlite', path });
  let missing = 0;
  try {
    for (const [target, label] of acknowledged.publish) {
      const row = await check.db
        .selectFrom('versions')
        .innerJoin('services', 'services.id', 'versions.service_id')
        .select('versions.id')
        .where('services.name', '=', target)
        .where('versions.label', '=', label)
        .where('versions.document_hash', 'is not', null)
        .executeTakeFirst();
      if (row === undefined) missing++;
    }
    const deployments = await check.db
      .selectFrom('deployments')
      .innerJoin('environments', 'environments.id', 'deployments.environment_id')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('environments.name', 'like', 'bench-%')
      .executeTakeFirstOrThrow();
    // A repeat of the live deployment records nothing ("unchanged"): rows <= acknowledged deploys.
    const deployRows = Number(deployments.count);
    console.log('');
    console.log(
      `writes: ${WRITERS} clients for ${writeSeconds.toFixed(1)} s: ${acknowledged.publish.length} publishes and ${acknowledged.deploy.length} deploys acknowledged (${Math.round((acknowledged.publish.length + acknowledged.deploy.length) / writeSeconds)} writes/s; p50 ${p(0.5)} ms, p99 ${p(0.99)} ms); refused: ${refused.retryable} retryable (503), ${refused.other} other`,
    );
    console.log(
      `after the run: ${acknowledged.publish.length - missing} of ${acknowledged.publish.length} acknowledged publishes present (${missing} missing); ${deployRows} deployment rows for ${acknowledged.deploy.length} acknowledged deploys (repeats of a live deployment record nothing)`,
    );
    if (missing > 0) process.exitCode = 1;
  } finally {
    await check.close();
  }
} finally {
  child?.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}
