/**
 * The diff layer: matches two normalized contracts and pairs their schemas, without judging.
 * Entry point: `diffContracts(base, revision)`; rules (src/rules) turn the result into findings.
 *
 * @example
 * const diff = diffContracts(baseContract, revisionContract);
 * for (const operation of diff.removedOperations) removedKeys.push(operation.key);
 */
import type { Contract, Operation } from '../normalize/model.js';
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
  return {
    base,
    revision,
    addedOperations: added,
    removedOperations: removed,
    operations: modified,
    schemaPairs: schemas.pairs,
  };
}
