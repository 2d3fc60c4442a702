import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  addressWithoutPort,
  detectFormat,
  LogIngest,
  type LogRecord,
  parserFor,
  Router,
  userAgentFamily,
} from '../../src/usage/index.js';

function parse(format: 'uvicorn' | 'combined' | 'json', line: string, options = {}): LogRecord | string {
  const record: LogRecord = {
    method: '',
    target: '',
    status: 0,
    time: undefined,
    durationMs: undefined,
    address: undefined,
    userAgent: undefined,
    header: undefined,
  };
  return parserFor(format, options).parse(line, record) ?? record;
}

describe('uvicorn parser', () => {
  it('reads the default access log line', () => {
    expect(parse('uvicorn', 'INFO:     127.0.0.1:51234 - "GET /items/3 HTTP/1.1" 200 OK')).toEqual({
      method: 'GET',
      target: '/items/3',
      status: 200,
      time: undefined,
      durationMs: undefined,
      address: '127.0.0.1:51234',
      userAgent: undefined,
      header: undefined,
    });
  });

  it('reads the bare message gunicorn writes with uvicorn workers, colours, and an asctime prefix', () => {
    expect(parse('uvicorn', '10.1.2.3:4000 - "POST /orders HTTP/1.1" 201')).toMatchObject({
      status: 201,
      method: 'POST',
    });
    expect(
      parse(
        'uvicorn',
        '\u001b[32mINFO\u001b[0m:     127.0.0.1:1 - "\u001b[1mGET /items HTTP/1.1\u001b[0m" \u001b[32m200 OK\u001b[0m',
      ),
    ).toMatchObject({ target: '/items', status: 200 });
    expect(
      parse('uvicorn', '2026-01-05 10:11:12,345 INFO:     127.0.0.1:1 - "GET /items HTTP/1.1" 404 Not Found'),
    ).toMatchObject({
      time: Date.UTC(2026, 0, 5, 10, 11, 12),
      status: 404,
    });
  });

  it('reads a line without client address (a server on a Unix socket)', () => {
    expect(parse('uvicorn', 'INFO:      - "GET /items HTTP/1.1" 200 OK')).toMatchObject({
      target: '/items',
      address: undefined,
    });
  });

  it('rejects what is not an access line', () => {
    expect(parse('uvicorn', 'INFO:     Application startup complete.')).toBe('no "ADDRESS - " before the request');
    expect(parse('uvicorn', 'INFO:     127.0.0.1:1 - "GET /items HTTP/1.1" 2000')).toBe('no status after the request');
    expect(parse('uvicorn', 'INFO:     127.0.0.1:1 - "get /items HTTP/1.1" 200 OK')).toBe(
      'request is not "METHOD PATH PROTOCOL"',
    );
  });
});

describe('combined parser', () => {
  const line =
    '203.0.113.9 - alice [10/Oct/2000:13:55:36 -0700] "GET /items?x=1 HTTP/1.1" 200 2326 "http://a/" "curl/8.5.0"';

  it('reads nginx combined with its time zone', () => {
    expect(parse('combined', line)).toEqual({
      method: 'GET',
      target: '/items?x=1',
      status: 200,
      time: Date.UTC(2000, 9, 10, 20, 55, 36),
      durationMs: undefined,
      address: '203.0.113.9',
      userAgent: 'curl/8.5.0',
      header: undefined,
    });
  });

  it('reads the optional last token: seconds with a point, microseconds without, or a forced unit', () => {
    expect(parse('combined', `${line} 0.250`)).toMatchObject({ durationMs: 250, userAgent: 'curl/8.5.0' });
    expect(parse('combined', `${line} 250000`)).toMatchObject({ durationMs: 250 });
    expect(parse('combined', `${line} 250`, { durationUnit: 'ms' })).toMatchObject({ durationMs: 250 });
    expect(parse('combined', `${line} -`)).toMatchObject({ durationMs: undefined });
  });

  it('keeps quotes inside the user agent, reads the Common Log Format, HTTP/0.9 and no-protocol lines', () => {
    expect(
      parse(
        'combined',
        '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "x \\"quoted\\" agent" 0.001',
      ),
    ).toMatchObject({ userAgent: 'x \\"quoted\\" agent', durationMs: 1 });
    expect(parse('combined', '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET /items HTTP/1.0" 304 0')).toMatchObject({
      status: 304,
      userAgent: undefined,
    });
    expect(parse('combined', '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET /items" 200 5 "-" "-"')).toMatchObject({
      target: '/items',
      userAgent: '-',
    });
  });

  it('says why a line is not combined', () => {
    expect(parse('combined', 'garbage')).toBe('no remote address');
    expect(parse('combined', '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "-" 400 0 "-" "-"')).toBe(
      'request is not "METHOD PATH PROTOCOL"',
    );
    expect(parse('combined', '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" abc 0')).toBe(
      'no status after the request',
    );
  });
});

describe('JSON lines parser', () => {
  it('reads ECS field names (nested and flattened), durations in nanoseconds', () => {
    const ecs = {
      '@timestamp': '2026-01-05T10:00:00.000Z',
      http: { request: { method: 'get' }, response: { status_code: 201 } },
      url: { path: '/orders' },
      event: { duration: 12_500_000 },
      user_agent: { original: 'okhttp/4.12.0' },
      source: { ip: '10.0.0.1' },
    };
    expect(parse('json', JSON.stringify(ecs))).toEqual({
      method: 'GET',
      target: '/orders',
      status: 201,
      time: Date.UTC(2026, 0, 5, 10),
      durationMs: 12.5,
      address: '10.0.0.1',
      userAgent: 'okhttp/4.12.0',
      header: undefined,
    });
    expect(
      parse(
        'json',
        JSON.stringify({ 'http.request.method': 'POST', 'url.path': '/a', 'http.response.status_code': 500 }),
      ),
    ).toMatchObject({ method: 'POST', status: 500 });
  });

  it('reads configured fields, a request line field, loguru-style epoch seconds, and a prefix before the JSON', () => {
    const loguru = {
      text: 'request done',
      record: { time: { timestamp: 1767607200.5 }, extra: { verb: 'PUT', route: '/items/1', code: 204, took: 0.03 } },
    };
    const fields = {
      method: 'record.extra.verb',
      path: 'record.extra.route',
      status: 'record.extra.code',
      duration: 'record.extra.took',
      durationUnit: 's' as const,
    };
    expect(parse('json', JSON.stringify(loguru), { jsonFields: fields })).toMatchObject({
      method: 'PUT',
      target: '/items/1',
      status: 204,
      time: 1767607200500,
      durationMs: 30,
    });
    expect(
      parse(
        'json',
        'web-1 | {"request":"GET /items?x=1 HTTP/1.1","status":"200","request_time":"0.120","time_local":"05/Jan/2026:10:00:00 +0100"}',
      ),
    ).toMatchObject({
      method: 'GET',
      target: '/items?x=1',
      status: 200,
      durationMs: 120,
      time: Date.UTC(2026, 0, 5, 9),
    });
    expect(parse('json', '{"method":"GET","path":"/"}')).toBe('no status field');
    expect(parse('json', '{"status":200}')).toBe('no method and path fields');
    expect(parse('json', '[1]')).toBe('not a JSON object');
  });
});

describe('format detection', () => {
  it('picks the parser that reads most of the first lines', () => {
    const uvicorn = ['INFO:     Started server process [1]', 'INFO:     1.2.3.4:5 - "GET / HTTP/1.1" 200 OK'];
    expect(detectFormat(uvicorn).parser.name).toBe('uvicorn');
    expect(detectFormat(['{"method":"GET","path":"/","status":200}']).parser.name).toBe('json');
    const combined = detectFormat([
      '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8" 0.002',
    ]);
    expect(combined.parser.name).toBe('combined');
    expect(combined.capabilities).toMatchObject({ timestamp: true, duration: true, userAgent: true });
  });

  it('fails with a clear message when nothing parses, naming the forced format', () => {
    expect(() => detectFormat(['hello', 'world'], { source: 'app.log' })).toThrow(
      new AppError(
        'PARSE_FAILED',
        'Could not recognise the access log "app.log": none of its first 2 lines parse (first: "hello"); expected a uvicorn, gunicorn, nginx/Apache combined or JSON-lines access log. Choose the format with --log-format or fix the input; retrying will not help.',
      ),
    );
    expect(() => detectFormat(['INFO:     1.2.3.4:5 - "GET / HTTP/1.1" 200 OK'], { forced: 'json' })).toThrow(
      'expected the json format you chose.',
    );
  });

  it('refuses header identity without a header field', () => {
    expect(() => new LogIngest({ router: new Router([]), defaultTime: 0, client: 'header' })).toThrow(
      'Could not identify clients by header: no header field is set; expected the JSON field that holds it (e.g. "headers.x-client-id"). Name the field; retrying will not help.',
    );
  });

  it('matches each line against the contract live at its time', () => {
    const before = new Router([{ method: 'get', template: '/users/{user_id}' }]);
    const after = new Router([{ method: 'get', template: '/users/{user_id}/profile' }]);
    const deployedAt = Date.UTC(2026, 0, 5, 11);
    const ingest = new LogIngest({ router: (time) => (time < deployedAt ? before : after), defaultTime: 0 });
    const line = (time: string, path: string): string =>
      `1.1.1.1 - - [05/Jan/2026:${time} +0000] "GET ${path} HTTP/1.1" 200 5 "-" "curl/8.5.0"`;
    ingest.push(line('10:59:59', '/users/1'), 1);
    ingest.push(line('11:00:00', '/users/1'), 2);
    ingest.push(line('11:00:01', '/users/1/profile'), 3);
    expect(ingest.finish()).toMatchObject({
      matched: 2,
      unmatched: { count: 1, top: [{ request: 'GET /users/1', count: 1 }] },
    });
    expect(ingest.drain().map((cell) => cell.operation)).toEqual([
      'GET /users/{user_id}',
      'GET /users/{user_id}/profile',
    ]);
  });

  it('counts HEAD under GET when the app served it, and a HEAD the app refused (405) as unmatched', () => {
    const ingest = new LogIngest({ router: new Router([{ method: 'get', template: '/items' }]), defaultTime: 0 });
    const line = (method: string, status: number): string =>
      `1.1.1.1 - - [05/Jan/2026:10:00:00 +0000] "${method} /items HTTP/1.1" ${status} 5 "-" "curl/8.5.0"`;
    ingest.push(line('HEAD', 200), 1);
    ingest.push(line('HEAD', 405), 2);
    ingest.push(line('GET', 200), 3);
    expect(ingest.finish()).toMatchObject({
      matched: 2,
      unmatched: { count: 1, byReason: { path: 0, method: 1 }, top: [{ request: 'HEAD /items', count: 1 }] },
    });
    expect(ingest.drain().map((cell) => [cell.operation, cell.statusClass, cell.count])).toEqual([
      ['GET /items', '2xx', 2],
    ]);
  });

  it('counts a file of blank lines as blank, without failing', () => {
    const ingest = new LogIngest({ router: new Router([]), defaultTime: 0 });
    ingest.push('', 1);
    ingest.push('  ', 2);
    expect(ingest.finish()).toMatchObject({ format: undefined, lines: 2, blank: 2, matched: 0, missing: [] });
  });
});

describe('client identity helpers', () => {
  it('extracts user-agent families', () => {
    const cases: Array<[string, string]> = [
      ['python-requests/2.31.0', 'python-requests'],
      ['python-httpx/0.27.0', 'python-httpx'],
      ['Python/3.11 aiohttp/3.9.1', 'aiohttp'],
      ['okhttp/4.12.0', 'okhttp'],
      ['Dart/3.2 (dart:io)', 'Dart'],
      ['curl/8.5.0', 'curl'],
      ['Go-http-client/1.1', 'Go-http-client'],
      ['', '(none)'],
      ['-', '(none)'],
      ['Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'Chrome'],
      [
        'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
        'Edge',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
        'Safari',
      ],
      ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
      ['Mozilla/5.0 (compatible; MSIE 9.0)', 'Mozilla-compatible'],
    ];
    for (const [userAgent, family] of cases)
      expect([userAgent, userAgentFamily(userAgent)]).toEqual([userAgent, family]);
  });

  it('drops ports from addresses', () => {
    expect(addressWithoutPort('10.0.0.1:5000')).toBe('10.0.0.1');
    expect(addressWithoutPort('[::1]:5000')).toBe('::1');
    expect(addressWithoutPort('::1')).toBe('::1');
    expect(addressWithoutPort('10.0.0.1')).toBe('10.0.0.1');
  });
});
