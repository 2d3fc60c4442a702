/** `holdfast usage ingest|show`: access logs -> hourly usage in the registry, and what clients call. */
import { type Command, Option } from 'commander';
import { AppError } from '../../errors.js';
import { type Format, formatOption, positiveInteger, print, STORE_HELP, withApi } from '../_registry.js';
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

interface ShowOptions {
  service: string;
  env: string;
  days: number;
  format: Format;
  server?: string;
}

const INGEST_HELP = `
FILE is an access log (plain or .gz), a folder of rotated logs (read oldest first), or - for
standard input. Formats are detected: uvicorn's access log, gunicorn's, nginx/Apache combined
(with an optional request time last) and JSON lines. Paths are matched to the operations of the
contract live in the environment (or --version); unparseable and unmatched lines are counted and
summarized, never fatal.

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
${STORE_HELP}`;

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
  const usage = program.command('usage').description('Record and show what clients call, from access logs.');

  formatOption(
    usage
      .command('ingest')
      .description('Count the requests of access logs per operation, client, status class and hour.')
      .argument('<file...>', 'access logs, folders of rotated logs, or - for standard input')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment the logs come from')
      .option('--version <label>', 'match paths against this published version instead of the live one')
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
    usage
      .command('show')
      .description('Show operations by traffic, unused operations, and clients with what they call.')
      .requiredOption('--service <name>', 'the service')
      .requiredOption('--env <name>', 'the environment')
      .option('--days <n>', 'the last N days', positiveInteger, 30),
  )
    .addHelpText('after', SHOW_HELP)
    .action(async (options: ShowOptions) => {
      outcome.exitCode = await withApi(
        context,
        options.server,
        async ({ registry, api }) => {
          const result = await api.showUsage({
            service: options.service,
            environment: options.env,
            days: options.days,
          });
          print(context, registry, options.format, result, registry.renderUsageShow);
          return 0;
        },
        { mustExist: true },
      );
    });
}
