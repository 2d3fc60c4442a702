import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/index.js';
import type { Source } from '../../src/load/types.js';
import { caught } from './helpers.js';

const source = (text: string, uri = 'api.yaml'): Source => ({ uri, displayName: uri, text });

describe('parseSource', () => {
  it('reads JSON and YAML into the same plain value', () => {
    const json = parseSource(source('{"openapi": "3.1.0", "paths": {"/a": {"get": {}}}}', 'api.json'), 'base');
    const yaml = parseSource(source('openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n'), 'base');
    expect(json.format).toBe('json');
    expect(yaml.format).toBe('yaml');
    expect(yaml.root).toEqual(json.root);
  });

  it('takes the fast JSON path for a .yaml file that is JSON, and YAML for flow YAML', () => {
    expect(parseSource(source('{"a": 1}'), 'base').format).toBe('json');
    expect(parseSource(source('{a: 1}'), 'base')).toMatchObject({ format: 'yaml', root: { a: 1 } });
    expect(parseSource(source('{a: 1}', 'spec'), 'base')).toMatchObject({ format: 'yaml', root: { a: 1 } });
    expect(parseSource(source('a: 1', 'spec'), 'base')).toMatchObject({ format: 'yaml', root: { a: 1 } });
  });

  it('makes 200: and "200": the same key, and keeps other plain keys as spelled', () => {
    const document = parseSource(source('200: a\n"201": b\n1.0: c\ntrue: d\n~: e\n0x1F: f\n-0: g\nx: 1.0\n'), 'base');
    expect(document.root).toEqual({
      '200': 'a',
      '201': 'b',
      '1.0': 'c',
      true: 'd',
      '~': 'e',
      '0x1F': 'f',
      '-0': 'g',
      x: 1,
    });
    const duplicate = () => parseSource(source('responses:\n  200: {}\n  "200": {}\n'), 'base');
    expect(duplicate).toThrow('duplicated mapping key "200"');
  });

  it('uses the YAML 1.2 core schema: yes/no and dates stay strings', () => {
    const document = parseSource(source('a: yes\nb: 2001-12-14\nc: 0o17\nd: 1e400\ne: null\n'), 'base');
    expect(document.root).toEqual({ a: 'yes', b: '2001-12-14', c: 15, d: '1e400', e: null });
  });

  it('drops a byte order mark', () => {
    const document = parseSource(source('\uFEFF{"a": 1}', 'api.json'), 'base');
    expect(document.root).toEqual({ a: 1 });
    expect(document.locate('/a')).toEqual({ line: 1, column: 2 });
  });

  it('accepts a trailing empty document after ---', () => {
    expect(parseSource(source('a: 1\n---\n'), 'base').root).toEqual({ a: 1 });
  });
});

describe('parseSource errors', () => {
  const fails = async (text: string, uri = 'api.yaml', role = 'revision') =>
    caught(() => parseSource(source(text, uri), role));

  it('reports a JSON syntax error with line and column', async () => {
    const error = await fails('{\n  "a": 1,\n}\n', 'api.json');
    expect(error.message).toBe(
      'Could not parse revision spec "api.json" (line 2, column 9): trailing comma before "}"; expected valid JSON. Fix the file; retrying will not help.',
    );
    expect(error).toMatchObject({ code: 'PARSE_FAILED', retryable: false, exitCode: 2 });
    expect((await fails('{"a": 1,\n "b": tru}', 'api.json')).message).toContain(
      '(line 2, column 7): unexpected "tru";',
    );
    expect((await fails('{"a": "x\n"}', 'api.json')).message).toContain(
      '(line 1, column 9): line break inside a string;',
    );
    expect((await fails('{"a": 1', 'api.json')).message).toContain('(line 1, column 8): unexpected end of input;');
    expect((await fails('{"a" 1}', 'api.json')).message).toContain(
      'found "1" where ":" should follow a property name;',
    );
  });

  it('reports JSON errors for a .json file even when YAML could read it', async () => {
    expect((await fails('{a: 1}', 'api.json')).message).toContain(
      '(line 1, column 2): found "a" where a double-quoted property name should be; expected valid JSON.',
    );
  });

  it('reports a YAML syntax error with line and column', async () => {
    const error = await fails('openapi: 3.0.3\ninfo:\n  title: x\n version: 1\n');
    expect(error.message).toBe(
      'Could not parse revision spec "api.yaml" (line 4, column 2): bad indentation of a mapping entry; expected valid YAML. Fix the file; retrying will not help.',
    );
    expect(error).toMatchObject({ code: 'PARSE_FAILED', retryable: false });
  });

  it('names a duplicated key and its line', async () => {
    expect((await fails('paths:\n  /a: {}\n  /a: {}\n')).message).toBe(
      'Could not parse revision spec "api.yaml" (line 3, column 3): duplicated mapping key "/a"; expected valid YAML. Fix the file; retrying will not help.',
    );
  });

  it('refuses an empty file', async () => {
    for (const text of ['', '  \n\n', '# only a comment\n']) {
      expect((await fails(text, 'api.yaml', 'base')).message).toBe(
        'Could not parse base spec "api.yaml": the file is empty; expected an OpenAPI document in YAML or JSON. Fix the file; retrying will not help.',
      );
    }
  });

  it('refuses a document that is not a mapping', async () => {
    expect((await fails('- a\n- b\n')).message).toBe(
      'Could not parse revision spec "api.yaml": found a list at the top level; expected a mapping (an OpenAPI document). Fix the file; retrying will not help.',
    );
    expect((await fails('just text\n')).message).toContain(': found a string at the top level;');
    expect((await fails('null', 'api.json')).message).toContain(': found a null value at the top level;');
  });

  it('refuses a second document', async () => {
    expect((await fails('a: 1\n---\nb: 2\n')).message).toBe(
      'Could not parse revision spec "api.yaml" (line 3, column 1): found a second YAML document after "---"; expected valid YAML. Fix the file; retrying will not help.',
    );
  });

  it('names a referenced document as $ref', async () => {
    expect((await fails('a: [1\n', 'schemas/pet.yaml', '$ref')).message).toMatch(
      /^Could not parse \$ref "schemas\/pet.yaml" \(line 2/,
    );
  });
});
