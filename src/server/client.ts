/**
 * The other side of the API: what the CLI's registry commands call with `--server URL` (or
 * `HOLDFAST_SERVER`). Each method sends one request and returns the very result object the
 * registry function returns locally, so the CLI renders it the same way; error bodies come back as
 * the same AppError (code, message, retryable, exit code). No Fastify here: only `fetch`.
 *
 * @example
 * const client = new RegistryClient({ server: 'http://127.0.0.1:8080', token: process.env.HOLDFAST_TOKEN });
 * const { services } = await client.listServices();
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError, type ErrorCode, retryAdvice } from '../errors.js';
import type {
  CanIDeployInput,
  CanIDeployResult,
  DeployCompareInput,
  DeployCompareResult,
  DeployInput,
  DeployResult,
  EnvironmentCreateInput,
  EnvironmentCreateResult,
  EnvironmentListResult,
  HistoryInput,
  HistoryResult,
  PublishInput,
  PublishResult,
  RollbackPlanInput,
  RollbackPlanResult,
  RollbackRecordInput,
  RollbackRecordResult,
  ServiceListResult,
  ServiceSetInput,
  ServiceSetResult,
  ShowResult,
  TokenCreateResult,
  TokenListResult,
  TokenRevokeResult,
  TokenRole,
  UndoInput,
  UndoResult,
  UsageByOperationInput,
  UsageByOperationResult,
  UsageIngestInput,
  UsageIngestResult,
  UsageShowInput,
  UsageShowResult,
  VersionDiffResult,
  VersionListResult,
} from '../registry/index.js';
import { checkName } from '../registry/index.js';

export interface ClientOptions {
  /** The server's base URL (`https://holdfast.example.com`, or with a path prefix behind a proxy). */
  server: string;
  /** A token (HOLDFAST_TOKEN); without one only open reads work. */
  token?: string;
  /** Tries per request while the answer is retryable and repeating is safe (default 3). */
  attempts?: number;
  /** How to wait between tries; tests replace it. */
  sleep?: (milliseconds: number) => Promise<void>;
}

/**
 * Retryable answers after which the write certainly did not happen, so repeating it is safe:
 * the database was busy (nothing committed), the server was stopping (nothing started), or the
 * connection was refused (nothing sent). Reads are repeated on any retryable answer.
 */
const NOT_DONE: ReadonlySet<string> = new Set(['STORE_BUSY', 'SERVER_SHUTTING_DOWN']);

/** Every registry operation the CLI runs, wherever the registry is (a store here, a server there). */
export interface RegistryOperations {
  publish(input: PublishInput): Promise<PublishResult>;
  deploy(input: DeployInput): Promise<DeployResult>;
  canIDeploy(input: CanIDeployInput): Promise<CanIDeployResult>;
  compareDeployment(input: DeployCompareInput): Promise<DeployCompareResult>;
  rollbackPlan(input: RollbackPlanInput): Promise<RollbackPlanResult>;
  rollbackRecord(input: RollbackRecordInput): Promise<RollbackRecordResult>;
  undo(input: UndoInput): Promise<UndoResult>;
  history(input: HistoryInput): Promise<HistoryResult>;
  listServices(): Promise<ServiceListResult>;
  listEnvironments(): Promise<EnvironmentListResult>;
  listVersions(input: { service: string }): Promise<VersionListResult>;
  showVersion(input: { service: string; version: string }): Promise<ShowResult>;
  diffVersions(input: { service: string; base: string; revision: string }): Promise<VersionDiffResult>;
  createEnvironment(input: EnvironmentCreateInput): Promise<EnvironmentCreateResult>;
  setService(input: ServiceSetInput): Promise<ServiceSetResult>;
  ingestUsage(input: UsageIngestInput): Promise<UsageIngestResult>;
  showUsage(input: UsageShowInput): Promise<UsageShowResult>;
  /** Calls per operation over a window: what `diff`/`check --usage` rank findings by. */
  usageByOperation(input: UsageByOperationInput): Promise<UsageByOperationResult>;
  createToken(input: { name: string; role: TokenRole; by?: string | null }): Promise<TokenCreateResult>;
  listTokens(): Promise<TokenListResult>;
  revokeToken(input: { name: string }): Promise<TokenRevokeResult>;
}

const ERROR_CODE = /^[A-Z][A-Z_]*$/;

interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  raw?: Readable;
  contentType?: string;
}

export class RegistryClient implements RegistryOperations {
  readonly #base: string;
  readonly #token: string | undefined;
  readonly #attempts: number;
  readonly #sleep: (milliseconds: number) => Promise<void>;

  constructor(options: ClientOptions) {
    let url: URL;
    try {
      url = new URL(options.server);
    } catch {
      throw new AppError(
        'USAGE',
        `Invalid server URL "${options.server}": not a URL; expected http(s)://host[:port] (--server or HOLDFAST_SERVER).`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AppError(
        'USAGE',
        `Invalid server URL "${options.server}": scheme ${url.protocol}; expected http(s)://host[:port] (--server or HOLDFAST_SERVER).`,
      );
    }
    if (url.search !== '' || url.hash !== '') {
      throw new AppError(
        'USAGE',
        `Invalid server URL "${options.server}": it has a ${url.search !== '' ? 'query' : 'fragment'}; expected http(s)://host[:port][/prefix] (--server or HOLDFAST_SERVER).`,
      );
    }
    // The API's URL (what `holdfast serve` prints as "API ...") names the same server: the client
    // adds /api/v1 itself.
    this.#base = url
      .toString()
      .replace(/\/+$/, '')
      .replace(/\/api\/v1$/, '');
    this.#token = checkedToken(options.token);
    this.#attempts = Math.max(1, options.attempts ?? 3);
    this.#sleep = options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
  }

  /** One request, tried again (after 1 s, then 2 s) while the answer is retryable and repeating is safe. */
  async #call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once<T>(method, path, options);
      } catch (error) {
        const again =
          error instanceof AppError &&
          error.retryable &&
          attempt < this.#attempts &&
          // A stream cannot be sent twice.
          options.raw === undefined &&
          (method === 'GET' || NOT_DONE.has(error.code) || refused(error));
        if (!again) throw attempt > 1 ? afterTries(error, attempt) : error;
        await this.#sleep(1000 * attempt);
      }
    }
  }

  async #once<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null) query.set(name, String(value));
    }
    const url = `${this.#base}/api/v1${path}${query.size > 0 ? `?${query}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    let body: string | ReadableStream | undefined;
    if (options.raw !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = Readable.toWeb(options.raw) as ReadableStream;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, ...(options.raw === undefined ? {} : { duplex: 'half' }) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      if (cause === 'bad port') {
        const port = new URL(this.#base).port;
        throw new AppError(
          'SERVER_UNREACHABLE',
          `Could not reach the holdfast server ${this.#base}: Node's fetch refuses port ${port} (a "bad port" of the Fetch standard; browsers refuse it too); expected a server on another port. Start holdfast serve with another --port (8080 by default); retrying will not help.`,
          { retryable: false, cause: error },
        );
      }
      const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
      if (this.#base.startsWith('https:') && typeof code === 'string' && code.startsWith('ERR_SSL_')) {
        const found =
          code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? 'it answered in plain HTTP' : `the TLS handshake failed (${code})`;
        throw new AppError(
          'SERVER_UNREACHABLE',
          `Could not reach the holdfast server ${this.#base} over HTTPS: ${found}; expected a server that speaks HTTPS there. holdfast serve itself speaks plain HTTP: use http:// for it, and https:// for a proxy that terminates TLS; retrying will not help.`,
          { retryable: false, cause: error },
        );
      }
      throw new AppError(
        'SERVER_UNREACHABLE',
        `Could not reach the holdfast server ${this.#base}: ${cause}; expected a running holdfast serve at that URL. ${retryAdvice(true)}`,
        { retryable: true, cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok && parsed !== undefined) return parsed as T;
    const error = (
      parsed as { error?: { code?: unknown; message?: unknown; retryable?: unknown; exitCode?: unknown } } | undefined
    )?.error;
    if (
      error !== undefined &&
      typeof error.code === 'string' &&
      ERROR_CODE.test(error.code) &&
      typeof error.message === 'string'
    ) {
      throw new AppError(error.code as ErrorCode, error.message, {
        retryable: error.retryable === true,
        exitCode: typeof error.exitCode === 'number' ? error.exitCode : 2,
      });
    }
    const html = /^\s*</.test(text) || /html/i.test(response.headers.get('content-type') ?? '');
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim().replace(/\s+/g, ' ');
    const found = html
      ? `an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''}`
      : text.trim() === ''
        ? 'an empty body'
        : text.slice(0, 120).replace(/\s+/g, ' ');
    throw new AppError(
      'SERVER_BAD_RESPONSE',
      `Unexpected answer from ${method} ${url}: HTTP ${response.status}, ${found}; expected holdfast's JSON. ${retryAdvice(
        response.status >= 500,
        `Check that --server (or HOLDFAST_SERVER) is the URL holdfast serve prints first ("listening on http://HOST:PORT"), or behind a proxy that URL plus the proxy's prefix; it is ${this.#base}`,
      )}`,
      { retryable: response.status >= 500 },
    );
  }

  publish(input: PublishInput): Promise<PublishResult> {
    names(['service', input.service], ['version', input.version]);
    return this.#call('POST', '/publish', {
      body: {
        service: input.service,
        version: input.version,
        contract: input.source.text,
        name: input.source.displayName,
        branch: input.branch ?? null,
        commit: input.commit ?? null,
        dirty: input.dirty ?? null,
      },
    });
  }

  deploy(input: DeployInput): Promise<DeployResult> {
    names(['service', input.service], ['version', input.version], ['environment', input.environment]);
    return this.#call('POST', '/deploy', { body: withoutUndefined(input) });
  }

  canIDeploy(input: CanIDeployInput): Promise<CanIDeployResult> {
    names(['service', input.service], ['version', input.version], ['environment', input.environment]);
    return this.#call('POST', '/can-i-deploy', { body: withoutUndefined(input) });
  }

  compareDeployment(input: DeployCompareInput): Promise<DeployCompareResult> {
    names(['service', input.service], ['environment', input.environment]);
    return this.#call('POST', '/deploy/compare', { body: withoutUndefined(input) });
  }

  rollbackPlan(input: RollbackPlanInput): Promise<RollbackPlanResult> {
    names(['service', input.service], ['environment', input.environment], ['version', input.to]);
    return this.#call('POST', '/rollback/plan', { body: withoutUndefined(input) });
  }

  rollbackRecord(input: RollbackRecordInput): Promise<RollbackRecordResult> {
    names(
      ['service', input.service],
      ['environment', input.environment],
      ['version', input.to],
      ['version', input.from],
    );
    return this.#call('POST', '/rollback/record', { body: withoutUndefined(input) });
  }

  undo(input: UndoInput): Promise<UndoResult> {
    return this.#call('POST', '/undo', { body: withoutUndefined(input) });
  }

  history(input: HistoryInput): Promise<HistoryResult> {
    names(['service', input.service], ['environment', input.environment]);
    return this.#call('GET', `/services/${segment(input.service)}/history`, {
      query: { environment: input.environment, limit: input.limit, since: input.since },
    });
  }

  listServices(): Promise<ServiceListResult> {
    return this.#call('GET', '/services');
  }

  listEnvironments(): Promise<EnvironmentListResult> {
    return this.#call('GET', '/environments');
  }

  listVersions(input: { service: string }): Promise<VersionListResult> {
    names(['service', input.service]);
    return this.#call('GET', `/services/${segment(input.service)}/versions`);
  }

  showVersion(input: { service: string; version: string }): Promise<ShowResult> {
    names(['service', input.service], ['version', input.version]);
    return this.#call('GET', `/services/${segment(input.service)}/versions/${segment(input.version)}`);
  }

  diffVersions(input: { service: string; base: string; revision: string }): Promise<VersionDiffResult> {
    names(['service', input.service], ['version', input.base], ['version', input.revision]);
    return this.#call('GET', `/services/${segment(input.service)}/diff`, {
      query: { base: input.base, revision: input.revision },
    });
  }

  createEnvironment(input: EnvironmentCreateInput): Promise<EnvironmentCreateResult> {
    names(['environment', input.name]);
    return this.#call('POST', '/environments', { body: withoutUndefined(input) });
  }

  setService(input: ServiceSetInput): Promise<ServiceSetResult> {
    names(['service', input.service]);
    return this.#call('PUT', `/services/${segment(input.service)}`, { body: { deployCommand: input.deployCommand } });
  }

  /**
   * Uploads each log (folders: every file inside, oldest first; `-`: standard input) and adds the
   * answers up as one result. The server tracks logs by content, so uploading again counts nothing twice.
   */
  async ingestUsage(input: UsageIngestInput): Promise<UsageIngestResult> {
    names(['service', input.service], ['environment', input.environment], ['version', input.version]);
    const fields = input.jsonFields ?? {};
    const results: UsageIngestResult[] = [];
    for (const path of await expandLogPaths(input.files)) {
      const raw = path === '-' ? Readable.from(input.stdin ?? []) : createReadStream(path);
      results.push(
        await this.#call<UsageIngestResult>('POST', '/usage/ingest', {
          raw,
          query: {
            service: input.service,
            environment: input.environment,
            version: input.version,
            name: path,
            format: input.format,
            client: input.client,
            clientField: fields.header,
            methodField: fields.method,
            pathField: fields.path,
            requestField: fields.request,
            statusField: fields.status,
            durationField: fields.duration,
            timestampField: fields.timestamp,
            addressField: fields.address,
            userAgentField: fields.userAgent,
          },
        }),
      );
    }
    const [first] = results;
    if (first === undefined) {
      throw new AppError('USAGE', 'No log given: expected at least one file, folder or - for usage ingest.');
    }
    const totals = { lines: 0, matched: 0, unparseable: 0, unmatched: 0, batches: 0 };
    for (const result of results) {
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += result.totals[key];
    }
    return { ...first, files: results.flatMap((result) => result.files), totals };
  }

  showUsage(input: UsageShowInput): Promise<UsageShowResult> {
    names(['service', input.service], ['environment', input.environment]);
    return this.#call('GET', `/services/${segment(input.service)}/environments/${segment(input.environment)}/usage`, {
      query: { days: input.days },
    });
  }

  usageByOperation(input: UsageByOperationInput): Promise<UsageByOperationResult> {
    names(['service', input.service], ['environment', input.environment]);
    return this.#call(
      'GET',
      `/services/${segment(input.service)}/environments/${segment(input.environment)}/usage/operations`,
      { query: { days: input.days, ignoreUnused: input.ignoreUnused } },
    );
  }

  createToken(input: { name: string; role: TokenRole; by?: string | null }): Promise<TokenCreateResult> {
    names(['token name', input.name]);
    return this.#call('POST', '/tokens', { body: { name: input.name, role: input.role } });
  }

  listTokens(): Promise<TokenListResult> {
    return this.#call('GET', '/tokens');
  }

  revokeToken(input: { name: string }): Promise<TokenRevokeResult> {
    return this.#call('DELETE', `/tokens/${segment(input.name)}`);
  }
}

/**
 * HOLDFAST_TOKEN as given, trimmed; refused when it cannot be a token, without repeating it (a
 * token is never printed): a pasted header value ("Bearer hf_...") or several words.
 */
function checkedToken(token: string | undefined): string | undefined {
  const trimmed = token?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (/^bearer\s/i.test(trimmed)) {
    throw new AppError(
      'USAGE',
      'Invalid HOLDFAST_TOKEN: it starts with "Bearer ", a header value; expected the token alone (hf_ and 43 characters, as holdfast token create prints it). Remove "Bearer "; retrying will not help.',
    );
  }
  if (/\s/.test(trimmed)) {
    throw new AppError(
      'USAGE',
      'Invalid HOLDFAST_TOKEN: it holds several words; expected one token (hf_ and 43 characters, as holdfast token create prints it). Set it to the token alone; retrying will not help.',
    );
  }
  return trimmed;
}

/**
 * The last error after `tries` tries, saying so: whoever reads "retrying may help" should know
 * the command already waited (1 s, then 2 s) and tried again.
 */
function afterTries(error: unknown, tries: number): unknown {
  if (!(error instanceof AppError) || !error.retryable) return error;
  const waited = (tries * (tries - 1)) / 2;
  const advice = retryAdvice(true);
  const message = error.message.endsWith(advice)
    ? `${error.message.slice(0, -1)} (this command tried ${tries} times over ${waited} s).`
    : `${error.message} (This command tried ${tries} times over ${waited} s.)`;
  return new AppError(error.code, message, { retryable: true, exitCode: error.exitCode, cause: error.cause });
}

/**
 * The registry's own name checks, before sending: an empty or overlong name would otherwise be
 * refused by the API's schema in other words than the same command on a database uses.
 */
function names(...pairs: Array<[kind: string, value: string | null | undefined]>): void {
  for (const [kind, value] of pairs) if (value !== undefined && value !== null) checkName(kind, value);
}

/** The connection was refused: the request never reached a server. */
function refused(error: AppError): boolean {
  return (
    error.code === 'SERVER_UNREACHABLE' &&
    /ECONNREFUSED/.test(String((error.cause as { cause?: unknown })?.cause ?? ''))
  );
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The request body: fields left undefined are not sent (the server's schemas refuse unknown ones only). */
function withoutUndefined(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter((entry) => entry[1] !== undefined));
}

/** Files as given; a folder becomes its files, oldest first (as local ingest reads rotated logs). */
async function expandLogPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(path);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new AppError(
        'LOAD_NOT_FOUND',
        `Could not read log "${path}": no such file or folder; expected an access log, a folder of them, or - for standard input. Fix the path; retrying will not help.`,
      );
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const inside = await Promise.all(
      entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map(async (entry) => ({ path: join(path, entry.name), mtime: (await stat(join(path, entry.name))).mtimeMs })),
    );
    inside.sort((a, b) => a.mtime - b.mtime || basename(b.path).localeCompare(basename(a.path)));
    files.push(...inside.map((entry) => entry.path));
  }
  return files;
}
