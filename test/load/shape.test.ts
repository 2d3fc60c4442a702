/** The post-parse checks (src/load/_shape.ts) as parseSource applies them (issue 11). */
import { describe, expect, it } from 'vitest';
import { countJsonMembers, findJsonDuplicateKey } from '../../src/load/_shape.js';
import { parseSource } from '../../src/load/index.js';

const yaml = (text: string) => parseSource({ uri: 'api.yaml', displayName: 'api.yaml', text }, 'base');
const json = (text: string) => parseSource({ uri: 'api.json', displayName: 'api.json', text }, 'base');

describe('YAML aliases and merge keys', () => {
  it('records the nodes aliases share, and none for a tree', () => {
    const document = yaml('a: &x {type: string}\nb: *x\nc: {type: string}\n');
    const root = document.root as Record<string, object>;
    expect(root.a).toBe(root.b);
    expect([...(document.shared ?? [])]).toEqual([root.a]);
    expect(yaml('a: {type: string}\n').shared).toBeUndefined();
    expect(json('{"a": {"b": 1}}').shared).toBeUndefined();
  });

  it('merges as YAML 1.1 does: own keys win, then earlier mappings of a list', () => {
    const document = yaml(
      ['one: &one {a: 1, b: 1}', 'two: &two {b: 2, c: 2}', 'merged:', '  <<: [*one, *two]', '  c: 3', ''].join('\n'),
    );
    expect((document.root as Record<string, unknown>).merged).toEqual({ a: 1, b: 1, c: 3 });
  });

  it('applies a merge inside a merged mapping', () => {
    const document = yaml(
      ['base: &base {a: 1}', 'middle: &middle {<<: *base, b: 2}', 'top: {<<: *middle}', ''].join('\n'),
    );
    expect((document.root as Record<string, unknown>).top).toEqual({ a: 1, b: 2 });
  });
});

describe('JSON members and duplicate keys', () => {
  it('counts members, not colons inside strings or escaped quotes', () => {
    expect(countJsonMembers('{"a": "x:y", "b\\":": {"c" : [1, "d:"]}, "e\\\\": 2}')).toBe(4);
  });

  it('finds the second of two equal keys, escapes decoded, per object', () => {
    const text = '{"a": {"k": 1}, "b": {"k": 2}, "\\u0061": 3}';
    expect(findJsonDuplicateKey(text)).toEqual({ key: 'a', offset: text.indexOf('"\\u0061"') });
    expect(findJsonDuplicateKey('{"a": {"k": 1}, "b": {"k": 2}}')).toBeUndefined();
  });

  it('refuses a duplicate that JSON.parse would hide, naming line and column', () => {
    expect(() => json('{\n  "a": 1,\n  "a": 2\n}')).toThrow(
      'Could not parse base spec "api.json" (line 3, column 3): duplicated key "a"; expected valid JSON.',
    );
  });
});
