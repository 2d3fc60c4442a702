/**
 * Findings ranked by real calls (issue 12): the built CLI (bin/holdfast.js) runs `diff`, `check`,
 * `can-i-deploy` with `--usage ENV[:DAYS]` and `--ignore-unused`, and `rollback plan`, against a
 * registry on SQLite and PostgreSQL that holds usage ingested from a real nginx access log. Checks
 * the report text, the JSON fields, the exit statuses and the exact error messages.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageByOperation } from '../../src/registry/index.js';
import { openStore } from '../../src/store/index.js';
import { BACKENDS, type TestDatabase } from './_backends.js';

const BIN = fileURLToPath(new URL('../../bin/holdfast.js', import.meta.url));
const EXAMPLES = new URL('../../examples/fastapi-shop/openapi-pydantic2/', import.meta.url);
const readContract = (name: string): { paths: Record<string, Record<string, unknown>> } & Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An nginx combined log line's time: `03/Dec/2026:07:44:05 +0000`. */
function nginxTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** `count` requests per entry, one second apart, ending at `at`. */
function nginxLog(at: Date, entries: Array<[count: number, request: string, userAgent: string]>): string {
  const lines: string[] = [];
  let second = 0;
  for (const [count, request, userAgent] of entries) {
    for (let index = 0; index < count; index++) {
      const time = new Date(at.getTime() - second++ * 1000);
      lines.push(
        `10.0.0.${index % 250} - - [${nginxTime(time)}] "${request} HTTP/1.1" 200 120 "-" "${userAgent}" 0.012`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(BACKENDS)('usage-ranked findings on $name', (backend) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await backend.create();
    const folder = database.folder;
    // The examples as committed, so findings cite their lines.
    copyFileSync(new URL('v1.json', EXAMPLES), join(folder, 'v1.json'));
    copyFileSync(new URL('v2-breaking.json', EXAMPLES), join(folder, 'v2-breaking.json'));
    // The same breaking change, with GET /items/{item_id} spelled /items/{id}: usage counted
    // against v1's spelling must still reach its findings.
    const renamed = readContract('v2-breaking.json');
    const item = renamed.paths['/items/{item_id}'] as { get: { parameters: Array<{ name: string }> } };
    item.get.parameters[0].name = 'id';
    delete renamed.paths['/items/{item_id}'];
    renamed.paths['/items/{id}'] = item;
    writeFileSync(join(folder, 'v2-renamed.json'), JSON.stringify(renamed));
    // Only GET /users/{user_id} removed: breaking, on an operation nobody calls.
    const withoutUsers = readContract('v1.json');
    delete withoutUsers.paths['/users/{user_id}'];
    writeFileSync(join(folder, 'v1-without-users.json'), JSON.stringify(withoutUsers));
    // GET /users/{user_id}/orders added: what a rollback to v1 removes.
    const withOrders = readContract('v1.json');
    const user = JSON.parse(JSON.stringify(withOrders.paths['/users/{user_id}'])) as {
      get: { operationId: string };
    };
    user.get.operationId = 'user_orders_users__user_id__orders_get';
    withOrders.paths['/users/{user_id}/orders'] = user;
    writeFileSync(join(folder, 'v1-with-orders.json'), JSON.stringify(withOrders));
    writeFileSync(
      join(folder, 'access.log'),
      nginxLog(new Date(Date.now() - 2 * HOUR), [
        [40, 'POST /orders', 'shop-mobile/2.1 (iOS 17)'],
        [12, 'POST /orders', 'curl/8.5.0'],
        [25, 'GET /items', 'python-requests/2.31.0'],
        [7, 'GET /items/3', 'curl/8.5.0'],
        [3, 'POST /items', 'okhttp/4.12.0'],
      ]),
    );
  });

  afterEach(async () => {
    await database.dispose();
  });

  function holdfastWith(env: Record<string, string>, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [BIN, ...args], {
      cwd: database.folder,
      env: { ...process.env, ...database.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
      encoding: 'utf8',
    });
  }

  function holdfast(...args: string[]): SpawnSyncReturns<string> {
    return holdfastWith({}, ...args);
  }

  function ok(...args: string[]): string {
    const result = holdfast(...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout;
  }

  /** shop 1.0.0 live in prod, with the access log ingested against it. */
  function deployedWithUsage(): void {
    ok('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json');
    ok('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'prod');
    expect(ok('usage', 'ingest', '--service', 'shop', '--env', 'prod', '--version', '1.0.0', 'access.log')).toMatch(
      /^Ingested 1 file for shop in prod \(contract 1\.0\.0\): 87 lines, 87 matched, 0 unparseable, 0 unmatched\n/,
    );
  }

  /** The finding headers and usage lines of a text report, in order. */
  function outline(report: string): string[] {
    return report
      .split('\n')
      .filter(
        (line) => /^\S/.test(line) || /^ {2}(breaking|warning|info) /.test(line) || /usage: |downgraded/.test(line),
      )
      .map((line) => line.replace(/\s+(v1|v2-breaking|v2-renamed)\.json:\d+$/, '').trimEnd());
  }

  it('diff --usage shows calls, clients and top clients per finding, breaking findings most called first', () => {
    deployedWithUsage();
    const result = holdfast('diff', 'v1.json', 'v2-breaking.json', '--service', 'shop', '--usage', 'prod');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^Comparing v1\.json with v2-breaking\.json\nUsage: 87 calls to shop in prod in the last 30 days \(since \d{4}-\d\d-\d\d \d\d:00Z\), from ingested access logs\.\n/,
    );
    expect(outline(result.stdout)).toEqual([
      'Comparing v1.json with v2-breaking.json',
      expect.stringMatching(/^Usage: 87 calls/),
      'POST /orders',
      '  breaking  request-nullable-removed',
      '            usage: 52 calls, 2 clients (shop-mobile 40, curl 12)',
      '  breaking  request-property-became-required',
      '            usage: 52 calls, 2 clients (shop-mobile 40, curl 12)',
      'Component #/components/schemas/Item',
      '  breaking  response-required-property-removed',
      '  info      response-property-added',
      'GET /users/{user_id}',
      '  breaking  response-optional-property-removed',
      '            usage: no calls',
      '4 breaking changes (affecting 5 operations), 0 warnings, 1 info change (affecting 3 operations)',
      'Breaking: clients built against the base contract can fail against the revision.',
    ]);
    expect(result.stdout).toContain(
      [
        '  affects 3 operations (35 calls):',
        '    GET /items  25 calls, 1 client (python-requests 25)',
        '    GET /items/{item_id}  7 calls, 1 client (curl 7)',
        '    POST /items  3 calls, 1 client (okhttp 3)',
      ].join('\n'),
    );
  });

  it('matches usage to operations whose path parameters another version names differently', () => {
    deployedWithUsage();
    const json = JSON.parse(
      holdfast('diff', 'v1.json', 'v2-renamed.json', '--service', 'shop', '--usage', 'prod:7', '--format', 'json')
        .stdout,
    ) as {
      findings: Array<{ id: string; operation: { path: string } | null; usage?: { calls: number } }>;
      usage: Record<string, unknown>;
    };
    const renamed = json.findings.find(
      (finding) => finding.id === 'response-required-property-removed' && finding.operation?.path === '/items/{id}',
    );
    expect(renamed?.usage).toEqual({ calls: 7, clients: 1, topClients: [{ client: 'curl', calls: 7 }] });
    expect(json.usage).toMatchObject({
      service: 'shop',
      environment: 'prod',
      days: 7,
      totalCalls: 87,
      ignoreUnused: false,
      downgraded: 0,
    });
    // Breaking findings in the JSON are in traffic order too.
    const breaking = json.findings
      .filter((finding) => finding.usage !== undefined)
      .map((finding) => finding.usage?.calls);
    expect(breaking.slice(0, 5)).toEqual([52, 52, 25, 7, 3]);
  });

  it('--ignore-unused downgrades breaking findings on uncalled operations, says so, and the exit status follows', () => {
    deployedWithUsage();
    const mixed = holdfast(
      'diff',
      'v1.json',
      'v2-breaking.json',
      '--service',
      'shop',
      '--usage',
      'prod',
      '--ignore-unused',
    );
    expect(mixed.status).toBe(1);
    expect(mixed.stdout).toContain(
      '; --ignore-unused: 1 finding on operations with no call downgraded from breaking to warning.\n',
    );
    expect(mixed.stdout).toContain(
      [
        'GET /users/{user_id}',
        '  warning   response-optional-property-removed  v1.json:240',
        '            User: optional property `nickname` is no longer returned',
      ].join('\n'),
    );
    expect(mixed.stdout).toContain(
      '            downgraded from breaking to warning: no calls to GET /users/{user_id} in prod in the last 30 days (--ignore-unused)\n',
    );
    expect(mixed.stdout).toContain('3 breaking changes (affecting 4 operations), 1 warning (affecting 1 operation)');

    // The only breaking change is on an operation nobody called: blocking without, passing with.
    const args = ['diff', 'v1.json', 'v1-without-users.json', '--service', 'shop', '--usage', 'prod'];
    const without = holdfast(...args);
    expect(without.status).toBe(1);
    expect(without.stdout).toContain('  breaking  api-operation-removed');
    const ignored = holdfast(...args, '--ignore-unused');
    expect(ignored.stderr).toBe('');
    expect(ignored.status).toBe(0);
    expect(ignored.stdout).toContain('  warning   api-operation-removed');
    expect(ignored.stdout).toContain(
      'downgraded from breaking to warning: no calls to GET /users/{user_id} in prod in the last 30 days (--ignore-unused)',
    );
    expect(ignored.stdout).toContain('Possibly breaking:');

    for (const format of ['markdown', 'html', 'sarif', 'junit', 'github', 'gitlab', 'concise']) {
      const report = holdfast(...args, '--ignore-unused', '--format', format);
      expect(report.status, format).toBe(0);
      expect(report.stdout, format).toMatch(/downgraded/i);
    }
    const sarif = JSON.parse(holdfast(...args, '--ignore-unused', '--format', 'sarif').stdout) as {
      runs: Array<{
        results: Array<{ level: string; message: { text: string }; properties: Record<string, unknown> }>;
      }>;
    };
    const [removed] = sarif.runs[0].results;
    expect(removed.level).toBe('warning');
    expect(removed.message.text).toContain('usage: no calls\ndowngraded from breaking to warning');
    expect(removed.properties.downgraded).toEqual({
      from: 'breaking',
      reason: 'no calls to GET /users/{user_id} in prod in the last 30 days (--ignore-unused)',
    });
  });

  it('check takes the service from the configuration and counts the downgrades in its summary line', () => {
    deployedWithUsage();
    writeFileSync(join(database.folder, 'holdfast.yaml'), 'service: shop\n');
    const args = ['check', '--base', 'v1.json', '--spec', 'v1-without-users.json', '--usage', 'prod:14'];
    const blocked = holdfast(...args);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('Usage: 87 calls to shop in prod in the last 14 days');
    const passed = holdfast(...args, '--ignore-unused', '--format', 'json');
    expect(passed.status).toBe(0);
    expect(passed.stderr).toBe(
      'holdfast: passed: 0 breaking changes, 1 warning (affecting 1 operation), 0 info changes, 1 downgraded by --ignore-unused; suggested version bump: major.\n',
    );
    const settings = ok(...args, '--ignore-unused', '--show-settings');
    expect(settings).toMatch(/\nservice = shop +# service in holdfast\.yaml\n/);
    expect(settings).toMatch(/\nusage = prod, last 14 days, ignore unused +# --usage --ignore-unused\n/);
    const report = JSON.parse(passed.stdout) as { findings: Array<{ level: string; downgraded?: { from: string } }> };
    expect(report.findings.map((finding) => [finding.level, finding.downgraded?.from])).toEqual([
      ['warning', 'breaking'],
    ]);
  });

  it('can-i-deploy --usage reads the --to environment by default, and --ignore-unused turns the answer', () => {
    deployedWithUsage();
    ok('publish', '--service', 'shop', '--version', '2.0.0', 'v1-without-users.json');
    const base = ['can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'prod'];
    const no = holdfast(...base, '--usage');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain('Can I deploy shop 2.0.0 to prod? No.');
    expect(no.stdout).toContain('usage: no calls');
    const yes = holdfast(...base, '--usage', ':7', '--ignore-unused');
    expect(yes.stderr).toBe('');
    expect(yes.status).toBe(0);
    expect(yes.stdout).toContain('Can I deploy shop 2.0.0 to prod? Yes.');
    expect(yes.stdout).toContain(
      'Nothing in 2.0.0 blocks clients of 1.0.0, live in prod: 0 breaking changes, 1 warning (affecting 1 operation) (1 finding downgraded from breaking by --ignore-unused: no calls in prod).',
    );
    const json = JSON.parse(holdfast(...base, '--usage', 'prod:7', '--ignore-unused', '--format', 'json').stdout) as {
      verdict: string;
      comparison: { usage: { days: number; downgraded: number }; findings: Array<{ downgraded?: unknown }> };
    };
    expect(json.verdict).toBe('yes');
    expect(json.comparison.usage).toMatchObject({ days: 7, downgraded: 1 });
    expect(json.comparison.findings[0].downgraded).toEqual({
      from: 'breaking',
      reason: 'no calls to GET /users/{user_id} in prod in the last 7 days (--ignore-unused)',
    });
  });

  it('rollback plan shows the calls to the operations the rollback removes', () => {
    deployedWithUsage();
    ok('publish', '--service', 'shop', '--version', '1.1.0', 'v1-with-orders.json');
    ok('deploy', '--service', 'shop', '--version', '1.1.0', '--env', 'prod');
    writeFileSync(
      join(database.folder, 'orders.log'),
      nginxLog(new Date(Date.now() - HOUR), [
        [9, 'GET /users/4/orders', 'shop-mobile/2.1 (iOS 17)'],
        [2, 'GET /users/5/orders', 'curl/8.5.0'],
      ]),
    );
    ok('usage', 'ingest', '--service', 'shop', '--env', 'prod', '--version', '1.1.0', 'orders.log');
    const plan = holdfast('rollback', 'plan', '--service', 'shop', '--env', 'prod');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(
      /\n {2}Traffic of the operations the rollback removes \(last 30 days, since [^)]+\): 11 of 98 calls\n {4}GET \/users\/\{user_id\}\/orders: 11 calls, 2 clients \(shop-mobile 9, curl 2\)\n/,
    );
    const json = JSON.parse(
      holdfast('rollback', 'plan', '--service', 'shop', '--env', 'prod', '--format', 'json').stdout,
    );
    expect(json.traffic).toMatchObject({
      days: 30,
      totalCalls: 98,
      removedCalls: 11,
      removed: [
        {
          operation: 'GET /users/{user_id}/orders',
          calls: 11,
          clients: 2,
          topClients: [
            { client: 'shop-mobile', calls: 9 },
            { client: 'curl', calls: 2 },
          ],
        },
      ],
    });
  });

  it('rollback plan without ingested usage shows no traffic', () => {
    ok('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json');
    ok('publish', '--service', 'shop', '--version', '1.1.0', 'v1-with-orders.json');
    ok('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'prod');
    ok('deploy', '--service', 'shop', '--version', '1.1.0', '--env', 'prod');
    const plan = holdfast('rollback', 'plan', '--service', 'shop', '--env', 'prod');
    expect(plan.stdout).not.toContain('Traffic');
    expect(
      JSON.parse(holdfast('rollback', 'plan', '--service', 'shop', '--env', 'prod', '--format', 'json').stdout).traffic,
    ).toBe(null);
  });

  it('says what is wrong, with exit status 2, for bad --usage and missing usage', () => {
    deployedWithUsage();
    ok('environment', 'create', 'staging');
    const diff = (...args: string[]) => holdfast('diff', 'v1.json', 'v2-breaking.json', ...args);
    const cases: Array<[string[], string]> = [
      [
        ['--service', 'shop', '--usage', 'prod:0'],
        'holdfast: error: Invalid --usage "prod:0": "0" is not a number of days from 1 to 36500; expected ENV[:DAYS], for example --usage production or --usage production:7.',
      ],
      [
        ['--service', 'shop', '--usage', 'prod:week'],
        'holdfast: error: Invalid --usage "prod:week": "week" is not a number of days from 1 to 36500; expected ENV[:DAYS], for example --usage production or --usage production:7.',
      ],
      [
        ['--service', 'shop', '--usage', ':7'],
        'holdfast: error: Invalid --usage ":7": no environment; expected ENV[:DAYS], for example --usage production or --usage production:7.',
      ],
      [
        ['--service', 'shop', '--ignore-unused'],
        'holdfast: error: --ignore-unused needs --usage: it downgrades findings on operations nobody called in a usage window; expected --usage ENV[:DAYS] as well, for example --usage production --ignore-unused.',
      ],
      [
        ['--usage', 'prod'],
        'holdfast: error: Missing the service for --usage prod: the registry counts calls per service; expected --service NAME, or service = "NAME" in [tool.holdfast] (service: NAME in holdfast.yaml).',
      ],
      [['--service', 'shop', '--usage', 'nowhere'], 'holdfast: Unknown environment "nowhere": the registry '],
      [['--service', 'cart', '--usage', 'prod'], 'holdfast: Unknown service "cart": the registry '],
      [
        ['--service', 'shop', '--usage', 'staging'],
        'holdfast: Could not rank findings by usage of shop in staging: no access logs of shop in staging were ever ingested into the registry ',
      ],
      [
        ['--service', 'shop', '--usage', 'staging', '--ignore-unused'],
        'holdfast: Cannot ignore unused operations: no access logs of shop in staging were ever ingested into the registry ',
      ],
    ];
    for (const [args, message] of cases) {
      const result = diff(...args);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr.startsWith(message), `${args.join(' ')}\n${result.stderr}`).toBe(true);
      expect(result.status, args.join(' ')).toBe(2);
    }
    // No registry at all: --usage never creates one.
    const missing = join(database.folder, 'nowhere', 'registry.db');
    const noRegistry = holdfastWith(
      { HOLDFAST_DB: missing, HOLDFAST_DATABASE_URL: '' },
      'diff',
      'v1.json',
      'v2-breaking.json',
      '--service',
      'shop',
      '--usage',
      'prod',
    );
    expect(noRegistry.status).toBe(2);
    expect(noRegistry.stderr).toMatch(
      /^holdfast: No registry at .*registry\.db \(set by HOLDFAST_DB\): the file does not exist;/,
    );
    expect(existsSync(missing)).toBe(false);
    const ingestFix =
      'expected usage counted by holdfast usage ingest. Ingest the logs first: holdfast usage ingest --service shop --env staging ACCESS_LOG; retrying will not help.\n';
    expect(diff('--service', 'shop', '--usage', 'staging').stderr).toContain(`; ${ingestFix}`);
    expect(diff('--service', 'shop', '--usage', 'staging', '--ignore-unused').stderr).toContain(
      `, so every operation would look unused; ${ingestFix}`,
    );
  });

  it('refuses --ignore-unused when the window holds no call, and shows zero calls without it', () => {
    ok('publish', '--service', 'shop', '--version', '1.0.0', 'v1.json');
    ok('deploy', '--service', 'shop', '--version', '1.0.0', '--env', 'prod');
    writeFileSync(
      join(database.folder, 'old.log'),
      nginxLog(new Date(Date.now() - 60 * DAY), [[5, 'POST /orders', 'curl/8.5.0']]),
    );
    ok('usage', 'ingest', '--service', 'shop', '--env', 'prod', '--version', '1.0.0', 'old.log');
    const refused = holdfast(
      'diff',
      'v1.json',
      'v1-without-users.json',
      '--service',
      'shop',
      '--usage',
      'prod:7',
      '--ignore-unused',
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^holdfast: Cannot ignore unused operations: no call of shop in prod in the last 7 days \(since [\d-]+ [\d:]+Z; the newest ingested hour is [\d-]+ [\d:]+Z\), so every operation would look unused; expected usage inside the window\. Ingest recent logs with holdfast usage ingest --service shop --env prod ACCESS_LOG, or widen the window \(--usage prod:DAYS\); retrying will not help\.\n$/,
    );
    const shown = holdfast('diff', 'v1.json', 'v1-without-users.json', '--service', 'shop', '--usage', 'prod:7');
    expect(shown.status).toBe(1);
    expect(shown.stdout).toContain('Usage: 0 calls to shop in prod in the last 7 days');
    // A window that reaches the old log counts it.
    const wide = holdfast('diff', 'v1.json', 'v1-without-users.json', '--service', 'shop', '--usage', 'prod:90');
    expect(wide.stdout).toContain('Usage: 5 calls to shop in prod in the last 90 days');
  });

  it('usageByOperation merges parameter spellings and keeps the top three clients', async () => {
    deployedWithUsage();
    const store = await openStore(database.config);
    try {
      const table = await usageByOperation(
        store,
        { service: 'shop', environment: 'prod', days: 2 },
        { cwd: database.folder },
      );
      expect(table.totalCalls).toBe(87);
      expect(table.operations.map((entry) => [entry.key, entry.operation, entry.calls, entry.clients])).toEqual([
        ['POST /orders', 'POST /orders', 52, 2],
        ['GET /items', 'GET /items', 25, 1],
        ['GET /items/{}', 'GET /items/{item_id}', 7, 1],
        ['POST /items', 'POST /items', 3, 1],
      ]);
      expect(table.latestHour).not.toBeNull();
    } finally {
      await store.close();
    }
  });
});
