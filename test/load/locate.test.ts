import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/index.js';
import { FIXTURES, positionOf } from './helpers.js';

function load(name: string) {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const document = parseSource({ uri: join(FIXTURES, name), displayName: name, text }, 'base');
  return { document, at: (needle: string, occurrence = 1) => positionOf(text, needle, occurrence) };
}

describe('locate on YAML', () => {
  const { document, at } = load('locate.yaml');
  const get = '/paths/~1items~1{id}/get';

  it('finds the root, members at their key, and skips block scalars that look like YAML', () => {
    expect(document.locate('')).toEqual(at('openapi:'));
    expect(document.locate('/info/description')).toEqual(at('description: |'));
    expect(document.locate('/info/version')).toEqual(at('version: 1.0'));
    expect(document.locate('/paths')).toEqual(at('paths:\n'));
    expect(document.locate('/paths/~1a~0b~1c/post/summary')).toEqual(at('summary: after'));
  });

  it('finds array items, including a dash alone on its line and a sequence aligned with its key', () => {
    expect(document.locate(`${get}/parameters/0`)).toEqual(at('name: id'));
    expect(document.locate(`${get}/parameters/0/in`)).toEqual(at('in: path'));
    expect(document.locate(`${get}/parameters/1`)).toEqual(at('name: verbose'));
    expect(document.locate(`${get}/parameters/1/in`)).toEqual(at('in: query'));
    expect(document.locate('/paths/~1a~0b~1c/post/tags/1')).toEqual(at('two'));
  });

  it('finds members of flow mappings and sequences', () => {
    expect(document.locate(`${get}/parameters/0/schema/enum/1`)).toEqual(at('b]}'));
    const schema = `${get}/responses/default/content/application~1json/schema`;
    expect(document.locate(schema)).toEqual(at('schema: {$ref'));
    expect(document.locate(`${schema}/$ref`)).toEqual(at("$ref: '#/components"));
  });

  it('treats 200: and "404": as the status-code keys they are', () => {
    expect(document.root).toMatchObject({ paths: { '/items/{id}': { get: { responses: { '200': {}, '404': {} } } } } });
    expect(document.locate(`${get}/responses/200`)).toEqual(at('200:'));
    expect(document.locate(`${get}/responses/404/description`)).toEqual(at('description: Not found'));
  });

  it('decodes quoted keys and keeps the spelling of plain ones', () => {
    const properties = '/components/schemas/Error/properties';
    expect(document.locate(`${properties}/it's quoted`)).toEqual(at("'it''s quoted'"));
    expect(document.locate(`${properties}/escaped\tkey`)).toEqual(at('"escaped\\tkey"'));
    expect(document.locate(`${properties}/1.0`)).toEqual(at('1.0: {type'));
  });

  it('reports an alias at the alias site, and paths through it at the alias', () => {
    expect(document.locate('/components/schemas/Alias')).toEqual(at('Alias: *copy'));
    expect(document.locate('/components/schemas/Alias/type')).toEqual(at('Alias: *copy'));
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(document.locate('/paths/~1nope/get')).toEqual(at('paths:\n'));
    expect(document.locate(`${get}/parameters/7`)).toEqual(at('parameters:'));
    expect(document.locate('not a pointer')).toEqual(at('openapi:'));
  });

  it('gives the same answers when asked again, in any order', () => {
    const pointers = [`${get}/responses/200`, '/components/schemas/Copy', `${get}/parameters/1`, '/info/title'];
    const first = pointers.map((pointer) => document.locate(pointer));
    const second = [...pointers].reverse().map((pointer) => document.locate(pointer));
    expect(second.reverse()).toEqual(first);
  });
});

describe('locate on JSON', () => {
  const { document, at } = load('locate.json');
  const get = '/paths/~1items~1{id}/get';

  it('finds members at their key, stepping over strings with quotes and brackets', () => {
    expect(document.format).toBe('json');
    expect(document.locate('')).toEqual(at('{'));
    expect(document.locate(`${get}/responses/404`)).toEqual(at('"404"'));
    expect(document.locate(`${get}/responses/404/description`)).toEqual(at('"description": "Not'));
    expect(document.locate('/paths/~1a~0b~1c')).toEqual(at('"/a~b/c"'));
  });

  it('finds array items, nested arrays included', () => {
    expect(document.locate(`${get}/parameters/1`)).toEqual(at('{"name": "b"'));
    expect(document.locate(`${get}/parameters/1/x/1/1`)).toEqual(at('3]'));
    expect(document.locate(`${get}/parameters/1/x/2/y`)).toEqual(at('"y"'));
  });

  it('decodes escaped keys', () => {
    expect(document.locate('/components/schemas/Key"with\\escapes/type')).toEqual(at('"type": "string"'));
    expect(document.locate('/components/schemas/Ascii')).toEqual(at('"\\u0041scii"'));
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(document.locate(`${get}/responses/500`)).toEqual(at('"responses"'));
  });
});

describe('locate on pretty-printed JSON (collections skipped by indentation)', () => {
  const open = (text: string) => ({
    document: parseSource({ uri: 'inline.json', displayName: 'inline.json', text }, 'base'),
    at: (needle: string, occurrence = 1) => positionOf(text, needle, occurrence),
  });
  const members = (indent: (depth: number) => string) =>
    [
      '{',
      `${indent(1)}"a": {`,
      `${indent(2)}"inner": {`,
      `${indent(3)}"deep": [1, 2]`,
      `${indent(2)}},`,
      `${indent(2)}"x": "}"`,
      `${indent(1)}},`,
      `${indent(1)}"b": [`,
      `${indent(2)}{"k": 1},`,
      `${indent(2)}{"k": 2}`,
      `${indent(1)}],`,
      `${indent(1)}"c": {"200": {}, "z": 1, "404": {}}`,
      '}',
    ].join('\n');

  it('finds members after skipped objects and arrays', () => {
    const { document, at } = open(members((depth) => '  '.repeat(depth)));
    expect(document.locate('/c/404')).toEqual(at('"404"'));
    expect(document.locate('/b/1/k')).toEqual(at('"k": 2'));
    expect(document.locate('/a/x')).toEqual(at('"x"'));
  });

  it('gives exact positions when the indentation does not follow the nesting', () => {
    // "inner" closes at the indentation of "a": a jump from "a" would stop there, too early.
    const text = [
      '{',
      '  "a": {',
      '    "inner": {',
      '      "deep": 1',
      '  },',
      '    "x": 2',
      '  },',
      '  "b": 3',
      '}',
    ].join('\n');
    const { document, at } = open(text);
    expect(document.locate('/b')).toEqual(at('"b"'));
    expect(document.locate('/a/x')).toEqual(at('"x"'));
  });

  it('gives exact positions with tab indentation', () => {
    const tabs = open(members((depth) => '\t'.repeat(depth)));
    expect(tabs.document.locate('/c/z')).toEqual(tabs.at('"z"'));
    expect(tabs.document.locate('/b/1')).toEqual(tabs.at('{"k": 2}'));
  });
});

describe('lineOf', () => {
  it('is 1 everywhere in a document written on one line, and the line of locate otherwise', () => {
    const minified = '{"openapi":"3.1.0","paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}\n';
    const one = parseSource({ uri: 'min.json', displayName: 'min.json', text: minified }, 'base');
    expect(one.lineOf?.('/paths/~1a/get/responses/200')).toBe(1);
    const { document } = load('locate.json');
    for (const pointer of ['', '/paths/~1items~1{id}/get/responses/404', '/components/schemas/Ascii']) {
      expect(document.lineOf?.(pointer)).toBe(document.locate(pointer)?.line);
    }
  });
});

describe('locate on YAML the line scanner does not follow', () => {
  it('uses the exact index for explicit keys', () => {
    const text = 'openapi: 3.0.3\npaths:\n  ? /explicit\n  : get:\n      summary: x\n  /other:\n    get: {}\n';
    const document = parseSource({ uri: 'api.yaml', displayName: 'api.yaml', text }, 'base');
    expect(document.locate('/paths/~1explicit/get/summary')).toEqual(positionOf(text, 'summary'));
    expect(document.locate('/paths/~1other/get')).toEqual(positionOf(text, 'get: {}'));
  });

  it('handles CRLF line ends and a document marker', () => {
    const text = '%YAML 1.2\r\n---\r\na: 1\r\nb:\r\n  c: [1, 2]\r\n  d: "x"\r\n';
    const document = parseSource({ uri: 'api.yaml', displayName: 'api.yaml', text }, 'base');
    expect(document.locate('/b/c/1')).toEqual(positionOf(text, '2]'));
    expect(document.locate('/b/d')).toEqual(positionOf(text, 'd: "x"'));
  });

  it('finds nodes in a YAML document written as a flow mapping', () => {
    const text = '{openapi: 3.0.3, paths: {\'/a\': {get: {tags: [x, "y"]}}}}\n';
    const document = parseSource({ uri: 'api.yaml', displayName: 'api.yaml', text }, 'base');
    expect(document.format).toBe('yaml');
    expect(document.locate('/paths/~1a/get/tags/1')).toEqual(positionOf(text, '"y"'));
  });
});
