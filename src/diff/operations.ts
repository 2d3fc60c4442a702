/**
 * Matches the parts of two contracts: operations by method and path template (parameter names
 * ignored), parameters by location and name (headers case-insensitive, path parameters by
 * position), request bodies and responses by media type, responses by status code (an exact code
 * first, then a `2XX` range covering it), response headers by lower-cased name.
 */

import { assertReferencesResolve } from '../normalize/contract.js';
import type { Contract, Header, MediaType, Operation, Parameter, RequestBody, Response } from '../normalize/model.js';
import { anySchemaAt } from '../normalize/schema.js';
import type { Fingerprints } from './fingerprint.js';
import type { Direction, SchemaComparator, SchemaPair } from './schema.js';

export interface Matched<T> {
  base: T;
  revision: T;
}

export interface MediaTypesDiff {
  added: MediaType[];
  removed: MediaType[];
  /** Same name (parameters like `charset` ignored), or a response's one JSON type renamed to another. */
  modified: (Matched<MediaType> & { schema?: SchemaPair; renamed: boolean })[];
}

export interface ParameterPair extends Matched<Parameter> {
  schema?: SchemaPair;
}

export interface HeaderPair extends Matched<Header> {
  schema?: SchemaPair;
}

export interface ResponsePair extends Matched<Response> {
  mediaTypes: MediaTypesDiff;
  headers: { added: Header[]; removed: Header[]; modified: HeaderPair[] };
}

export interface OperationDiff extends Matched<Operation> {
  parameters: { added: Parameter[]; removed: Parameter[]; modified: ParameterPair[] };
  requestBody: { base?: RequestBody; revision?: RequestBody; mediaTypes: MediaTypesDiff };
  responses: { added: Response[]; removed: Response[]; modified: ResponsePair[] };
  /** Schema pairs compared directly for this operation; everything else is reached from them. */
  roots: SchemaPair[];
  /** The roots that are parameter values (sent as text). */
  parameterRoots: SchemaPair[];
}

export function diffOperations(
  base: Contract,
  revision: Contract,
  schemas: SchemaComparator,
  fingerprints: Fingerprints | undefined,
) {
  const added: Operation[] = [];
  const removed: Operation[] = [];
  const modified: OperationDiff[] = [];
  for (const [key, operation] of base.operations) {
    const other = revision.operations.get(key);
    if (!other) {
      assertReferencesResolve(base, operation);
      removed.push(operation);
    } else {
      const verdict = fingerprints?.compareOperations(operation, other) ?? 'different';
      if (verdict === 'same') continue;
      const light = verdict === 'text' ? diffSchemasOnly(operation, other, schemas, fingerprints) : undefined;
      modified.push(light ?? diffOperation(operation, other, schemas));
    }
  }
  for (const [key, operation] of revision.operations) {
    if (base.operations.has(key)) continue;
    assertReferencesResolve(revision, operation);
    added.push(operation);
  }
  return { added, removed, modified };
}

function diffOperation(base: Operation, revision: Operation, schemas: SchemaComparator): OperationDiff {
  const roots: SchemaPair[] = [];
  const compare = (a: { schema?: Parameter['schema'] }, b: { schema?: Parameter['schema'] }, direction: Direction) => {
    if (!a.schema || !b.schema) return undefined;
    const pair = schemas.compare(a.schema, b.schema, direction);
    roots.push(pair);
    return pair;
  };

  const parameters: OperationDiff['parameters'] = { added: [], removed: [], modified: [] };
  for (const [key, parameter] of base.parameters) {
    const other = revision.parameters.get(key);
    if (other)
      parameters.modified.push({ base: parameter, revision: other, schema: compare(parameter, other, 'request') });
    else parameters.removed.push(parameter);
  }
  for (const [key, parameter] of revision.parameters) if (!base.parameters.has(key)) parameters.added.push(parameter);

  const requestBody = {
    base: base.requestBody,
    revision: revision.requestBody,
    mediaTypes: diffMediaTypes(base.requestBody?.content, revision.requestBody?.content, 'request', compare),
  };

  const responses: OperationDiff['responses'] = { added: [], removed: [], modified: [] };
  const unmatched = new Map(revision.responses);
  const pending: Response[] = [];
  for (const [status, response] of base.responses) {
    const other = unmatched.get(status);
    if (other) {
      unmatched.delete(status);
      responses.modified.push(diffResponse(response, other, compare));
    } else pending.push(response);
  }
  // `200` documented before and `2XX` now (or the reverse) describe the same responses: pair
  // each code with the range covering it, and a range with every code it covers.
  const usedRanges = new Set<Response>();
  for (const response of pending) {
    const others = /^[1-5]XX$/.test(response.status)
      ? [...unmatched.values()].filter((candidate) => candidate.status[0] === response.status[0])
      : [revision.responses.get(`${response.status[0]}XX`)].filter((candidate) => candidate !== undefined);
    if (others.length === 0) {
      responses.removed.push(response);
      continue;
    }
    for (const other of others) {
      if (/^[1-5]XX$/.test(other.status)) usedRanges.add(other);
      unmatched.delete(other.status);
      responses.modified.push(diffResponse(response, other, compare));
    }
  }
  responses.added.push(...unmatched.values());
  const parameterRoots: SchemaPair[] = [];
  for (const parameter of parameters.modified) if (parameter.schema) parameterRoots.push(parameter.schema);
  return { base, revision, parameters, requestBody, responses, roots, parameterRoots };
}

/**
 * The diff of two operations written identically whose referenced schemas changed (a shared
 * model edited under hundreds of operations): everything but the schemas is the same, so only the
 * schemas are compared, where the full build would compare them, without building parameters,
 * bodies and responses (or converting Swagger 2.0). Undefined when that cannot be shown.
 */
function diffSchemasOnly(
  base: Operation,
  revision: Operation,
  schemas: SchemaComparator,
  fingerprints: Fingerprints | undefined,
): OperationDiff | undefined {
  if (!fingerprints) return undefined;
  const from = base.schemaPositions?.();
  const to = revision.schemaPositions?.();
  // Only within the root documents: a `#/...` inside another file points into that file.
  if (!from?.local || !to?.local || from.positions.length !== to.positions.length) return undefined;
  if (!fingerprints.sameExceptSchemas(from.holders, to.holders)) return undefined;
  const roots: SchemaPair[] = [];
  const parameterRoots: SchemaPair[] = [];
  for (let index = 0; index < from.positions.length; index++) {
    const position = from.positions[index];
    const other = to.positions[index];
    if (position.key !== other.key || position.direction !== other.direction) return undefined;
  }
  for (let index = 0; index < from.positions.length; index++) {
    const position = from.positions[index];
    const other = to.positions[index];
    // Provably unchanged (no reference in it reaches a change): nothing below it to attribute.
    if (fingerprints.sameRawSchema(position.raw, other.raw)) continue;
    const pair = schemas.compare(position.build(), other.build(), position.direction);
    roots.push(pair);
    if (position.parameter) parameterRoots.push(pair);
  }
  return {
    base,
    revision,
    parameters: { added: [], removed: [], modified: [] },
    requestBody: { mediaTypes: { added: [], removed: [], modified: [] } },
    responses: { added: [], removed: [], modified: [] },
    roots,
    parameterRoots,
  };
}

type Compare = (
  a: { schema?: Parameter['schema'] },
  b: { schema?: Parameter['schema'] },
  direction: Direction,
) => SchemaPair | undefined;

function diffResponse(base: Response, revision: Response, compare: Compare): ResponsePair {
  const headers: ResponsePair['headers'] = { added: [], removed: [], modified: [] };
  for (const [name, header] of base.headers) {
    const other = revision.headers.get(name);
    if (other) headers.modified.push({ base: header, revision: other, schema: compare(header, other, 'response') });
    else headers.removed.push(header);
  }
  for (const [name, header] of revision.headers) if (!base.headers.has(name)) headers.added.push(header);
  return { base, revision, mediaTypes: diffMediaTypes(base.content, revision.content, 'response', compare), headers };
}

function diffMediaTypes(
  base: Map<string, MediaType> | undefined,
  revision: Map<string, MediaType> | undefined,
  direction: Direction,
  compare: Compare,
): MediaTypesDiff {
  const result: MediaTypesDiff = { added: [], removed: [], modified: [] };
  // A media type without `schema` allows any body: compare it as `{}` against a side that has one
  // (a request body that gains a schema is narrowed; a response that loses one is widened).
  const compareBodies = (a: MediaType, b: MediaType, bodyDirection: Direction) =>
    a.schema || b.schema ? compare(withSchema(a), withSchema(b), bodyDirection) : undefined;
  const baseTypes = base ?? new Map<string, MediaType>();
  const revisionTypes = revision ?? new Map<string, MediaType>();
  for (const [name, media] of baseTypes) {
    const other = revisionTypes.get(name) ?? compatibleMediaType(name, revisionTypes);
    if (other)
      result.modified.push({
        base: media,
        revision: other,
        schema: compareBodies(media, other, direction),
        renamed: false,
      });
    else result.removed.push(media);
  }
  const matchedRevision = new Set(result.modified.map((entry) => entry.revision));
  for (const media of revisionTypes.values()) if (!matchedRevision.has(media)) result.added.push(media);
  // `application/json` -> `application/vnd.api+json` in a response: JSON parsers read both, so
  // compare the bodies and let a rule judge the rename, instead of "removed" + "added".
  if (direction === 'response' && result.removed.length === 1 && result.added.length === 1) {
    const [base] = result.removed;
    const [revision] = result.added;
    if (isJson(base.name) && isJson(revision.name)) {
      result.modified.push({ base, revision, schema: compareBodies(base, revision, direction), renamed: true });
      result.removed.length = 0;
      result.added.length = 0;
    }
  }
  return result;
}

function withSchema(media: MediaType): { schema?: Parameter['schema'] } {
  return media.schema ? media : { schema: anySchemaAt(media.doc, `${media.pointer}/schema`, media) };
}

function isJson(mediaType: string): boolean {
  const bare = mediaType.split(';')[0].trim().toLowerCase();
  return bare === 'application/json' || bare.endsWith('+json');
}

/** `application/json; charset=utf-8` is `application/json`; `*\/*` accepts anything. */
function compatibleMediaType(name: string, candidates: Map<string, MediaType>): MediaType | undefined {
  const bare = name.split(';')[0].trim();
  for (const [candidateName, media] of candidates) {
    if (candidateName.split(';')[0].trim() === bare) return media;
  }
  return undefined;
}
