/**
 * A compiled router: every path template of a contract in one segment trie, so matching a logged
 * request costs one walk over its segments instead of one regular expression per template.
 *
 * Precedence (documented in docs/performance.md and src/usage/index.ts): at each segment a static
 * segment wins over a `{parameter}`; when the static branch leads nowhere deeper the parameter
 * branch is tried (backtracking), so `/users/me` matches `/users/me` when that template exists and
 * `/users/{user_id}` otherwise. This is the OpenAPI rule ("concrete paths are matched before their
 * templated counterparts"). Starlette itself takes the first route in declaration order; the two
 * only disagree when an app declares `/users/{id}` before `/users/me`, in which case the app never
 * reaches the static route at all.
 */

/** One operation the router can return: the method and the path template as the contract writes them. */
export interface RouteOperation {
  /** `GET /items/{item_id}`: method upper-case, template as written in the contract. */
  key: string;
  method: string;
  template: string;
}

/** Why a request did not match an operation. */
export type RouteMiss = 'path' | 'method';

interface Node {
  statics: Map<string, Node>;
  parameter: Node | undefined;
  /** Operations ending at this node, by upper-case method. */
  methods: Map<string, RouteOperation> | undefined;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function newNode(): Node {
  return { statics: new Map(), parameter: undefined, methods: undefined };
}

/** Splits a path into its segments, keeping empty ones except the leading one (`/a//b/` -> a, '', b, ''). */
function splitSegments(path: string): string[] {
  const segments = path.split('/');
  if (segments[0] === '') segments.shift();
  return segments;
}

function isParameter(segment: string): boolean {
  return segment.length > 2 && segment.charCodeAt(0) === 123 && segment.charCodeAt(segment.length - 1) === 125;
}

const hexValue = (code: number): number => {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
};

/**
 * Percent-decodes a request path the way an ASGI server fills `scope["path"]` before routing
 * (Starlette matches the decoded path, so `/items/a%2Fb` is `/items/a/b` and matches no
 * `/items/{item_id}`). Malformed escapes (`%zz`, a truncated `%4`) and byte sequences that are
 * not UTF-8 are kept as written instead of throwing; `+` stays `+` (it means space only in forms).
 *
 * @example
 * decodePath('/items/caf%C3%A9') // '/items/café'
 */
export function decodePath(path: string): string {
  if (path.indexOf('%') === -1) return path;
  const bytes: number[] = [];
  let out = '';
  let index = 0;
  const flush = (): void => {
    if (bytes.length === 0) return;
    const buffer = Buffer.from(bytes);
    const text = buffer.toString('utf8');
    // U+FFFD means the bytes were not UTF-8: keep the escapes as logged rather than inventing text.
    out += text.includes('\uFFFD')
      ? bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
      : text;
    bytes.length = 0;
  };
  while (index < path.length) {
    const code = path.charCodeAt(index);
    if (code === 37 && index + 2 < path.length) {
      const high = hexValue(path.charCodeAt(index + 1));
      const low = hexValue(path.charCodeAt(index + 2));
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        index += 3;
        continue;
      }
    }
    flush();
    out += path[index];
    index += 1;
  }
  flush();
  return out;
}

/** The path of a request target: origin-form or absolute-form, without query string or fragment. */
export function requestPath(target: string): string {
  let end = target.length;
  const query = target.indexOf('?');
  if (query !== -1) end = query;
  const hash = target.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  let start = 0;
  // Absolute-form (`GET http://host/items HTTP/1.1`, sent to proxies): keep only the path.
  if (target.charCodeAt(0) !== 47) {
    const scheme = target.indexOf('://');
    if (scheme !== -1 && scheme < end) {
      const slash = target.indexOf('/', scheme + 3);
      if (slash === -1 || slash >= end) return '/';
      start = slash;
    }
  }
  return start === 0 && end === target.length ? target : target.slice(start, end);
}

/**
 * Matches method + path to a contract operation.
 *
 * @example
 * const router = new Router([{ method: 'get', template: '/items/{item_id}' }]);
 * router.match('GET', '/items/3?x=1') // { key: 'GET /items/{item_id}', ... }
 */
export class Router {
  readonly operations: RouteOperation[] = [];
  private readonly root: Node = newNode();
  private readonly basePath: string;

  /**
   * @param routes method + template pairs (`{ method: 'get', template: '/items/{item_id}' }`).
   * @param options.basePath a prefix the server adds before every template (a mount point or
   *   `root_path`, e.g. `/api`); requests outside it do not match.
   */
  constructor(routes: Iterable<{ method: string; template: string }>, options: { basePath?: string } = {}) {
    const base = options.basePath ?? '';
    this.basePath = base.endsWith('/') ? base.slice(0, -1) : base;
    for (const route of routes) this.add(route.method, route.template);
  }

  private add(method: string, template: string): void {
    let node = this.root;
    for (const segment of splitSegments(template)) {
      if (isParameter(segment)) {
        node.parameter ??= newNode();
        node = node.parameter;
      } else {
        let next = node.statics.get(segment);
        if (!next) {
          next = newNode();
          node.statics.set(segment, next);
        }
        node = next;
      }
    }
    node.methods ??= new Map();
    const upper = method.toUpperCase();
    if (node.methods.has(upper)) return;
    const operation: RouteOperation = { key: `${upper} ${template}`, method: upper, template };
    node.methods.set(upper, operation);
    this.operations.push(operation);
  }

  /**
   * The operation for a logged request, or why there is none: `path` (no template has this
   * shape) or `method` (a template matches but not with this method, what the app answers 405).
   * `target` may carry a query string; it is stripped and the path percent-decoded first. HEAD
   * falls back to GET, as Starlette answers HEAD on every GET route (FastAPI's routes answer 405:
   * the ingest does not count those under GET).
   */
  match(method: string, target: string): RouteOperation | RouteMiss {
    let path = decodePath(requestPath(target));
    if (this.basePath !== '') {
      if (!path.startsWith(this.basePath)) return 'path';
      path = path.slice(this.basePath.length);
      if (path === '') path = '/';
      else if (path.charCodeAt(0) !== 47) return 'path';
    }
    this.path = path;
    this.method = method.toUpperCase();
    this.pathFound = false;
    const found = this.walk(this.root, path.charCodeAt(0) === 47 ? 1 : 0);
    if (found) return found;
    return this.pathFound ? 'method' : 'path';
  }

  // State of the match in progress (kept on the instance so a match allocates no closure).
  private path = '';
  private method = '';
  private pathFound = false;

  /**
   * Depth-first from the segment starting at `start`: static child before parameter child, the
   * first node with the method wins; a node with the path but not the method is remembered so
   * the miss says `method`. Segments are read by index, without splitting the path.
   */
  private walk(node: Node, start: number): RouteOperation | undefined {
    const path = this.path;
    if (start > path.length) {
      if (!node.methods) return undefined;
      this.pathFound = true;
      return node.methods.get(this.method) ?? (this.method === 'HEAD' ? node.methods.get('GET') : undefined);
    }
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const segment = path.slice(start, end);
    const exact = node.statics.get(segment);
    if (exact) {
      const found = this.walk(exact, end + 1);
      if (found) return found;
    }
    // A parameter never matches an empty segment (Starlette's `[^/]+`).
    if (node.parameter && end > start) return this.walk(node.parameter, end + 1);
    return undefined;
  }
}

/**
 * The routes of an OpenAPI document (`paths` object; 2.0 or 3.x), for `new Router(...)`.
 *
 * @example
 * new Router(routesFromOpenApi(JSON.parse(readFileSync('openapi.json', 'utf8'))))
 */
export function routesFromOpenApi(document: unknown): Array<{ method: string; template: string }> {
  const routes: Array<{ method: string; template: string }> = [];
  if (typeof document !== 'object' || document === null) return routes;
  const paths = (document as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return routes;
  for (const [template, item] of Object.entries(paths)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of Object.keys(item)) {
      if (httpMethods.has(method)) routes.push({ method, template });
    }
  }
  return routes;
}
