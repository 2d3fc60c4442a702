import { it, expect } from 'vitest';
import { load } from 'js-yaml';
import { buildContract } from '../../src/normalize/contract.js';
import { diffContracts } from '../../src/diff/index.js';
import { runRules } from '../../src/rules/run.js';
import type { ParsedDocument } from '../../src/load/types.js';

function doc(text: string, name: string): ParsedDocument {
  const root = load(text);
  return { source: { uri: name, displayName: name, text }, root, format: 'yaml', locate: () => ({ line: 1, column: 1 }) };
}
const resolver = { resolve(ref: string, from: { doc: ParsedDocument }) {
  let value: unknown = from.doc.root;
  for (const seg of ref.slice(2).split('/')) value = (value as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (value === undefined) throw new Error(`no ${ref}`);
  return { doc: from.doc, pointer: ref.slice(1), value };
} };
function diff(a: string, b: string) {
  const base = buildContract(doc(a, 'base.yaml'), resolver, 'base');
  const rev = buildContract(doc(b, 'revision.yaml'), resolver, 'revision');
  return runRules(diffContracts(base, rev)).map((f) => `${f.level} ${f.id} ${f.operation?.method ?? ''} ${f.operation?.path ?? ''} | ${f.message} | ${f.component}`);
}
const base = `
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /items/{id}:
    get:
      operationId: get_item
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /items:
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/ItemIn'}}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
components:
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        color: {type: string, enum: [red, blue]}
        parent: {anyOf: [{$ref: '#/components/schemas/Item'}, {type: 'null'}]}
    ItemIn:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 10}
        color: {type: string, enum: [red, blue]}
`;
it('runs', () => {
  expect(diff(base, base)).toEqual([]);
  const rev = base.replace('/items/{id}:', '/items/{item_id}:').replace('name: id, in: path', 'name: item_id, in: path')
    .replace('required: [id, name]', 'required: [id]').replace('enum: [red, blue]}\n        parent', 'enum: [red, blue, green]}\n        parent')
    .replace('maxLength: 10', 'maxLength: 5').replace("required: [name]\n", "required: [name, sku]\n").replace("color: {type: string, enum: [red, blue]}\n`", "color: {type: string, enum: [red, blue]}\n        sku: {type: string}\n`");
  console.log(diff(base, rev).join('\n'));
});
