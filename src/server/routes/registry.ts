/**
 * The registry operations over HTTP: each handler passes the validated request to the same
 * src/registry function the CLI calls and returns its result object as JSON. No logic here.
 */
import {
  canIDeploy,
  compareDeployment,
  createEnvironment,
  type DeployCompareInput,
  deploy,
  diffVersions,
  history,
  listEnvironments,
  listServices,
  listVersions,
  publish,
  rollbackPlan,
  rollbackRecord,
  setService,
  showVersion,
  undo,
} from '../../registry/index.js';
import { type ApiRoute, defineRoute, NAME, object, result, TEXT } from './_route.js';
import { nullable, ref } from './_views.js';

const FAIL_ON = { type: 'string', enum: ['breaking', 'warning', 'info', 'never'] };
const STRINGS = { type: 'array', items: { type: 'string' } };
const SERVICE_PARAMS = object({ service: NAME }, ['service']);

export const REGISTRY_ROUTES: ApiRoute[] = [
  defineRoute<unknown, unknown, PublishBody>({
    operationId: 'publish',
    method: 'POST',
    path: '/publish',
    role: 'publish',
    tag: 'registry',
    summary: 'Store a version of a service contract',
    description:
      'The contract text as read by the client (YAML or JSON, self-contained). The same service, version and content again changes nothing; the same version with other content is refused (409 REGISTRY_VERSION_CONFLICT).',
    write: true,
    bodyLimit: 70 * 1024 * 1024,
    body: object(
      {
        service: NAME,
        version: NAME,
        contract: { type: 'string', minLength: 1, description: 'the contract text' },
        name: {
          type: 'string',
          maxLength: 1000,
          description: 'the file name the contract was read from, for messages',
        },
        branch: { type: ['string', 'null'], maxLength: 1000 },
        commit: { type: ['string', 'null'], maxLength: 200 },
        dirty: { type: ['boolean', 'null'] },
      },
      ['service', 'version', 'contract'],
    ),
    response: result('PublishResult', {
      status: { type: 'string', enum: ['created', 'unchanged', 'attached'] },
      version: ref('VersionView'),
      newDocument: { type: 'boolean' },
      warnings: STRINGS,
    }),
    handler: ({ body }, { store, registryOptions }) => {
      const name = body.name ?? 'contract';
      return publish(
        store,
        {
          service: body.service,
          version: body.version,
          source: { uri: `upload:${name}`, displayName: name, text: body.contract },
          branch: body.branch ?? null,
          commit: body.commit ?? null,
          dirty: body.dirty ?? null,
        },
        registryOptions,
      );
    },
  }),
  defineRoute<unknown, unknown, DeployBody>({
    operationId: 'deploy',
    method: 'POST',
    path: '/deploy',
    role: 'deploy',
    tag: 'registry',
    summary: 'Record that a version now runs in an environment',
    write: true,
    body: object(
      {
        service: NAME,
        version: NAME,
        environment: NAME,
        owner: TEXT,
        expectedResult: TEXT,
        rollbackNote: TEXT,
        allowUnpublished: { type: 'boolean' },
        force: { type: 'boolean' },
      },
      ['service', 'version', 'environment'],
    ),
    response: result('DeployResult', {
      status: { type: 'string' },
      deployment: ref('DeploymentView'),
      replaced: nullable('DeploymentView'),
      overriddenRollback: nullable('RollbackView'),
      warnings: STRINGS,
    }),
    handler: ({ body }, { store, registryOptions }) => deploy(store, body, registryOptions),
  }),
  defineRoute<unknown, unknown, CanIDeployBody>({
    operationId: 'canIDeploy',
    method: 'POST',
    path: '/can-i-deploy',
    role: 'read',
    tag: 'registry',
    summary: 'Check a published version against what is live in an environment',
    description: 'verdict yes, no or unknown (the CLI exits 0 for yes, 1 otherwise). Nothing is written.',
    write: false,
    timeoutMs: 100_000,
    body: object(
      {
        service: NAME,
        version: NAME,
        environment: NAME,
        allowUnknown: { type: 'boolean' },
        retryWhileUnknownSeconds: { type: 'number', minimum: 0, maximum: 60 },
        productionFailOn: FAIL_ON,
        usage: object(
          {
            environment: NAME,
            days: { type: 'integer', minimum: 1, maximum: 36_500 },
            ignoreUnused: { type: 'boolean' },
          },
          ['environment', 'days', 'ignoreUnused'],
        ),
      },
      ['service', 'version', 'environment'],
    ),
    response: result('CanIDeployResult', {
      verdict: { type: 'string', enum: ['yes', 'no', 'unknown'] },
      reason: { type: 'string' },
      live: nullable('DeploymentView'),
      comparison: nullable('Comparison'),
      warnings: STRINGS,
    }),
    // With usage the answer depends on the clock (the window ends now); a retry loop waits for changes.
    reusable: ({ body }) => body.usage === undefined && (body.retryWhileUnknownSeconds ?? 0) === 0,
    handler: ({ body }, { store, registryOptions }) => canIDeploy(store, body, registryOptions),
  }),
  defineRoute<unknown, unknown, RollbackPlanBody>({
    operationId: 'rollbackPlan',
    method: 'POST',
    path: '/rollback/plan',
    role: 'read',
    tag: 'registry',
    summary: 'Plan a rollback: what it changes for clients, the rollback note, the steps',
    description: 'safe is false when the policy blocks the rollback (the CLI exits 1). Nothing is written.',
    write: false,
    body: object(
      {
        service: NAME,
        environment: NAME,
        to: NAME,
        deployCommand: { type: ['string', 'null'], maxLength: 10_000 },
      },
      ['service', 'environment'],
    ),
    response: result('RollbackPlanResult', {
      service: { type: 'string' },
      environment: { type: 'string' },
      live: ref('DeploymentView'),
      target: ref('RollbackTarget'),
      comparison: nullable('Comparison'),
      safe: { type: 'boolean' },
      note: {
        type: 'object',
        properties: {
          rollbackNote: { type: ['string', 'null'] },
          writtenBy: { type: ['string', 'null'] },
          owner: { type: ['string', 'null'] },
        },
        required: ['rollbackNote', 'writtenBy', 'owner'],
      },
      lastRollback: nullable('RollbackView'),
      skippedRolledBack: { type: 'array', items: ref('RollbackView') },
      deployCommandSource: { enum: ['service', 'config', null] },
      traffic: nullable('RollbackTraffic'),
      steps: { type: 'array', items: ref('RollbackStep') },
      warnings: STRINGS,
    }),
    handler: ({ body }, { store, registryOptions }) => rollbackPlan(store, body, registryOptions),
  }),
  defineRoute<unknown, unknown, RollbackRecordBody>({
    operationId: 'rollbackRecord',
    method: 'POST',
    path: '/rollback/record',
    role: 'deploy',
    tag: 'registry',
    summary: 'Record a rollback that was carried out',
    write: true,
    body: object(
      {
        service: NAME,
        environment: NAME,
        to: NAME,
        from: { type: ['string', 'null'], maxLength: 200 },
        by: TEXT,
        reason: TEXT,
      },
      ['service', 'environment', 'to'],
    ),
    response: result('RollbackRecordResult', {
      rollback: ref('RollbackView'),
      rolledBack: ref('DeploymentView'),
      live: ref('DeploymentView'),
      createdDeployment: { type: 'boolean' },
    }),
    handler: ({ body }, { store, registryOptions }) => rollbackRecord(store, body, registryOptions),
  }),
  defineRoute<unknown, unknown, UndoBody>({
    operationId: 'undo',
    method: 'POST',
    path: '/undo',
    role: 'deploy',
    tag: 'registry',
    summary: 'Reverse a deployment or rollback record with a correction event',
    write: true,
    body: object(
      {
        eventId: { type: 'string', minLength: 1, maxLength: 100 },
        reason: { type: 'string', minLength: 1, maxLength: 10_000 },
        by: TEXT,
      },
      ['eventId', 'reason'],
    ),
    response: result('UndoResult', { correction: ref('CorrectionView'), live: nullable('DeploymentView') }),
    handler: ({ body }, { store, registryOptions }) => undo(store, body, registryOptions),
  }),
  defineRoute({
    operationId: 'listServices',
    method: 'GET',
    path: '/services',
    role: 'read',
    tag: 'catalog',
    summary: 'List services',
    write: false,
    response: result('ServiceListResult', { services: { type: 'array', items: ref('ServiceView') } }),
    reusable: () => true,
    handler: (_input, { store }) => listServices(store),
  }),
  defineRoute<{ service: string }, unknown, { deployCommand: string }>({
    operationId: 'setService',
    method: 'PUT',
    path: '/services/:service',
    role: 'deploy',
    tag: 'catalog',
    summary: "Record a service's deploy command (rollback plans print it)",
    write: true,
    params: SERVICE_PARAMS,
    body: object({ deployCommand: { type: 'string', maxLength: 10_000 } }, ['deployCommand']),
    response: result('ServiceSetResult', { status: { type: 'string' }, service: ref('ServiceView') }),
    handler: ({ params, body }, { store, registryOptions }) =>
      setService(store, { service: params.service, deployCommand: body.deployCommand }, registryOptions),
  }),
  defineRoute({
    operationId: 'listEnvironments',
    method: 'GET',
    path: '/environments',
    role: 'read',
    tag: 'catalog',
    summary: 'List environments and their production flag',
    write: false,
    response: result('EnvironmentListResult', { environments: { type: 'array', items: ref('EnvironmentView') } }),
    reusable: () => true,
    handler: (_input, { store }) => listEnvironments(store),
  }),
  defineRoute<unknown, unknown, { name: string; production?: boolean }>({
    operationId: 'createEnvironment',
    method: 'POST',
    path: '/environments',
    role: 'deploy',
    tag: 'catalog',
    summary: 'Create an environment, or change its production flag',
    write: true,
    body: object({ name: NAME, production: { type: 'boolean' } }, ['name']),
    response: result('EnvironmentCreateResult', { status: { type: 'string' }, environment: ref('EnvironmentView') }),
    handler: ({ body }, { store, registryOptions }) => createEnvironment(store, body, registryOptions),
  }),
  defineRoute<{ service: string }, unknown, unknown>({
    operationId: 'listVersions',
    method: 'GET',
    path: '/services/:service/versions',
    role: 'read',
    tag: 'catalog',
    summary: 'List the versions of a service, newest first in version order',
    write: false,
    params: SERVICE_PARAMS,
    response: result('VersionListResult', {
      service: { type: 'string' },
      versions: { type: 'array', items: ref('VersionView') },
    }),
    reusable: () => true,
    handler: ({ params }, { store }) => listVersions(store, { service: params.service }),
  }),
  defineRoute<{ service: string; version: string }, unknown, unknown>({
    operationId: 'showVersion',
    method: 'GET',
    path: '/services/:service/versions/:version',
    role: 'read',
    tag: 'catalog',
    summary: 'The stored contract of a published version (canonical JSON text)',
    write: false,
    params: object({ service: NAME, version: NAME }, ['service', 'version']),
    response: result('ShowResult', { version: ref('VersionView'), text: { type: 'string' } }),
    reusable: () => true,
    handler: ({ params }, { store }) => showVersion(store, params),
  }),
  defineRoute<{ service: string }, { environment?: string; limit?: number; since?: string }, unknown>({
    operationId: 'history',
    method: 'GET',
    path: '/services/:service/history',
    role: 'read',
    tag: 'registry',
    summary: 'Versions, deployments, rollbacks and corrections of a service, newest first',
    write: false,
    params: SERVICE_PARAMS,
    querystring: object({
      environment: NAME,
      limit: { type: 'integer', minimum: 1, maximum: 100_000 },
      since: { type: 'string', maxLength: 100 },
    }),
    response: result('HistoryResult', {
      service: { type: 'string' },
      environment: { type: ['string', 'null'] },
      live: { type: 'array', items: ref('DeploymentView') },
      events: { type: 'array', items: ref('HistoryEvent'), description: 'newest first' },
      truncated: { type: 'boolean' },
      limit: { type: 'integer' },
      since: { type: ['string', 'null'] },
      warnings: STRINGS,
    }),
    reusable: () => true,
    handler: ({ params, query }, { store, registryOptions }) =>
      history(
        store,
        { service: params.service, environment: query.environment ?? null, limit: query.limit, since: query.since },
        registryOptions,
      ),
  }),
  defineRoute<{ service: string }, { base: string; revision: string }, unknown>({
    operationId: 'diffVersions',
    method: 'GET',
    path: '/services/:service/diff',
    role: 'read',
    tag: 'registry',
    summary: 'Compare two stored versions of a service (base -> revision), policy applied',
    description:
      'blocked is the policy verdict (holdfast diff exits 1). comparison is the JSON report of holdfast diff.',
    write: false,
    params: SERVICE_PARAMS,
    querystring: object({ base: NAME, revision: NAME }, ['base', 'revision']),
    response: result('VersionDiffResult', {
      base: ref('VersionView'),
      revision: ref('VersionView'),
      blocked: { type: 'boolean' },
      comparison: ref('Comparison'),
    }),
    reusable: () => true,
    handler: ({ params, query }, { store, registryOptions }) =>
      diffVersions(store, { service: params.service, base: query.base, revision: query.revision }, registryOptions),
  }),
  defineRoute<unknown, unknown, DeployCompareInput>({
    operationId: 'deployCompare',
    method: 'POST',
    path: '/deploy/compare',
    role: 'read',
    tag: 'usage',
    summary: 'Did a deployment change anything? The window before it against the window after it',
    description:
      "From the access logs ingested into this registry, per operation: request rate, 5xx and 4xx rates, p95 latency, a verdict (healthy, investigate, rollback, not-enough-data; the CLI exits 0, 1, 1 and 3) and the deployment's expected result checked. Nothing is written.",
    write: false,
    body: object(
      {
        service: NAME,
        environment: NAME,
        deployment: { type: 'string', minLength: 1, maxLength: 40, description: 'deploy-N (default: the live one)' },
        windowMinutes: { type: 'integer', minimum: 1, maximum: 7 * 24 * 60 },
        thresholds: object({
          minRequests: { type: 'integer', minimum: 0 },
          investigate5xxIncrease: { type: 'number', minimum: 0, maximum: 1 },
          rollback5xxIncrease: { type: 'number', minimum: 0, maximum: 1 },
          investigate4xxIncrease: { type: 'number', minimum: 0, maximum: 1 },
          investigateP95Ratio: { type: 'number', minimum: 1 },
          rollbackP95Ratio: { type: 'number', minimum: 1 },
          minP95IncreaseMs: { type: 'integer', minimum: 0 },
          investigateTrafficDrop: { type: 'number', minimum: 0, maximum: 1 },
        }),
      },
      ['service', 'environment'],
    ),
    response: result('DeployCompareResult', {
      service: { type: 'string' },
      environment: { type: 'string' },
      deployment: ref('DeploymentView'),
      source: { type: 'string' },
      windowMinutes: { type: 'integer' },
      before: ref('CompareWindowView'),
      after: {
        allOf: [ref('CompareWindowView')],
        properties: { complete: { type: 'boolean' } },
        required: ['complete'],
      },
      thresholds: ref('CompareThresholds'),
      verdict: { type: 'string', enum: ['healthy', 'investigate', 'rollback', 'not-enough-data'] },
      verdictText: { type: 'string' },
      operations: {
        type: 'array',
        items: ref('OperationComparison'),
        description: 'the all-operations row first, then operations worst first',
      },
      expected: nullable('ExpectationResult'),
      caveats: STRINGS,
      rollbackCommand: { type: ['string', 'null'] },
    }),
    handler: ({ body }, { store, registryOptions }) => compareDeployment(store, body, registryOptions),
  }),
];

interface PublishBody {
  service: string;
  version: string;
  contract: string;
  name?: string;
  branch?: string | null;
  commit?: string | null;
  dirty?: boolean | null;
}

interface DeployBody {
  service: string;
  version: string;
  environment: string;
  owner?: string | null;
  expectedResult?: string | null;
  rollbackNote?: string | null;
  allowUnpublished?: boolean;
  force?: boolean;
}

interface CanIDeployBody {
  service: string;
  version: string;
  environment: string;
  allowUnknown?: boolean;
  retryWhileUnknownSeconds?: number;
  productionFailOn?: 'breaking' | 'warning' | 'info' | 'never';
  usage?: { environment: string; days: number; ignoreUnused: boolean };
}

interface RollbackPlanBody {
  service: string;
  environment: string;
  to?: string;
  deployCommand?: string | null;
}

interface RollbackRecordBody {
  service: string;
  environment: string;
  to: string;
  from?: string | null;
  by?: string | null;
  reason?: string | null;
}

interface UndoBody {
  eventId: string;
  reason: string;
  by?: string | null;
}
