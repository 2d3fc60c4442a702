/** Shared helpers for operation-level rules. */
import type { ContractDiff } from '../diff/index.js';
import type { Contract, Operation, Parameter, Server } from '../normalize/model.js';
import { unwrap } from '../normalize/schema.js';

/** 2xx and 2XX are success; 1xx/3xx-5xx and `default` are not. */
export function isSuccess(status: string): boolean {
  return status.startsWith('2');
}

/**
 * style/explode only change the wire format of arrays and objects; for a scalar parameter
 * `form` with and without explode serialize the same.
 */
export function mattersForSerialization(parameter: Parameter): boolean {
  const types = parameter.schema ? viewTypes(parameter.schema) : undefined;
  return types === undefined || types.has('array') || types.has('object');
}

/**
 * What style/explode decide about how `parameter` is written, for comparison: both for arrays and
 * objects (`structured`); for scalars explode never matters and style only for path parameters
 * (`/items/5`, `/items/.5`, `/items/;id=5`), so a scalar query or header parameter yields ''.
 */
export function serializationOf(parameter: Parameter, structured: boolean): string {
  if (structured) return `style=${parameter.style}, explode=${parameter.explode}`;
  return parameter.in === 'path' ? `style=${parameter.style}` : '';
}

function viewTypes(schema: NonNullable<Parameter['schema']>) {
  return unwrap(schema).types;
}

/** Does the media range `range` (`image/*`, the any-range, or one media type) include `mediaType`? Parameters ignored. */
export function mediaRangeCovers(range: string, mediaType: string): boolean {
  const [rangeType, rangeSubtype] = bareMediaType(range).split('/');
  const [type, subtype] = bareMediaType(mediaType).split('/');
  if (rangeType === '*') return true;
  return rangeType === type && (rangeSubtype === '*' || rangeSubtype === subtype);
}

function bareMediaType(name: string): string {
  return name.split(';')[0].trim().toLowerCase();
}

/** Is the status code `status` (`201`) still documented through a range (`2XX`) among `responses`? */
export function coveredByRange(status: string, responses: ReadonlyMap<string, unknown>): boolean {
  return /^[1-5]\d\d$/.test(status) && responses.has(`${status[0]}XX`);
}

/**
 * The base path change `api-base-path-changed` reports: the first server of each side, when no
 * revision server keeps the old base path.
 */
export function basePathChange(base: Contract, revision: Contract): { from: Server; to: Server } | undefined {
  const from = base.servers[0];
  const to = revision.servers[0];
  if (!from || !to || revision.servers.some((server) => server.basePath === from.basePath)) return undefined;
  return { from, to };
}

/**
 * Server URLs of a contract as compared by the server rules: without trailing slashes, and `''`
 * (the OpenAPI default server `/`) when none is declared.
 */
export function serverUrls(contract: Contract): Set<string> {
  const urls = new Set(contract.servers.map(serverUrl));
  if (urls.size === 0) urls.add('');
  return urls;
}

export function serverUrl(server: Server): string {
  return server.url.replace(/\/+$/, '');
}

/**
 * Is `server` the side of a base path change (see `basePathChange`) that stays on the same
 * host? Then api-base-path-changed already says what happened to it.
 */
export function movedBasePath(server: Server, base: Contract, revision: Contract): boolean {
  const change = basePathChange(base, revision);
  if (!change || (server !== change.from && server !== change.to)) return false;
  return originOf(change.from.url) === originOf(change.to.url);
}

/** `https://api.example.com/v1` -> `https://api.example.com`; a relative URL has no origin (''). */
function originOf(url: string): string {
  return (/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i.exec(url)?.[0] ?? '').toLowerCase();
}

/**
 * OpenAPI: a header parameter named Accept, Content-Type or Authorization "SHALL be ignored"
 * (media types and security schemes say what they carry), so parameter rules skip it.
 */
export function isIgnoredHeader(parameter: Parameter): boolean {
  return parameter.in === 'header' && /^(accept|content-type|authorization)$/i.test(parameter.name);
}

/** The revision's operations that the base has too: the ones clients already call. */
export function operationsInBoth(diff: ContractDiff): Operation[] {
  const operations: Operation[] = [];
  for (const [key, operation] of diff.revision.operations)
    if (diff.base.operations.has(key)) operations.push(operation);
  return operations;
}
