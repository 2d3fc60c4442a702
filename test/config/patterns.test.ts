import { describe, expect, it } from 'vitest';
import { operationMatcher, parseOperationPattern, textMatcher } from '../../src/config/index.js';

const get = (path: string) => ({ method: 'GET', path });

describe('operationMatcher', () => {
  const cases: { pattern: string; operation: { method: string; path: string } | null; matches: boolean }[] = [
    { pattern: 'GET /items/*', operation: get('/items/{item_id}'), matches: true },
    { pattern: 'GET /items/*', operation: get('/items'), matches: false },
    { pattern: 'GET /items/*', operation: get('/items/{id}/tags'), matches: false },
    { pattern: 'GET /items/*', operation: { method: 'POST', path: '/items/{id}' }, matches: false },
    { pattern: 'get /items/*', operation: get('/items/{id}'), matches: true },
    { pattern: '* /internal/**', operation: { method: 'DELETE', path: '/internal/jobs/{id}' }, matches: true },
    { pattern: '* /internal/**', operation: get('/public'), matches: false },
    { pattern: '* /internal/**', operation: null, matches: false },
    { pattern: '/admin/**', operation: { method: 'PATCH', path: '/admin/users/{id}' }, matches: true },
    // Parameter names never matter, as when holdfast pairs operations.
    { pattern: 'GET /items/{id}', operation: get('/items/{item_id}'), matches: true },
    { pattern: 'GET /items/{id}', operation: get('/items/special'), matches: false },
    { pattern: '{GET,HEAD} /health', operation: { method: 'HEAD', path: '/health' }, matches: true },
    { pattern: '{GET,HEAD} /health', operation: { method: 'POST', path: '/health' }, matches: false },
    { pattern: '*', operation: null, matches: true },
    { pattern: '*', operation: get('/anything'), matches: true },
  ];
  for (const { pattern, operation, matches } of cases) {
    const label = operation ? `${operation.method} ${operation.path}` : 'a document-wide finding';
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${label}`, () => {
      expect(operationMatcher(pattern)(operation)).toBe(matches);
    });
  }
});

describe('parseOperationPattern', () => {
  it('explains what is wrong', () => {
    expect(parseOperationPattern('items/*')).toEqual({ error: 'not "METHOD PATH"' });
    expect(parseOperationPattern('GET items')).toEqual({ error: 'path "items" does not start with "/"' });
    expect(parseOperationPattern('G3T /items')).toEqual({ error: 'method "G3T" is not an HTTP method or a glob' });
    expect(parseOperationPattern('GET /a /b')).toEqual({ error: 'not "METHOD PATH"' });
  });
});

describe('textMatcher', () => {
  it('compares plain text exactly and globs as globs', () => {
    expect(textMatcher('response-enum-value-added')('response-enum-value-added')).toBe(true);
    expect(textMatcher('response-enum-value-added')('request-enum-value-added')).toBe(false);
    expect(textMatcher('response-*')('response-enum-value-added')).toBe(true);
    expect(textMatcher('#/components/schemas/*')('#/components/schemas/Item')).toBe(true);
  });
});
