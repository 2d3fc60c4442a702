/**
 * Usage over HTTP: `ingest` takes one access log as the request body (plain or gzip) and counts it
 * exactly as `holdfast usage ingest FILE` does: the body is written to a temporary file, so a log
 * uploaded twice counts once and a log that grew is read from where the last upload stopped
 * (files are tracked by content, not by path). `show` is `holdfast usage show`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, retryAdvice } from '../../errors.js';
import { ingestUsage, showUsage, usageByOperation } from '../../registry/index.js';
import { defineRoute, NAME, object, result } from './_route.js';
import { ref } from './_views.js';

const LOG_FORMATS = ['auto', 'uvicorn', 'gunicorn', 'nginx', 'apache', 'combined', 'json'] as const;
const CLIENTS = ['user-agent', 'address', 'header'] as const;
const FIELD = { type: 'string', minLength: 1, maxLength: 200 };
/** What one upload may hold (a day of a busy service's log, gzipped, fits well). */
export const MAX_LOG_BYTES = 1024 * 1024 * 1024;

interface IngestQuery {
  service: string;
  environment: string;
  version?: string;
  name?: string;
  format?: (typeof LOG_FORMATS)[number];
  client?: (typeof CLIENTS)[number];
  clientField?: string;
  methodField?: string;
  pathField?: string;
  requestField?: string;
  statusField?: string;
  durationField?: string;
  timestampField?: string;
  addressField?: string;
  userAgentField?: string;
}

export const USAGE_ROUTES = [
  defineRoute<unknown, IngestQuery, unknown>({
    operationId: 'usageIngest',
    method: 'POST',
    path: '/usage/ingest',
    role: 'publish',
    tag: 'usage',
    summary: 'Count the requests of one access log (the request body) per operation, client, status class and hour',
    description:
      'The body is the log file itself (plain text or gzip). Uploading the same log again counts nothing twice; a log that grew is counted from where the last upload stopped. *Field parameters name JSON-lines fields (dotted paths).',
    write: true,
    timeoutMs: 600_000,
    bodyLimit: MAX_LOG_BYTES,
    rawBody: {
      contentTypes: ['application/octet-stream', 'text/plain', 'application/gzip'],
      description: 'an access log: uvicorn, gunicorn, nginx/Apache combined or JSON lines; plain or gzip',
    },
    querystring: object(
      {
        service: NAME,
        environment: NAME,
        version: NAME,
        name: {
          type: 'string',
          maxLength: 255,
          description:
            'the log file name, shown in the result; "-" (standard input) is counted every time, not tracked',
        },
        format: { type: 'string', enum: [...LOG_FORMATS] },
        client: { type: 'string', enum: [...CLIENTS] },
        clientField: FIELD,
        methodField: FIELD,
        pathField: FIELD,
        requestField: FIELD,
        statusField: FIELD,
        durationField: FIELD,
        timestampField: FIELD,
        addressField: FIELD,
        userAgentField: FIELD,
      },
      ['service', 'environment'],
    ),
    response: result('UsageIngestResult', {
      service: { type: 'string' },
      environment: { type: 'string' },
      version: { type: 'string' },
      versions: { type: 'array', items: { type: 'string' } },
      files: { type: 'array', items: ref('UsageFileResult') },
      totals: {
        type: 'object',
        properties: Object.fromEntries(
          ['lines', 'matched', 'unparseable', 'unmatched', 'batches'].map((name) => [name, { type: 'integer' }]),
        ),
        required: ['lines', 'matched', 'unparseable', 'unmatched', 'batches'],
      },
    }),
    handler: async ({ query }, { store, registryOptions, raw }) => {
      if (raw === undefined) {
        throw new AppError(
          'HTTP_BAD_REQUEST',
          `Missing request body for POST /api/v1/usage/ingest: no log was sent; expected the access log as the body. ${retryAdvice(false, 'Send the file')}`,
        );
      }
      const name = basename(query.name ?? 'upload.log') || 'upload.log';
      const folder = await mkdtemp(join(tmpdir(), 'holdfast-upload-'));
      try {
        const file = join(folder, name.replace(/[^\w.-]/g, '_'));
        await pipeline(raw, limitBytes(MAX_LOG_BYTES), createWriteStream(file));
        const fields = {
          header: query.clientField,
          method: query.methodField,
          path: query.pathField,
          request: query.requestField,
          status: query.statusField,
          duration: query.durationField,
          timestamp: query.timestampField,
          address: query.addressField,
          userAgent: query.userAgentField,
        };
        // `usage ingest -` uploads standard input as name "-": like a local ingest of stdin, it has
        // no identity and counts every time (a file is tracked by content and counts once).
        const fromStdin = query.name === '-';
        const answer = await ingestUsage(
          store,
          {
            service: query.service,
            environment: query.environment,
            files: [fromStdin ? '-' : file],
            stdin: fromStdin ? createReadStream(file) : undefined,
            version: query.version,
            format: query.format,
            client: query.client,
            jsonFields: Object.fromEntries(Object.entries(fields).filter((entry) => entry[1] !== undefined)),
          },
          registryOptions,
        );
        // The temporary path means nothing to the caller: show the name it sent.
        return { ...answer, files: answer.files.map((entry) => ({ ...entry, path: query.name ?? entry.path })) };
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  }),
  defineRoute<{ service: string; environment: string }, { days?: number }, unknown>({
    operationId: 'usageShow',
    method: 'GET',
    path: '/services/:service/environments/:environment/usage',
    role: 'read',
    tag: 'usage',
    summary: 'Operations by traffic, unused operations, and clients with what they call',
    write: false,
    params: object({ service: NAME, environment: NAME }, ['service', 'environment']),
    querystring: object({ days: { type: 'integer', minimum: 1, maximum: 36_500 } }),
    response: result('UsageShowResult', {
      service: { type: 'string' },
      environment: { type: 'string' },
      days: { type: 'integer' },
      since: { type: 'string' },
      liveVersion: { type: ['string', 'null'] },
      totalCalls: { type: 'integer' },
      operations: { type: 'array', items: ref('UsageOperationView') },
      unused: { type: 'array', items: { type: 'string' }, description: 'operations of the live contract with no call' },
      clients: { type: 'array', items: ref('UsageClientView') },
    }),
    handler: ({ params, query }, { store, registryOptions }) =>
      showUsage(store, { service: params.service, environment: params.environment, days: query.days }, registryOptions),
  }),
  defineRoute<{ service: string; environment: string }, { days?: number; ignoreUnused?: boolean }, unknown>({
    operationId: 'usageByOperation',
    method: 'GET',
    path: '/services/:service/environments/:environment/usage/operations',
    role: 'read',
    tag: 'usage',
    summary: 'Calls, distinct clients and top clients per operation: what diff and check --usage rank findings by',
    description:
      'Operations are keyed without parameter names (key "GET /items/{}"), so counts made against one version match findings of another. No usage ever ingested for the service and environment is 422 USAGE_NO_DATA (an empty table would call every operation unused); with ignoreUnused, so is a window without a call.',
    write: false,
    params: object({ service: NAME, environment: NAME }, ['service', 'environment']),
    querystring: object({
      days: {
        type: 'integer',
        minimum: 1,
        maximum: 36_500,
        description: 'the window, in days back from now (default 30)',
      },
      ignoreUnused: {
        type: 'boolean',
        description: 'the counts will downgrade findings on operations nobody called: refuse an empty window',
      },
    }),
    response: result('UsageByOperationResult', {
      service: { type: 'string' },
      environment: { type: 'string' },
      days: { type: 'integer' },
      since: { type: 'string' },
      until: { type: 'string' },
      totalCalls: { type: 'integer' },
      operations: { type: 'array', items: ref('KeyedOperationUsage') },
      latestHour: { type: ['string', 'null'], description: 'the newest hour ever ingested' },
    }),
    handler: ({ params, query }, { store, registryOptions }) =>
      usageByOperation(
        store,
        {
          service: params.service,
          environment: params.environment,
          days: query.days,
          ignoreUnused: query.ignoreUnused,
        },
        registryOptions,
      ),
  }),
];

/** Fails the upload once more than `limit` bytes arrived (a chunked body has no Content-Length). */
function limitBytes(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        callback(
          new AppError(
            'HTTP_BODY_TOO_LARGE',
            `Log upload too large: over ${limit} bytes; expected at most ${limit} bytes per request. ${retryAdvice(false, 'Split the log, or ingest it on the server host with holdfast usage ingest')}`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}
