/** Shared helpers for operation-level rules. */
import type { Parameter } from '../normalize/model.js';

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
  let current = schema;
  while (current.alias) current = current.alias;
  return current.types;
}
