/**
 * The test oracle for witnesses: every breaking finding's witness is validated again, with Ajv's
 * JSON Schema 2020-12 build, against the schemas as written in the two test documents (read here
 * on their own, not through src/witness): the base must accept and the revision reject a request
 * value, the revision allow and the base reject a response value.
 */
import { createRequire } from 'node:module';
import type { Contract } from '../../src/normalize/model.js';
import type { Finding } from '../../src/rules/types.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default as new (
  options: Record<string, unknown>,
) => { addSchema(schema: unknown, key: string): void; compile(schema: unknown): (value: unknown) => boolean };
const addFormats = require('ajv-formats').default as (ajv: unknown) => void;

/** Throws when a breaking finding has no witness or its witness does not validate the right way. */
export function checkWitnesses(findings: Finding[], base: Contract, revision: Contract): void {
  const breaking = findings.filter((finding) => finding.level === 'breaking' && finding.witness);
  if (breaking.length === 0) return;
  const views = new Map<string, (pointer: string) => (value: unknown) => boolean>();
  const validatorFor = (contract: Contract, side: string, direction: 'request' | 'response') => {
    const key = `${side}|${direction}`;
    let make = views.get(key);
    if (!make) {
      const ajv = new Ajv2020({ strict: false, validateSchema: false, logger: false });
      addFormats(ajv);
      const id = `https://${side}.test/${direction}`;
      ajv.addSchema({ ...(asOpenApi31(contract.doc.root, direction) as object), $id: id }, id);
      make = (pointer) => ajv.compile({ $ref: `${id}#${encodeURI(pointer)}` });
      views.set(key, make);
    }
    return make;
  };
  for (const finding of breaking) {
    const witness = finding.witness;
    if (!witness) continue;
    const direction = witness.acceptedBy === 'base' ? 'request' : 'response';
    // Swagger 2.0 non-body parameters have no schema object in the file (the converter builds one).
    if (!resolves(base.doc.root, witness.schemas.base) || !resolves(revision.doc.root, witness.schemas.revision))
      continue;
    const acceptsBase = validatorFor(base, 'base', direction)(witness.schemas.base)(witness.value);
    const acceptsRevision = validatorFor(revision, 'revision', direction)(witness.schemas.revision)(witness.value);
    const expected = witness.acceptedBy === 'base' ? [true, false] : [false, true];
    if (acceptsBase !== expected[0] || acceptsRevision !== expected[1]) {
      throw new Error(
        `oracle: witness ${JSON.stringify(witness.value)} of ${finding.id} validates base=${acceptsBase} revision=${acceptsRevision}; expected base=${expected[0]} revision=${expected[1]}`,
      );
    }
  }
}

function resolves(root: unknown, pointer: string): boolean {
  let value = root;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<string, unknown>)[key];
  }
  return value !== undefined;
}

/**
 * The document as JSON Schema 2020-12 reads it: 3.0's `nullable` and boolean exclusive bounds
 * rewritten, and properties a direction never carries (`readOnly` in requests, `writeOnly` in
 * responses) forbidden.
 */
function asOpenApi31(value: unknown, direction: 'request' | 'response'): unknown {
  if (Array.isArray(value)) return value.map((item) => asOpenApi31(item, direction));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = asOpenApi31(child, direction);
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (out[exclusive] === true) {
      out[exclusive] = out[inclusive];
      delete out[inclusive];
    } else if (out[exclusive] === false) delete out[exclusive];
  }
  // Draft 4-2019 tuples.
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    if ('additionalItems' in out) out.items = out.additionalItems;
    else delete out.items;
    delete out.additionalItems;
  }
  // Swagger 2.0 parameters are read as schemas: their boolean `required` is not a schema keyword.
  if ('required' in out && !Array.isArray(out.required)) delete out.required;
  const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
  if (out.properties && typeof out.properties === 'object') {
    const properties = out.properties as Record<string, unknown>;
    for (const [name, schema] of Object.entries(properties)) {
      if (schema && typeof schema === 'object' && (schema as Record<string, unknown>)[hidden] === true) {
        properties[name] = false;
        if (Array.isArray(out.required)) out.required = out.required.filter((each) => each !== name);
      }
    }
  }
  const enumHasNull = Array.isArray(out.enum) && out.enum.includes(null);
  if (out.nullable === true || out['x-nullable'] === true || enumHasNull) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}
