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
const NULLABLE_NUMBER = { type: ['number', 'null'] };
const BOOLEAN = { type: 'boolean' };
const VERDICT = { type: 'string', enum: ['healthy', 'investigate', 'rollback', 'not-enough-data'] };
const EXPECTATION = { type: 'string', enum: ['met', 'not met', 'not measurable'] };
const CLIENT_CALLS = {
  type: 'object',
  properties: { client: STRING, calls: INTEGER },
  required: ['client', 'calls'],
};

function view(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

/** Within VIEW_SCHEMAS (whose names are not known yet there). */
const refTo = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullableOf = (name: string): JsonSchema => ({ oneOf: [refTo(name), { type: 'null' }] });

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
  /** The change between two contracts: counts and the first breaking lines. */
  ChangeSummary: view({
    from: STRING,
    to: STRING,
    breaking: INTEGER,
    warning: INTEGER,
    info: INTEGER,
    topBreaking: { type: 'array', items: STRING, maxItems: 3 },
    moreBreaking: INTEGER,
  }),
  /** One event of a service's history, by `kind`. */
  HistoryEvent: {
    oneOf: [
      view({
        kind: { const: 'published' },
        id: STRING,
        at: STRING,
        version: refTo('VersionView'),
        previousVersion: NULLABLE_STRING,
        changes: nullableOf('ChangeSummary'),
      }),
      view({
        kind: { const: 'deployed' },
        id: STRING,
        at: STRING,
        deployment: refTo('DeploymentView'),
        previousVersion: NULLABLE_STRING,
        changes: nullableOf('ChangeSummary'),
        undoneBy: NULLABLE_STRING,
      }),
      view({
        kind: { const: 'rolled-back' },
        id: STRING,
        at: STRING,
        rollback: refTo('RollbackView'),
        undoneBy: NULLABLE_STRING,
      }),
      view({ kind: { const: 'undone' }, id: STRING, at: STRING, correction: refTo('CorrectionView') }),
    ],
  },
  /** One numbered step of a rollback plan, with its command when it has one. */
  RollbackStep: view({ number: INTEGER, title: STRING, command: NULLABLE_STRING, detail: NULLABLE_STRING }),
  /** The version a rollback goes back to. */
  RollbackTarget: view({
    version: STRING,
    published: BOOLEAN,
    contractHash: NULLABLE_STRING,
    deployment: nullableOf('DeploymentView'),
  }),
  /** Calls to the operations a rollback removes (live has them, the target does not). */
  RollbackTraffic: view({
    days: INTEGER,
    since: STRING,
    until: STRING,
    totalCalls: INTEGER,
    removedCalls: INTEGER,
    removed: {
      type: 'array',
      items: view({
        operation: STRING,
        calls: INTEGER,
        clients: INTEGER,
        topClients: { type: 'array', items: CLIENT_CALLS },
      }),
    },
  }),
  /** One side of deploy compare: its span, minutes with data, requests and caveats. */
  CompareWindowView: view({
    from: STRING,
    to: STRING,
    minutes: INTEGER,
    requests: INTEGER,
    caveats: { type: 'array', items: STRING },
  }),
  /** Request rate, error shares and p95 of one operation in one window. */
  WindowMetrics: view({
    requests: INTEGER,
    ratePerMinute: NUMBER,
    rate5xx: NULLABLE_NUMBER,
    rate4xx: NULLABLE_NUMBER,
    p95Ms: NULLABLE_NUMBER,
  }),
  /** One operation before and after a deployment, with its verdict and the reasons. */
  OperationComparison: view({
    operation: STRING,
    before: refTo('WindowMetrics'),
    after: refTo('WindowMetrics'),
    verdict: VERDICT,
    reasons: { type: 'array', items: STRING },
  }),
  /** The thresholds deploy compare judged with (rates and drops are fractions). */
  CompareThresholds: view({
    minRequests: INTEGER,
    investigate5xxIncrease: NUMBER,
    rollback5xxIncrease: NUMBER,
    investigate4xxIncrease: NUMBER,
    investigateP95Ratio: NUMBER,
    rollbackP95Ratio: NUMBER,
    minP95IncreaseMs: NUMBER,
    investigateTrafficDrop: NUMBER,
  }),
  /** A deployment's expected result checked on the after-window, clause by clause. */
  ExpectationResult: view({
    text: STRING,
    status: EXPECTATION,
    reason: NULLABLE_STRING,
    clauses: {
      type: 'array',
      items: view({ clause: STRING, status: EXPECTATION, measured: NULLABLE_STRING, note: NULLABLE_STRING }),
    },
  }),
  /** One uploaded log: what was read, matched and not. */
  UsageFileResult: view({
    path: STRING,
    status: { type: 'string', enum: ['ingested', 'resumed', 'unchanged', 'stdin'] },
    format: NULLABLE_STRING,
    missing: { type: 'array', items: STRING },
    lines: INTEGER,
    matched: INTEGER,
    unparseable: INTEGER,
    firstUnparseable: {
      oneOf: [view({ lineNumber: INTEGER, text: STRING, reason: STRING }), { type: 'null' }],
    },
    unmatched: INTEGER,
    topUnmatched: { type: 'array', items: view({ request: STRING, count: INTEGER }) },
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
