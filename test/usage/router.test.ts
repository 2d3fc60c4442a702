import { describe, expect, it } from 'vitest';
import { decodePath, Router, requestPath, routesFromOpenApi } from '../../src/usage/index.js';

const router = new Router([
  { method: 'get', template: '/items' },
  { method: 'post', template: '/items' },
  { method: 'get', template: '/items/{item_id}' },
  { method: 'get', template: '/users/{id}' },
  { method: 'get', template: '/users/me' },
  { method: 'get', template: '/users/{id}/orders/{order_id}' },
  { method: 'get', template: '/users/me/orders/latest' },
  { method: 'get', template: '/files/{name}.json' },
  { method: 'get', template: '/' },
]);

const key = (method: string, target: string): string => {
  const found = router.match(method, target);
  return typeof found === 'string' ? `miss:${found}` : found.key;
};

describe('Router', () => {
  it('matches templates and strips the query string and fragment', () => {
    expect(key('GET', '/items')).toBe('GET /items');
    expect(key('POST', '/items')).toBe('POST /items');
    expect(key('GET', '/items/3')).toBe('GET /items/{item_id}');
    expect(key('GET', '/items/3?limit=1&x=/a/b')).toBe('GET /items/{item_id}');
    expect(key('GET', '/items/3#top')).toBe('GET /items/{item_id}');
    expect(key('GET', '/')).toBe('GET /');
    expect(key('get', '/items')).toBe('GET /items');
  });

  it('prefers a static segment over a parameter, and backtracks when the static branch dead-ends', () => {
    expect(key('GET', '/users/me')).toBe('GET /users/me');
    expect(key('GET', '/users/42')).toBe('GET /users/{id}');
    // `me` leads to /users/me/orders/latest only; /users/me/orders/9 must fall back to {id}.
    expect(key('GET', '/users/me/orders/latest')).toBe('GET /users/me/orders/latest');
    expect(key('GET', '/users/me/orders/9')).toBe('GET /users/{id}/orders/{order_id}');
    expect(key('GET', '/users/7/orders/latest')).toBe('GET /users/{id}/orders/{order_id}');
  });

  it('reports a method miss when the path exists, a path miss otherwise', () => {
    expect(key('DELETE', '/items/3')).toBe('miss:method');
    expect(key('GET', '/items/3/reviews')).toBe('miss:path');
    expect(key('GET', '/nope')).toBe('miss:path');
    expect(key('HEAD', '/items/3')).toBe('GET /items/{item_id}');
    expect(key('HEAD', '/nope')).toBe('miss:path');
  });

  it('does not let a parameter match an empty segment; a trailing slash is another path', () => {
    expect(key('GET', '/items/')).toBe('miss:path');
    expect(key('GET', '/items//')).toBe('miss:path');
    expect(key('GET', '/users//orders/1')).toBe('miss:path');
  });

  it('percent-decodes like an ASGI server: %2F splits segments, bad escapes are kept, + stays +', () => {
    expect(key('GET', '/items/%31%32')).toBe('GET /items/{item_id}');
    expect(key('GET', '/user%73/me')).toBe('GET /users/me');
    expect(key('GET', '/items/a%2Fb')).toBe('miss:path');
    expect(decodePath('/items/caf%C3%A9')).toBe('/items/café');
    expect(decodePath('/items/%zz%4')).toBe('/items/%zz%4');
    expect(decodePath('/items/%FF%FE')).toBe('/items/%FF%FE');
    expect(decodePath('/a+b')).toBe('/a+b');
    expect(key('GET', '/items/%zz')).toBe('GET /items/{item_id}');
  });

  it('treats a template segment with text around a parameter as static text', () => {
    expect(key('GET', '/files/{name}.json')).toBe('GET /files/{name}.json');
    expect(key('GET', '/files/report.json')).toBe('miss:path');
  });

  it('reads absolute-form targets sent to proxies', () => {
    expect(requestPath('http://shop.example/items/3?x=1')).toBe('/items/3');
    expect(requestPath('http://shop.example')).toBe('/');
    expect(key('GET', 'https://shop.example:8443/items')).toBe('GET /items');
  });

  it('strips a base path and refuses requests outside it', () => {
    const mounted = new Router([{ method: 'get', template: '/items/{item_id}' }], { basePath: '/api/' });
    expect(mounted.match('GET', '/api/items/1')).toMatchObject({ key: 'GET /items/{item_id}' });
    expect(mounted.match('GET', '/items/1')).toBe('path');
    expect(mounted.match('GET', '/apix/items/1')).toBe('path');
  });

  it('builds from an OpenAPI paths object, ignoring non-method keys', () => {
    const routes = routesFromOpenApi({
      paths: { '/a/{id}': { parameters: [], get: {}, summary: 'x', delete: {} }, '/b': { post: {} } },
    });
    expect(routes).toEqual([
      { method: 'get', template: '/a/{id}' },
      { method: 'delete', template: '/a/{id}' },
      { method: 'post', template: '/b' },
    ]);
    expect(new Router(routes).operations.map((operation) => operation.key)).toEqual([
      'GET /a/{id}',
      'DELETE /a/{id}',
      'POST /b',
    ]);
    expect(routesFromOpenApi(null)).toEqual([]);
  });
});
