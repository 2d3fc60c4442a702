#!/usr/bin/env node
// Registry benchmark (docs/performance.md, "Registry"): fills a fresh database with 200 services,
// 20,000 versions and 100,000 deployments in one transaction, prints the query plans of the hot
// queries, and times the store part of can-i-deploy, rollback plan and history (everything but
// the diff) on it. SQLite always; PostgreSQL too when HOLDFAST_BENCH_DATABASE_URL or
// HOLDFAST_TEST_DATABASE_URL is set:
//
//   npm run build && node scripts/registry-bench.js
//   bash scripts/with-postgres.sh node scripts/registry-bench.js
//
// It runs the same query builders as the registry (dist/store/queries.js), so the plans shown are
// the plans the commands get.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';

const root = new URL('..', import.meta.url);
const { parseSource } = await import(new URL('dist/load/index.js', root).href);
const { openStore } = await import(new URL('dist/store/index.js', root).href);
const queries = await import(new URL('dist/store/queries.js', root).href);
const registry = await import(new URL('dist/registry/index.js', root).href);

const SERVICES = 200;
const VERSIONS_PER_SERVICE = 100; // 20,000 versions
const DOCUMENTS_PER_SERVICE = 25; // versions share contracts, as real ones do
const ENVIRONMENTS = ['dev', 'qa', 'staging', 'production', 'canary'];
const DEPLOYMENTS_PER_SERVICE_AND_ENV = 100; // 200 * 5 * 100 = 100,000 deployments
const SAMPLES = 300;
const BATCH = 1000;

// Deterministic pseudo-random numbers, so every run fills the same data.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (items) => items[Math.floor(random() * items.length)];

const petstorePath = new URL('examples/petstore/base.yaml', root);
const petstore = parseSource(
  { uri: petstorePath.pathname, displayName: 'base.yaml', text: readFileSync(petstorePath, 'utf8') },
  'base',
).root;

function documentFor(service, index) {
  const document = structuredClone(petstore);
  document.info = { ...document.info, title: service, version: String(index) };
  const text = `${registry.canonicalJson(document)}\n`;
  return { hash: createHash('sha256').update(text).digest('hex'), content: text, size_bytes: Buffer.byteLength(text) };
}

const iso = (minutes) => new Date(Date.UTC(2023, 0, 1) + minutes * 60_000).toISOString();

async function insertAll(trx, table, rows) {
  for (let start = 0; start < rows.length; start += BATCH) {
    await trx
      .insertInto(table)
      .values(rows.slice(start, start + BATCH))
      .execute();
  }
}

/** Fills `store` with the benchmark registry (bench/server.js serves the same data). */
export async function fill(store) {
  seed = 42;
  const started = performance.now();
  const counts = await store.transaction('write', async (trx) => {
    const services = Array.from({ length: SERVICES }, (_, index) => ({
      id: index + 1,
      name: `service-${String(index).padStart(3, '0')}`,
      created_at: iso(0),
      updated_at: iso(0),
    }));
    await insertAll(trx, 'services', services);
    const environments = ENVIRONMENTS.map((name, index) => ({ id: index + 1, name, created_at: iso(0) }));
    await insertAll(trx, 'environments', environments);

    const documents = [];
    const versions = [];
    for (const service of services) {
      const hashes = [];
      for (let index = 0; index < DOCUMENTS_PER_SERVICE; index++) {
        const document = documentFor(service.name, index);
        documents.push({ ...document, created_at: iso(index) });
        hashes.push(document.hash);
      }
      for (let index = 0; index < VERSIONS_PER_SERVICE; index++) {
        const at = iso(index * 60);
        versions.push({
          id: versions.length + 1,
          service_id: service.id,
          label: `1.${index}.0`,
          // Every 50th version was deployed without being published.
          document_hash:
            index % 50 === 49 ? null : hashes[Math.floor((index * DOCUMENTS_PER_SERVICE) / VERSIONS_PER_SERVICE)],
          created_at: at,
          published_at: index % 50 === 49 ? null : at,
          git_branch: 'main',
          git_commit: randomBytes(20).toString('hex'),
        });
      }
    }
    await insertAll(trx, 'documents', documents);
    await insertAll(trx, 'versions', versions);

    const deployments = [];
    const rollbacks = [];
    for (const service of services) {
      const firstVersion = (service.id - 1) * VERSIONS_PER_SERVICE + 1;
      for (const environment of environments) {
        let version = 0;
        for (let index = 0; index < DEPLOYMENTS_PER_SERVICE_AND_ENV; index++) {
          version = Math.min(VERSIONS_PER_SERVICE - 1, version + (random() < 0.9 ? 1 : 0));
          const last = index === DEPLOYMENTS_PER_SERVICE_AND_ENV - 1;
          deployments.push({
            id: deployments.length + 1,
            service_id: service.id,
            version_id: firstVersion + version,
            environment_id: environment.id,
            deployed_at: iso(index * 60 + environment.id * 7),
            owner: pick(['ana', 'bob', 'carol', 'dev-bot']),
            expected_result: 'p95 < 300 ms, error rate flat',
            rollback_note: random() < 0.5 ? `redeploy the previous version of ${service.name}` : null,
            status: last ? 'live' : random() < 0.02 ? 'rolled_back' : 'replaced',
          });
          const row = deployments.at(-1);
          if (row.status === 'rolled_back') {
            rollbacks.push({
              service_id: service.id,
              environment_id: environment.id,
              from_version_id: row.version_id,
              to_version_id: row.version_id,
              from_deployment_id: row.id,
              to_deployment_id: row.id,
              rolled_back_at: row.deployed_at,
              rolled_back_by: 'ana',
              reason: 'bench',
            });
          }
        }
      }
    }
    await insertAll(trx, 'deployments', deployments);
    await insertAll(trx, 'rollbacks', rollbacks);
    return {
      documents: documents.length,
      versions: versions.length,
      deployments: deployments.length,
      rollbacks: rollbacks.length,
    };
  });
  if (store.dialect === 'postgres') {
    // Rows inserted with explicit ids: move the identity sequences past them.
    for (const table of ['services', 'environments', 'versions', 'deployments']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        store.db,
      );
    }
  }
  // Fresh statistics (and, on PostgreSQL, the visibility map) as a long-running database would have.
  await (store.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(store.db);
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}

async function explain(store, compiled) {
  if (store.dialect === 'sqlite') {
    const result = await store.db.executeQuery(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    return result.rows.map((row) => row.detail).join('\n');
  }
  const result = await store.db.executeQuery(
    CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${compiled.sql}`, [
      ...compiled.parameters,
    ]),
  );
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

const ms = (value) => `${value.toFixed(2)} ms`;

async function time(label, work) {
  // Warm up first: JIT, the pool's connections, the database's caches.
  for (let index = 0; index < 50; index++) await work(SAMPLES + index);
  const samples = [];
  for (let index = 0; index < SAMPLES; index++) {
    const started = performance.now();
    await work(index);
    samples.push(performance.now() - started);
  }
  const { median, p95, max } = stats(samples);
  return { label, median, p95, max };
}

/** Median wall time of the real command, Node start-up included, as a user or CI job runs it. */
function timeCli(args, env) {
  const bin = new URL('bin/holdfast.js', root).pathname;
  const samples = [];
  for (let index = 0; index < 11; index++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, ...args, '--format', 'json'], {
      env: { ...process.env, HOLDFAST_DB: '', HOLDFAST_DATABASE_URL: '', ...env },
      encoding: 'utf8',
    });
    samples.push(performance.now() - started);
    if (run.status !== 0 && run.status !== 1) throw new Error(`holdfast ${args.join(' ')} failed:\n${run.stderr}`);
  }
  return stats(samples).median;
}

async function bench(name, config, cliEnv) {
  const started = performance.now();
  let store = await openStore(config);
  const openFresh = performance.now() - started;
  const filled = await fill(store);
  await store.close();
  const reopened = performance.now();
  store = await openStore(config);
  const openExisting = performance.now() - reopened;

  const serviceName = (index) => `service-${String(index % SERVICES).padStart(3, '0')}`;
  const environmentName = (index) => ENVIRONMENTS[index % ENVIRONMENTS.length];
  const location = store.location;

  // Plans for one representative service and environment.
  const sample = await store.db
    .selectFrom('services')
    .select('id')
    .where('name', '=', 'service-123')
    .executeTakeFirstOrThrow();
  const env = await store.db
    .selectFrom('environments')
    .select('id')
    .where('name', '=', 'production')
    .executeTakeFirstOrThrow();
  const live = await queries.liveDeploymentQuery(store.db, sample.id, env.id).executeTakeFirstOrThrow();
  const plans = [
    ['live deployment (can-i-deploy, rollback plan, deploy)', queries.liveDeploymentQuery(store.db, sample.id, env.id)],
    [
      'previous deployment of another version (rollback plan target)',
      queries.previousDeploymentQuery(
        store.db,
        sample.id,
        env.id,
        { at: live.deployed_at, id: live.id },
        live.version_id,
      ),
    ],
    ['history page: deployments in one environment', queries.historyDeploymentsQuery(store.db, sample.id, env.id, 51)],
    ['history page: deployments in all environments', queries.historyDeploymentsQuery(store.db, sample.id, null, 51)],
    ['history page: versions', queries.historyVersionsQuery(store.db, sample.id, 51)],
    [
      'published versions of a service (version order for history, closest labels for deploy)',
      queries.publishedVersionsQuery(store.db, sample.id),
    ],
    [
      'rollbacks in an environment, not undone (rollback plan, deploy of a rolled-back version)',
      queries.rollbacksInEnvironmentQuery(store.db, sample.id, env.id, null, 10),
    ],
    ['history page: corrections', queries.historyCorrectionsQuery(store.db, sample.id, null, null, 51)],
    [
      'deployment of a version before another (rollback record)',
      queries.deploymentOfVersionBeforeQuery(store.db, sample.id, env.id, live.version_id, {
        at: live.deployed_at,
        id: live.id,
      }),
    ],
    ['version by label', queries.versionByLabelQuery(store.db, sample.id, '1.42.0')],
  ];
  const explained = [];
  for (const [label, query] of plans)
    explained.push([label, query.compile().sql, await explain(store, query.compile())]);

  const timings = [
    await time('can-i-deploy, store part', (index) =>
      store.transaction('read', (trx) =>
        registry.readCanIDeployState(
          trx,
          { service: serviceName(index * 7), version: '1.20.0', environment: environmentName(index) },
          location,
        ),
      ),
    ),
    await time('rollback plan, store part', (index) =>
      store.transaction('read', (trx) =>
        registry.readRollbackPlanState(
          trx,
          { service: serviceName(index * 11), environment: environmentName(index) },
          location,
        ),
      ),
    ),
    await time('history (50 events), store part', (index) =>
      store.transaction('read', (trx) =>
        registry.readHistoryState(trx, { service: serviceName(index * 13), environment: null, limit: 50 }, location),
      ),
    ),
    await time('can-i-deploy, whole (diff of two ~10 KB contracts included)', (index) =>
      registry.canIDeploy(
        store,
        { service: serviceName(index * 7), version: '1.20.0', environment: environmentName(index) },
        { cwd: process.cwd() },
      ),
    ),
  ];
  await store.close();
  const cli = [
    [
      'holdfast can-i-deploy --service service-123 --version 1.20.0 --to production',
      timeCli(['can-i-deploy', '--service', 'service-123', '--version', '1.20.0', '--to', 'production'], cliEnv),
    ],
    [
      'holdfast rollback plan --service service-123 --env production',
      timeCli(['rollback', 'plan', '--service', 'service-123', '--env', 'production'], cliEnv),
    ],
    ['holdfast --help', timeCli(['--help'], cliEnv), ' (Node start-up and CLI load, for reference)'],
  ];
  return { name, filled, openFresh, openExisting, explained, timings, cli };
}

function report(result) {
  const lines = [
    `### ${result.name}`,
    '',
    `Filled ${result.filled.versions.toLocaleString('en')} versions (${result.filled.documents.toLocaleString('en')} distinct documents), ` +
      `${result.filled.deployments.toLocaleString('en')} deployments and ${result.filled.rollbacks.toLocaleString('en')} rollbacks for ${SERVICES} services ` +
      `in one transaction: ${result.filled.seconds.toFixed(1)} s. Opening the store (connect + migration check): ` +
      `${ms(result.openFresh)} on an empty database, ${ms(result.openExisting)} on the filled one.`,
    '',
    `| Operation (${SAMPLES} runs, random services and environments) | median | p95 | max |`,
    '| --- | ---: | ---: | ---: |',
    ...result.timings.map((row) => `| ${row.label} | ${ms(row.median)} | ${ms(row.p95)} | ${ms(row.max)} |`),
    '',
    '| Whole command in a new process (11 runs, `--format json`) | median |',
    '| --- | ---: |',
    ...result.cli.map(([label, median, note = '']) => `| \`${label}\`${note} | ${ms(median)} |`),
    '',
  ];
  for (const [label, query, plan] of result.explained) {
    lines.push(`**${label}**`, '', '```sql', query, '```', '', '```', plan, '```', '');
  }
  return lines.join('\n');
}

// Imported by bench/server.js for `fill` only; run as a script, it benchmarks.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folder = mkdtempSync(join(tmpdir(), 'holdfast-registry-bench-'));
  const outputs = [];
  try {
    const path = join(folder, 'registry.db');
    outputs.push(report(await bench('SQLite', { kind: 'sqlite', path }, { HOLDFAST_DB: path })));
    const url = process.env.HOLDFAST_BENCH_DATABASE_URL || process.env.HOLDFAST_TEST_DATABASE_URL;
    if (url) {
      const schema = `bench_${randomBytes(4).toString('hex')}`;
      try {
        const withSchema = new URL(url);
        withSchema.searchParams.set('schema', schema);
        outputs.push(
          report(
            await bench(
              'PostgreSQL',
              { kind: 'postgres', url, schema },
              { HOLDFAST_DATABASE_URL: withSchema.toString() },
            ),
          ),
        );
      } finally {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    } else {
      outputs.push('PostgreSQL: skipped (set HOLDFAST_BENCH_DATABASE_URL, or run under scripts/with-postgres.sh).\n');
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(outputs.join('\n'));
}
