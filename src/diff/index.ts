/**
 * The diff layer: matches two normalized contracts and pairs their schemas, without judging.
 * Entry point: `diffContracts(base, revision)`; rules (src/rules) turn the result into findings.
 *
 * @example
 * const diff = diffContracts(baseContract, revisionContract);
 * for (const operation of diff.removedOperations) removedKeys.push(operation.key);
 */
import { assertPartReferencesResolve } from '../normalize/contract.js';
import type { Contract, MediaType, Operation, Response, Schema } from '../normalize/model.js';
import { Fingerprints } from './fingerprint.js';
import { diffOperations, type OperationDiff } from './operations.js';
import { SchemaComparator, type SchemaPair } from './schema.js';

export type { HeaderPair, Matched, MediaTypesDiff, OperationDiff, ParameterPair, ResponsePair } from './operations.js';
export type { Direction, PropertyPair, SchemaPair, SchemaView } from './schema.js';
export { viewOf } from './schema.js';

export interface ContractDiff {
  base: Contract;
  revision: Contract;
  addedOperations: Operation[];
  removedOperations: Operation[];
  operations: OperationDiff[];
  /** Every distinct schema pair compared, each once. */
  schemaPairs: SchemaPair[];
}

export interface DiffOptions {
  /**
   * Skip operations and schemas proven identical by their text (default true). Turning it off
   * gives the same findings, slower; tests use it to check exactly that.
   */
  skipIdentical?: boolean;
}

export function diffContracts(base: Contract, revision: Contract, options: DiffOptions = {}): ContractDiff {
  const fingerprints = options.skipIdentical === false ? undefined : new Fingerprints(base, revision);
  const schemas = new SchemaComparator(fingerprints && ((a, b) => fingerprints.sameSchema(a, b)));
  const { added, removed, modified } = diffOperations(base, revision, schemas, fingerprints);
  assertOneSidedPartsResolve(base, revision, modified, schemas.pairs);
  return {
    base,
    revision,
    addedOperations: added,
    removedOperations: removed,
    operations: modified,
    schemaPairs: schemas.pairs,
  };
}

/**
 * Parts only one side of a compared operation has (an added property, a removed response, a new
 * parameter) are reported but not descended into, so a `$ref` inside them that does not resolve
 * would otherwise go unnoticed; it is the same load error as anywhere else.
 */
function assertOneSidedPartsResolve(
  base: Contract,
  revision: Contract,
  operations: OperationDiff[],
  pairs: SchemaPair[],
): void {
  const check = (contract: Contract, schema: Schema | undefined) => {
    if (schema) assertPartReferencesResolve(contract, schema);
  };
  const checkMedia = (contract: Contract, list: MediaType[]) => {
    for (const media of list) check(contract, media.schema);
  };
  const checkResponses = (contract: Contract, list: Response[]) => {
    for (const response of list) {
      for (const media of response.content.values()) check(contract, media.schema);
      for (const header of response.headers.values()) check(contract, header.schema);
    }
  };
  for (const operation of operations) {
    for (const parameter of operation.parameters.added) check(revision, parameter.schema);
    for (const parameter of operation.parameters.removed) check(base, parameter.schema);
    checkMedia(revision, operation.requestBody.mediaTypes.added);
    checkMedia(base, operation.requestBody.mediaTypes.removed);
    checkResponses(revision, operation.responses.added);
    checkResponses(base, operation.responses.removed);
    for (const response of operation.responses.modified) {
      checkMedia(revision, response.mediaTypes.added);
      checkMedia(base, response.mediaTypes.removed);
      for (const header of response.headers.added) check(revision, header.schema);
      for (const header of response.headers.removed) check(base, header.schema);
    }
  }
  for (const pair of pairs) {
    for (const [, schema] of pair.addedProperties) check(revision, schema);
    for (const [, schema] of pair.removedProperties) check(base, schema);
    for (const schema of pair.addedVariants) check(revision, schema);
    for (const schema of pair.removedVariants) check(base, schema);
  }
}
