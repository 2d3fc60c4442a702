/**
 * `holdfast serve`: the registry API and the dashboard over HTTP, on the embedded
 * SQLite registry by default. Prints its URL, and a first admin token when none exists.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { positiveInteger } from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

interface ServeOptions {
  port: number;
  host: string;
  registry?: string;
  openReads?: boolean;
  maxBodyMb?: number;
  logLevel: string;
  workers: number;
  cacheMb: number;
}

const HELP_AFTER = `
Serves every registry and usage operation as JSON under /api/v1 (the OpenAPI document is at
/api/v1/openapi.json), /healthz and /readyz. Requests need a bearer token (HOLDFAST_TOKEN for the
CLI's --server) with a role: read < publish < deploy < admin. When no admin token exists yet, the
first start creates one and prints it once.

Registry: --registry PATH (an SQLite file) or --registry postgres://..., else HOLDFAST_DATABASE_URL,
HOLDFAST_DB, or .holdfast/registry.db at the project root (created when missing). Logs are JSON
lines on standard output (request id, route, status, duration; never tokens). SIGTERM or SIGINT
stops taking requests, finishes the writes in flight, and exits 0; a second signal exits at once.

Examples:
  holdfast serve
  holdfast serve --host 0.0.0.0 --port 8080 --registry postgres://holdfast@db/holdfast --open-reads
`;

export function registerServe(program: Command, context: CliContext, outcome: CommandOutcome): void {
  program
    .command('serve')
    .description('Serve the registry over HTTP: the /api/v1 API with scoped tokens.')
    .option('--port <n>', 'the TCP port (0: any free port)', port, 8080)
    .option('--host <address>', 'the address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('--registry <path|url>', 'the SQLite file or postgres:// URL (default: as the other registry commands)')
    .option('--open-reads', 'read routes need no token (an internal network where everyone may read)')
    .option(
      '--max-body-mb <n>',
      'largest JSON body in megabytes (default 1; publish takes 70, logs 1024)',
      positiveInteger,
    )
    .option('--workers <n>', 'server processes sharing the port (one per CPU core uses them all)', positiveInteger, 1)
    .option('--log-level <level>', `${LOG_LEVELS.join(', ')}`, logLevel, 'info')
    .option(
      '--cache-mb <n>',
      'megabytes of read answers kept until the registry changes, per process (0: none)',
      cacheMegabytes,
      64,
    )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ServeOptions) => {
      outcome.exitCode = await runServe(options, context);
    });
}

function cacheMegabytes(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed > 65_536) {
    throw new AppError('USAGE', `Invalid --cache-mb "${value}": expected a whole number of megabytes from 0 to 65536.`);
  }
  return parsed;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

function logLevel(value: string): string {
  if (!LOG_LEVELS.some((level) => level === value)) {
    throw new AppError('USAGE', `Invalid --log-level "${value}": expected one of ${LOG_LEVELS.join(', ')}.`);
  }
  return value;
}

/**
 * Ports browsers and Node's fetch (the CLI's client) refuse to connect to: the "bad ports" of the
 * Fetch standard, https://fetch.spec.whatwg.org/#port-blocking. A server there would start, and
 * neither the dashboard nor `--server` could reach it.
 */
const BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function port(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed > 65535) {
    throw new AppError('USAGE', `Invalid --port "${value}": expected a whole number from 0 to 65535.`);
  }
  if (BLOCKED_PORTS.has(parsed)) {
    throw new AppError(
      'USAGE',
      `Invalid --port "${value}": browsers and the CLI's HTTP client refuse to connect to port ${parsed} (a "bad port" of the Fetch standard), so neither the dashboard nor --server could reach the server; expected another port, such as 8080.`,
    );
  }
  return parsed;
}

async function runServe(options: ServeOptions, context: CliContext): Promise<number> {
  const cluster = (await import('node:cluster')).default;
  if (options.workers > 1 && cluster.isPrimary) return runPrimary(options, context, cluster);
  const worker = cluster.isWorker;
  const [storeModule, registry, server, dashboard, { loadPolicy }, { loadConfig }, { takeOverSignals }] =
    await Promise.all([
      import('../../store/index.js'),
      import('../../registry/index.js'),
      import('../../server/index.js'),
      import('../../server/dashboard/index.js'),
      import('../../policy/index.js'),
      import('../../config/index.js'),
      import('../../interrupt.js'),
    ]);
  const config = storeModule.resolveStoreConfig({ env: registryEnv(options, context), cwd: context.cwd });
  const pauseMs = Number(context.env.HOLDFAST_TEST_PAUSE_BEFORE_COMMIT_MS ?? '');
  const store = await storeModule.openStore(config, {
    origin: options.registry === undefined ? undefined : 'set by --registry',
    // Test hook (as for the other registry commands): every write pauses before its commit, so a
    // test can send SIGTERM while a write is in flight.
    beforeCommit:
      Number.isFinite(pauseMs) && pauseMs > 0
        ? () => new Promise((resolve) => setTimeout(resolve, pauseMs))
        : undefined,
  });
  let app: Awaited<ReturnType<typeof server.buildServer>> | undefined;
  try {
    const registryOptions = { cwd: context.cwd, policy: await loadPolicy(context.cwd) };
    app = await server.buildServer({
      store,
      registryOptions,
      openReads: options.openReads === true,
      log: { level: options.logLevel, sync: worker },
      bodyLimit: options.maxBodyMb === undefined ? undefined : options.maxBodyMb * 1024 * 1024,
      answerCacheBytes: options.cacheMb * 1024 * 1024,
      // The dashboard at /: its pages need a token of any role (the login form keeps it in a cookie).
      plugins: [dashboard.dashboardPlugin],
      // Its deployment page judges with the project's deploy-compare settings and deploy-command.
      config: await loadConfig(context.cwd),
    });
    const address = await listen(app, options);
    // Only once listening: a start that fails (the port is taken) must not leave behind an admin
    // token nobody saw, or the next start would print none. With --workers the primary does it.
    const firstToken = worker ? undefined : await createFirstToken(registry, store, registryOptions);
    if (worker) {
      process.send?.({ holdfastListening: address });
      // The channel to the primary must not keep a stopped worker alive.
      process.channel?.unref();
    } else {
      context.stderr.write(
        `holdfast serve: listening on ${address}${elsewhere(options, address)} (registry ${store.location})\n`,
      );
      context.stderr.write(`holdfast serve: API ${address}/api/v1, described at ${address}/api/v1/openapi.json\n`);
      context.stderr.write(`holdfast serve: dashboard ${address}/\n`);
      if (options.openReads === true)
        context.stderr.write('holdfast serve: reads are open (--open-reads): no token needed for read routes\n');
      if (firstToken !== undefined) {
        context.stderr.write(
          `holdfast serve: first admin token (shown once; store it now, e.g. in a password manager):\n${firstToken}\n`,
        );
      }
    }
    const running = app;
    const signal = await new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
      const release = takeOverSignals((received) => {
        release();
        resolve(received);
      });
      // A worker is told to stop by its primary (a signal may reach the primary alone).
      process.on('message', (message: { holdfastStop?: 'SIGINT' | 'SIGTERM' }) => {
        if (message?.holdfastStop === undefined) return;
        release();
        resolve(message.holdfastStop);
      });
    });
    if (!worker) {
      const writes = running.holdfast.writesInFlight;
      context.stderr.write(
        writes === 0
          ? `holdfast serve: ${signal}: stopping\n`
          : `holdfast serve: ${signal}: finishing ${writes} write${writes === 1 ? '' : 's'} in flight, then stopping\n`,
      );
    }
    await server.closeServer(running);
    if (!worker) context.stderr.write('holdfast serve: stopped\n');
    return 0;
  } finally {
    if (app !== undefined && !app.holdfast.closing) await app.close();
    await store.close();
  }
}

/**
 * With --host 0.0.0.0 (or ::) the address Fastify reports is the loopback one; say that the other
 * interfaces listen too, or someone deploying a container reads "127.0.0.1" and worries.
 */
function elsewhere(options: ServeOptions, address: string): string {
  return options.host === '0.0.0.0' || options.host === '::'
    ? ` and on every other address of this machine (--host ${options.host}), port ${new URL(address).port}`
    : '';
}

/** Creates the first admin token when the registry has no active one; returns it (else undefined). */
async function createFirstToken(
  registry: typeof import('../../registry/index.js'),
  store: Parameters<typeof import('../../registry/index.js').listTokens>[0],
  registryOptions: Parameters<typeof import('../../registry/index.js').createToken>[2],
): Promise<string | undefined> {
  if (await registry.hasAdminToken(store)) return undefined;
  const name = await freeAdminName(registry, store);
  return (await registry.createToken(store, { name, role: 'admin', by: 'holdfast serve' }, registryOptions)).token;
}

/** `admin`, or `admin-2`, `admin-3`... when an earlier first token was revoked. */
async function freeAdminName(
  registry: typeof import('../../registry/index.js'),
  store: Parameters<typeof import('../../registry/index.js').listTokens>[0],
): Promise<string> {
  const names = new Set((await registry.listTokens(store)).tokens.map((token) => token.name));
  let name = 'admin';
  for (let number = 2; names.has(name); number++) name = `admin-${number}`;
  return name;
}

async function listen(
  app: { listen(options: { host: string; port: number }): Promise<string> },
  options: ServeOptions,
): Promise<string> {
  try {
    return await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === 'EADDRINUSE') {
      const holdfast = await holdfastAnswersAt(options);
      throw new AppError(
        'SERVER_LISTEN_FAILED',
        holdfast === undefined
          ? `Could not listen on ${options.host}:${options.port}: the port is in use by another process; expected a free port on an address of this machine. Stop that process, or choose another port with --port; retrying will not help.`
          : `Could not listen on ${options.host}:${options.port}: a holdfast serve is already running there (${holdfast} answers); expected a free port. Use the running server, stop it first, or choose another port with --port; retrying will not help.`,
        { cause: error },
      );
    }
    const found =
      code === 'EACCES'
        ? 'permission denied (ports below 1024 need privileges)'
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? 'no such address on this machine'
          : error instanceof Error
            ? error.message
            : String(error);
    throw new AppError(
      'SERVER_LISTEN_FAILED',
      `Could not listen on ${options.host}:${options.port}: ${found}; expected a free port on an address of this machine. Choose another with --port or --host; retrying will not help.`,
      { cause: error },
    );
  }
}

/**
 * The /readyz URL of a holdfast serve that already listens where this one wanted to, if one
 * answers like holdfast within a second (a second `holdfast serve` in the same folder is the
 * usual reason for a taken port).
 */
async function holdfastAnswersAt(options: ServeOptions): Promise<string | undefined> {
  const host =
    options.host === '0.0.0.0' || options.host === '::' || options.host === ''
      ? '127.0.0.1'
      : options.host.includes(':')
        ? `[${options.host}]`
        : options.host;
  const url = `http://${host}:${options.port}/readyz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'database' in body && 'status' in body ? url : undefined;
  } catch {
    return undefined;
  }
}

type Cluster = typeof import('node:cluster').default;

/** The environment the store is resolved from, with `--registry` in place of the variables. */
function registryEnv(options: ServeOptions, context: CliContext): Record<string, string | undefined> {
  if (options.registry === undefined) return context.env;
  return /^postgres(ql)?:\/\//i.test(options.registry)
    ? { ...context.env, HOLDFAST_DATABASE_URL: options.registry }
    : { ...context.env, HOLDFAST_DATABASE_URL: '', HOLDFAST_DB: options.registry };
}

/**
 * `--workers N`: prepares the registry (migrations, the first admin token) once, then forks N
 * processes that each run the server on the same port (node:cluster shares it), prints what a
 * single server prints, replaces a worker that dies, and on SIGTERM/SIGINT tells every worker to
 * stop gracefully and waits for them.
 */
async function runPrimary(options: ServeOptions, context: CliContext, cluster: Cluster): Promise<number> {
  const [storeModule, registry, { loadPolicy }, { takeOverSignals }] = await Promise.all([
    import('../../store/index.js'),
    import('../../registry/index.js'),
    import('../../policy/index.js'),
    import('../../interrupt.js'),
  ]);
  const storeConfig = storeModule.resolveStoreConfig({ env: registryEnv(options, context), cwd: context.cwd });
  // Opening it applies the migrations once, before the workers open it too.
  const store = await storeModule.openStore(storeConfig);
  const location = store.location;
  await store.close();
  let stopping = false;
  const fork = () => cluster.fork();
  const listening = new Promise<string>((resolve, reject) => {
    cluster.on('message', (_worker, message: { holdfastListening?: string }) => {
      if (message?.holdfastListening !== undefined) resolve(message.holdfastListening);
    });
    cluster.on('exit', (worker, code) => {
      if (stopping) return;
      if (code === 2) {
        // It could not start (its own error is on stderr): so would the others.
        reject(
          new AppError(
            'USAGE',
            `Could not start holdfast serve worker ${worker.id}: it exited with status 2; expected it to listen. Fix what it printed above.`,
          ),
        );
        return;
      }
      context.stderr.write(`holdfast serve: worker ${worker.id} exited (${code}); starting another\n`);
      fork();
    });
  });
  for (let index = 0; index < options.workers; index++) fork();
  let address: string;
  try {
    address = await listening;
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    throw error;
  }
  // The first admin token only once the workers listen (see runServe).
  let firstToken: string | undefined;
  const tokenStore = await storeModule.openStore(storeConfig);
  try {
    firstToken = await createFirstToken(registry, tokenStore, {
      cwd: context.cwd,
      policy: await loadPolicy(context.cwd),
    });
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    throw error;
  } finally {
    await tokenStore.close();
  }
  context.stderr.write(
    `holdfast serve: listening on ${address}${elsewhere(options, address)} (registry ${location}; ${options.workers} workers)\n`,
  );
  context.stderr.write(`holdfast serve: API ${address}/api/v1, described at ${address}/api/v1/openapi.json\n`);
  context.stderr.write(`holdfast serve: dashboard ${address}/\n`);
  if (options.openReads === true)
    context.stderr.write('holdfast serve: reads are open (--open-reads): no token needed for read routes\n');
  if (firstToken !== undefined) {
    context.stderr.write(
      `holdfast serve: first admin token (shown once; store it now, e.g. in a password manager):\n${firstToken}\n`,
    );
  }
  const signal = await new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
    const release = takeOverSignals((received) => {
      release();
      resolve(received);
    });
  });
  stopping = true;
  context.stderr.write(`holdfast serve: ${signal}: the workers finish their writes in flight, then stop\n`);
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          if (worker.isConnected()) worker.send({ holdfastStop: signal });
        }),
    ),
  );
  context.stderr.write('holdfast serve: stopped\n');
  return 0;
}
