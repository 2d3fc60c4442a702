/**
 * A real `holdfast serve` server for tests: a real database (SQLite file, and PostgreSQL under
 * scripts/with-postgres.sh), listening on 127.0.0.1 on a random port, with one token per role.
 * Private to test/server.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { createToken, type TokenRole } from '../../src/registry/index.js';
import { API_ROUTES, buildServer, closeServer, openApiDocument, type ServerOptions } from '../../src/server/index.js';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';
import type { Backend, TestDatabase } from '../registry/_backends.js';

const DOCUMENT_ID = 'https://holdfast.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
const document = openApiDocument(API_ROUTES) as { paths: Record<string, Record<string, unknown>> };
ajv.addSchema({ ...document, $id: DOCUMENT_ID });

/**
 * Throws unless a 200 JSON answer matches the response schema the OpenAPI document gives its
 * route: what the document promises is what the server sends.
 */
export function checkDocumented(method: string, path: string, body: unknown): void {
  const plain = path.split('?')[0] ?? path;
  const template = Object.keys(document.paths).find((candidate) =>
    new RegExp(`^${candidate.replace(/\{\w+\}/g, '[^/]+')}$`).test(plain),
  );
  if (template === undefined || document.paths[template]?.[method.toLowerCase()] === undefined) {
    throw new Error(`${method} ${plain} answered 200 but is not in the OpenAPI document`);
  }
  const pointer = ['paths', template, method.toLowerCase(), 'responses', '200', 'content', 'application/json', 'schema']
    .map((segment) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1')))
    .join('/');
  const validate = ajv.getSchema(`${DOCUMENT_ID}#/${pointer}`);
  if (validate === undefined) throw new Error(`no response schema at ${pointer}`);
  if (!validate(body)) {
    throw new Error(`${method} ${plain}: the answer does not match the document: ${ajv.errorsText(validate.errors)}`);
  }
}

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  database: TestDatabase;
  url: string;
  tokens: Record<TokenRole, string>;
  /** Log lines the server wrote (JSON, one per element). */
  logs: string[];
  request(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; headers: Headers; text: string }>;
  close(): Promise<void>;
}

export async function startServer(
  backend: Backend,
  options: Partial<Omit<ServerOptions, 'store' | 'registryOptions'>> = {},
  storeOptions: StoreOptions = {},
): Promise<TestServer> {
  const database = await backend.create();
  const store = await openStore(database.config, storeOptions);
  const registryOptions = { cwd: database.folder };
  const tokens = {} as Record<TokenRole, string>;
  for (const role of ['read', 'publish', 'deploy', 'admin'] as const) {
    tokens[role] = (await createToken(store, { name: `test-${role}`, role }, registryOptions)).token;
  }
  const logs: string[] = [];
  const app = await buildServer({
    store,
    registryOptions,
    log: { stream: { write: (line: string) => void logs.push(line) } },
    ...options,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    store,
    database,
    url,
    tokens,
    logs,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      const token = requestOptions.token === undefined ? tokens.admin : requestOptions.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (requestOptions.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof requestOptions.body === 'string' ? requestOptions.body : JSON.stringify(requestOptions.body);
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      if (response.status === 200 && typeof parsed === 'object') checkDocumented(method, path, parsed);
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async close() {
      await closeServer(app);
      await store.close();
      await database.dispose();
    },
  };
}
