/**
 * JSON Schemas of the result objects' shared parts (src/registry/types.ts), referenced from the
 * route responses as `#/components/schemas/<Name>`. The API tests validate every response they
 * get against them, so they cannot drift from what the registry returns. Private to src/server.
 */
import type { JsonSchema } from './_route.js';

const STRING = { type: 'string' };
const NULLABLE_STRING = { type: ['string', 'null'] };
const INTEGER = { type: 'integer' };
const NUMBER = { type: 'number' };
const CLIENT_CALLS = {
  type: 'object',
  properties: { client: STRING, calls: INTEGER },
  required: ['client', 'calls'],
};

function view(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

export function ref(name: keyof typeof VIEW_SCHEMAS): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

export function nullable(name: keyof typeof VIEW_SCHEMAS): JsonSchema {
  return { oneOf: [ref(name), { type: 'null' }] };
}

export const VIEW_SCHEMAS = {
  DeploymentView: view({
    id: { type: 'integer' },
    service: STRING,
    version: STRING,
    environment: STRING,
    deployedAt: STRING,
    owner: NULLABLE_STRING,
    expectedResult: NULLABLE_STRING,
    rollbackNote: NULLABLE_STRING,
    rollbackNoteBy: NULLABLE_STRING,
    status: { type: 'string', enum: ['live', 'rolled_back', 'replaced'] },
    eventId: STRING,
    published: { type: 'boolean' },
    contractHash: NULLABLE_STRING,
  }),
  VersionView: view({
    service: STRING,
    version: STRING,
    contractHash: NULLABLE_STRING,
    published: { type: 'boolean' },
    createdAt: STRING,
    publishedAt: NULLABLE_STRING,
    branch: NULLABLE_STRING,
    commit: NULLABLE_STRING,
    dirty: { type: ['boolean', 'null'] },
  }),
  RollbackView: view({
    id: { type: 'integer' },
    eventId: STRING,
    service: STRING,
    environment: STRING,
    fromVersion: STRING,
    toVersion: STRING,
    at: STRING,
    by: NULLABLE_STRING,
    reason: NULLABLE_STRING,
  }),
  CorrectionView: view({
    id: { type: 'integer' },
    eventId: STRING,
    service: STRING,
    environment: STRING,
    undoes: STRING,
    summary: STRING,
    liveVersion: NULLABLE_STRING,
    at: STRING,
    by: NULLABLE_STRING,
    reason: STRING,
  }),
  ServiceView: view({ name: STRING, createdAt: STRING, deployCommand: NULLABLE_STRING }),
  EnvironmentView: view({ name: STRING, production: { type: 'boolean' }, createdAt: STRING }),
  TokenView: view({
    name: STRING,
    role: { type: 'string', enum: ['read', 'publish', 'deploy', 'admin'] },
    createdAt: STRING,
    createdBy: NULLABLE_STRING,
    revokedAt: NULLABLE_STRING,
  }),
  /** Calls of one operation over a usage window, with its top clients. */
  UsageOperationView: view({
    operation: STRING,
    calls: INTEGER,
    clients: INTEGER,
    topClients: { type: 'array', items: CLIENT_CALLS },
    statusClasses: {
      type: 'object',
      description: 'calls by status class (2xx, 3xx, 4xx, 5xx)',
      additionalProperties: INTEGER,
    },
    latency: {
      oneOf: [view({ p50: NUMBER, p95: NUMBER, p99: NUMBER }), { type: 'null' }],
      description: 'milliseconds; null when no line of the operation had a duration',
    },
  }),
  /** One client and what it calls. */
  UsageClientView: view({
    client: STRING,
    calls: INTEGER,
    operations: { type: 'array', items: view({ operation: STRING, calls: INTEGER }) },
  }),
  /** Calls of one operation, keyed without parameter names (`GET /items/{}`). */
  KeyedOperationUsage: view({
    key: STRING,
    operation: STRING,
    calls: INTEGER,
    clients: INTEGER,
    topClients: { type: 'array', items: CLIENT_CALLS },
  }),
  /** A diff of two contracts with the policy applied: the findings, counts and policy verdict. */
  Comparison: {
    type: 'object',
    properties: {
      base: STRING,
      revision: STRING,
      findings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: STRING,
            level: { type: 'string', enum: ['breaking', 'warning', 'info'] },
            message: STRING,
            hint: STRING,
            side: { type: 'string', enum: ['base', 'revision'] },
          },
          required: ['id', 'level', 'message', 'hint', 'side'],
        },
      },
      summary: {
        type: 'object',
        properties: { breaking: { type: 'integer' }, warning: { type: 'integer' }, info: { type: 'integer' } },
        required: ['breaking', 'warning', 'info'],
      },
    },
    required: ['base', 'revision', 'findings', 'summary'],
  },
} satisfies Record<string, JsonSchema>;
