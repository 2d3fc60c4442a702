/**
 * The generator's dialect: what a document could not say. FastAPI under Pydantic 1 writes OpenAPI
 * 3.0 with no way to write null: `Optional[X]` fields are documented as plain `X` although the
 * service returns null. Recognized by its signature (OpenAPI 3.0.x in which nearly every object
 * property carries Pydantic's generated `title`), not by the absence of null: authors add
 * `nullable` by hand to a few fields, and a hand-written 3.0 contract means what it says.
 */
import type { Contract } from '../normalize/model.js';

const pydantic1 = new WeakMap<Contract, boolean>();

/** At least this share of the component properties (not bare `$ref`s) carry a `title`. */
const TITLED_SHARE = 0.75;
const MIN_PROPERTIES = 3;

/** Is this contract FastAPI's output under Pydantic 1 (see the module doc)? */
export function writtenByPydantic1(contract: Contract): boolean {
  let known = pydantic1.get(contract);
  if (known === undefined) {
    known = contract.version.startsWith('3.0') && titledShare(contract.doc.root) >= TITLED_SHARE;
    pydantic1.set(contract, known);
  }
  return known;
}

function titledShare(root: unknown): number {
  const schemas = record(record(record(root)?.components)?.schemas);
  let properties = 0;
  let titled = 0;
  for (const schema of Object.values(schemas ?? {})) {
    for (const property of Object.values(record(record(schema)?.properties) ?? {})) {
      const fields = record(property);
      if (!fields || (typeof fields.$ref === 'string' && Object.keys(fields).length === 1)) continue;
      properties++;
      if (typeof fields.title === 'string') titled++;
    }
  }
  return properties >= MIN_PROPERTIES ? titled / properties : 0;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
