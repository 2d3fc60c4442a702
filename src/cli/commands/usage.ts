/** `holdfast usage ingest|show`: access logs -> hourly usage in the registry, and what clients call. */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import {
  PROMETHEUS_HELP,
  type PrometheusFlags,
  parseDuration,
  prometheusOptions,
  prometheusSource,
} from '../_prometheus.js';
import {
  type Format,
  formatOption,
  positiveInteger,
  print,
  STORE_HELP,
  serverUrl,
  withApi,
  withRegistry,
} from '../_registry.js';
import type { CliContext, CommandOutcome } from '../context.js';

const LOG_FORMATS = ['auto', 'uvicorn', 'gunicorn', 'nginx', 'apache', 'combined', 'json'] as const;
const CLIENTS = ['user-agent', 'address', 'header'] as const;
const JSON_FIELDS = ['method', 'path', 'request', 'status', 'duration', 'timestamp', 'address', 'userAgent'] as const;

interface IngestOptions {
  service: string;
  env: string;
  version?: string;
  logFormat: (typeof LOG_FORMATS)[number];
  client: (typeof CLIENTS)[number];
  clientField?: string;
  jsonField: string[];
  format: Format;
  server?: string;
}

interface ShowOptions extends PrometheusFlags {
  service: string;
  env: string;
  days?: number;
  window?: number;
  format: Format;
  server?: string;
}

const INGEST_HELP = `
FILE is an access log (plain or .gz), a folder of rotated logs (read oldest first), or - for
standard input. Formats are detected: uvicorn's access log, gunicorn's, nginx/Apache combined
(with an optional request time last) and JSON lines. Each line's path is matched to the operations
of the contract that was live in the environment when the line was written (or of --version);
unparseable and unmatched lines are counted and summarized, never fatal. Counts are kept per hour
(usage show) and per minute (deploy compare).

Each file is tracked by its content: ingesting it again counts nothing twice, and a file that
grew is read from where the last run stopped. Every batch of lines is one transaction with its
offset, so an interrupted run leaves whole batches only; run it again to finish. Standard input
is counted every time.
${STORE_HELP}
Example:
  holdfast usage ingest --service shop --env production /var/log/nginx/
  holdfast usage ingest --service shop --env staging --log-format json --client header \\
    --client-field headers.x-client-id app.log
`;

const SHOW_HELP = `
Operations by traffic (calls, distinct clients, top clients, p50/p95/p99 latency where the logs
had durations), the live contract's operations nobody called in the window (candidates for
deprecation), and clients with what they call.
${PROMETHEUS_HELP}
With Prometheus, --window 15m|1h|7d sets a window shorter than a day; windows up to 6 h are
counted exactly from the raw samples, longer ones with increase() (the output says so). The
registry, when there is one, only adds the live contract (for the unused operations).
${STORE_HELP}
Example:
  holdfast usage show --service shop --env production --days 7
  holdfast usage show --service shop --env production --prometheus http://prometheus:9090 \\
    --prometheus-selector 'job="shop", env="production"' --window 1h
`;

function windowOption(value: string): number {
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined || milliseconds < 60_000 || milliseconds > 36_500 * 86_400_000) {
    throw new AppError(
      'USAGE',
      `Invalid --window "${value}": expected a duration of at least a minute such as 15m, 1h or 7d.`,
    );
  }
  return milliseconds;
}

/** "1 hour", "90 minutes", "7 days": the window as the report says it. */
function windowText(milliseconds: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, word] of units) {
    if (milliseconds % size === 0) {
      const count = milliseconds / size;
      return `${count} ${word}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(milliseconds / 1000)} seconds`;
}

function choice<T extends string>(name: string, values: readonly T[]) {
  return (value: string): T => {
    const match = values.find((candidate) => candidate === value);
    if (match === undefined) {
      throw new AppError('USAGE', `Invalid ${name} "${value}": expected one of ${values.join(', ')}.`);
    }
    return match;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function jsonFields(options: IngestOptions): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const entry of options.jsonField) {
    const equals = entry.indexOf('=');
    const name = JSON_FIELDS.find((field) => field === entry.slice(0, equals));
    if (equals < 1 || name === undefined || equals === entry.length - 1) {
      throw new AppError(
        'USAGE',
        `Invalid --json-field "${entry}": expected NAME=FIELD with NAME one of ${JSON_FIELDS.join(', ')} (e.g. path=request.path).`,
      );
    }
    fields[name] = entry.slice(equals + 1);
  }
  if (options.clientField !== undefined) fields.header = options.clientField;
  return fields;
}

/** A whole number from a test-only variable, or undefined. */
function testNumber(context: CliContext, name: string): number | undefined {
  const value = Number(context.env[name] ?? '');
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function registerUsage(program: Command, context: CliContext, outcome: CommandOutcome): void {
  const usage = program
    .command('usage')
    .description('Record and show what clients call, from access logs (or a Prometheus server).');

  formatOption(
    usage
      .command('ingest')
      .description('Count the requests of access logs per operation, client, status class and hour (and minute).')
      .argument('<file...>', 'access logs, folders of rotated logs, or - for standard input')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment the logs come from')
      .option(
        '--version <label>',
        'match every line against this published version instead of the one live at its time',
      )
      .addOption(
        new Option('--log-format <format>', `log format: ${LOG_FORMATS.join(', ')}`)
          .default('auto')
          .argParser(choice('--log-format', LOG_FORMATS)),
      )
      .addOption(
        new Option('--client <identity>', `who a request counts for: ${CLIENTS.join(', ')}`)
          .default('user-agent')
          .argParser(choice('--client', CLIENTS)),
      )
      .option('--client-field <field>', 'with --client header: the JSON field holding it (e.g. headers.x-client-id)')
      .option('--json-field <name=field>', 'JSON lines: where a field is (repeatable; e.g. path=req.url)', collect, []),
  )
    .addHelpText('after', INGEST_HELP)
    .action(async (files: string[], options: IngestOptions) => {
      const fields = jsonFields(options);
      const failBatch = testNumber(context, 'HOLDFAST_TEST_USAGE_FAIL_BATCH');
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.ingestUsage({
            service: options.service,
            environment: options.env,
            files,
            version: options.version,
            format: options.logFormat,
            client: options.client,
            jsonFields: fields,
            stdin: files.includes('-') ? process.stdin : undefined,
            batchLines: testNumber(context, 'HOLDFAST_TEST_USAGE_BATCH_LINES'),
            // Test hook: fail inside that batch's transaction, before it commits (a crash halfway).
            duringBatch:
              failBatch === undefined
                ? undefined
                : (batch) => {
                    if (batch === failBatch) {
                      throw new AppError(
                        'STORE_FAILED',
                        `Could not ingest batch ${batch}: HOLDFAST_TEST_USAGE_FAIL_BATCH is set; expected it unset outside tests. Retrying will not help.`,
                      );
                    }
                  },
          });
          print(context, registry, options.format, result, registry.renderUsageIngest);
          return 0;
        },
        // Paths match a published, deployed contract: a registry that does not exist has none.
        { mustExist: true },
      );
    });

  formatOption(
    prometheusOptions(
      usage
        .command('show')
        .description('Show operations by traffic, unused operations, and clients with what they call.')
        .requiredOption('--service <name>', 'the service')
        .requiredOption('--env <name>', 'the environment')
        .option('--days <n>', 'the last N days (default 30)', positiveInteger)
        .option('--window <duration>', 'with Prometheus: the last 15m, 1h, 7d (instead of --days)', windowOption),
    ),
  )
    .addHelpText('after', SHOW_HELP)
    .action(async (options: ShowOptions) => {
      const target = { service: options.service, environment: options.env };
      const source = await prometheusSource(context, options, target);
      if (source !== undefined) {
        if (serverUrl(context, options.server) !== undefined) {
          throw new AppError(
            'USAGE',
            'Invalid --prometheus with --server (or HOLDFAST_SERVER): expected one of them; --prometheus reads Prometheus from here, the server shows the access logs ingested into it. Retrying will not help.',
          );
        }
        if (options.days !== undefined && options.window !== undefined) {
          throw new AppError('USAGE', 'Invalid --days with --window: expected one of them.');
        }
        const { showUsageFromTraffic, renderUsageShow, registryJson } = await import('../../registry/index.js');
        const milliseconds = options.window ?? (options.days ?? 30) * 86_400_000;
        const to = new Date();
        const run = (store: Parameters<typeof showUsageFromTraffic>[0]) =>
          showUsageFromTraffic(store, source, {
            ...target,
            from: new Date(to.getTime() - milliseconds),
            to,
            windowText: windowText(milliseconds),
            days: Math.floor(milliseconds / 86_400_000),
          });
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await withRegistry(context, ({ store }) => run(store), { mustExist: true });
        } catch (error) {
          // No registry: Prometheus alone still answers (without the unused operations).
          if (!(error instanceof AppError) || error.code !== 'REGISTRY_MISSING') throw error;
          result = await run(null);
        }
        context.stdout.write(options.format === 'json' ? registryJson(result) : renderUsageShow(result));
        outcome.exitCode = 0;
        return;
      }
      if (options.window !== undefined) {
        throw new AppError(
          'USAGE',
          'Invalid --window without Prometheus: expected --days (ingested logs are counted per hour) or --prometheus URL.',
        );
      }
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.showUsage({
            service: options.service,
            environment: options.env,
            days: options.days ?? 30,
          });
          print(context, registry, options.format, result, registry.renderUsageShow);
          return 0;
        },
        { mustExist: true },
      );
    });
}
