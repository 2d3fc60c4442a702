/**
 * Hostile input ends in bounded time and memory with exit 2 and a message naming the limit, and
 * what stays under the limits is compared and stored normally (issue 11; docs/reliability.md).
 * Runs the built CLI on documents generated into a temporary folder.
 */
import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'holdfast-hostile-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/**
 * `levels` schemas, each with `width` properties aliasing the one below: `width ** levels` values
 * when expanded, a few hundred bytes as written. Used as a request and a response body.
 */
function aliasGraph(levels: number, width: number, leafType = 'string'): string {
  const lines = ['openapi: 3.0.3', "info: {title: t, version: '1'}", 'components:', '  schemas:'];
  lines.push(`    L0: &L0 {type: ${leafType}}`);
  for (let level = 1; level <= levels; level++) {
    const properties = Array.from({ length: width }, (_, index) => `p${index}: *L${level - 1}`).join(', ');
    lines.push(`    L${level}: &L${level} {type: object, properties: {${properties}}}`);
  }
  lines.push(
    'paths:',
    '  /a:',
    '    post:',
    '      requestBody:',
    '        content:',
    `          application/json: {schema: *L${levels}}`,
    '      responses:',
    "        '200':",
    '          description: ok',
    `          content: {application/json: {schema: *L${levels}}}`,
  );
  return `${lines.join('\n')}\n`;
}

type Json = Record<string, unknown>;

function documentWith(schema: unknown, components: Json = {}): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        post: {
          requestBody: { content: { 'application/json': { schema } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: { schemas: components },
  });
}

/** A schema `depth` objects deep, written inline. */
function nested(depth: number, leafType: string): string {
  let schema: unknown = { type: leafType };
  for (let level = 0; level < depth; level++) schema = { type: 'object', properties: { a: schema } };
  return documentWith(schema);
}

/** `S0 -> S1 -> ... -> Sn`, each `$ref` pointing at the next (`through`: via a property). */
function refChain(length: number, leafType: string, through: boolean): string {
  const components: Json = {};
  for (let index = 0; index < length; index++) {
    const ref = { $ref: `#/components/schemas/S${index + 1}` };
    components[`S${index}`] = through ? { type: 'object', properties: { a: ref } } : ref;
  }
  components[`S${length}`] = { type: leafType };
  return documentWith({ $ref: '#/components/schemas/S0' }, components);
}

async function timed(args: string[], env?: Record<string, string>) {
  const started = performance.now();
  const run = await runCli(args, { env });
  return { ...run, seconds: (performance.now() - started) / 1000 };
}

describe('YAML aliases', () => {
  it('refuses a billion-laughs graph at the expansion limit, quickly', async () => {
    const base = await file('laughs.yaml', aliasGraph(9, 9));
    expect(Buffer.byteLength(aliasGraph(9, 9))).toBeLessThan(2000);
    const run = await timed(['diff', base, base]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not load base spec "${base}": YAML aliases expand /components/schemas/L6/properties to 1,262,170 values, more than the alias expansion limit of 1,000,000 added values; expected a document that repeats less (use $ref for shared parts). Fix the file; retrying will not help.\n`,
    );
    expect(run.seconds).toBeLessThan(10);
  });

  it('compares an aliased graph under the limit like the same graph with $refs', async () => {
    const base = await file('aliases-base.yaml', aliasGraph(5, 10));
    const same = await file('aliases-same.yaml', aliasGraph(5, 10).replace('title: t', 'title: u'));
    const changed = await file('aliases-changed.yaml', aliasGraph(5, 10, 'integer'));
    const unchanged = await timed(['diff', base, same]);
    expect(unchanged.status).toBe(0);
    expect(unchanged.stdout).toContain('No changes found');
    expect(unchanged.seconds).toBeLessThan(10);
    const broken = await timed(['diff', base, changed, '--format', 'json']);
    expect(broken.status).toBe(1);
    expect(broken.seconds).toBeLessThan(10);
  });

  it('cites the request, not the response, for a request finding on an alias used by both', async () => {
    const base = await file('shared-base.yaml', aliasGraph(1, 1));
    const revision = await file('shared-revision.yaml', aliasGraph(1, 1, 'integer'));
    const run = await runCli(['diff', base, revision, '--format', 'json']);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ id: string; message: string }> }).findings;
    const request = findings.find((finding) => finding.id.startsWith('request-'));
    const response = findings.find((finding) => finding.id.startsWith('response-'));
    expect(request?.message).toContain('request body');
    expect(request?.message).not.toContain('response 200');
    expect(response?.message).toContain('response 200 body');
  });

  it('refuses an alias to a node that contains it', async () => {
    const base = await file('cycle.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: &a {b: *a}\n");
    const run = await runCli(['diff', base, base]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not load base spec "${base}": a YAML alias at /x/b refers to a node that contains it (an endless document); expected aliases to earlier, complete nodes. Fix the file; retrying will not help.\n`,
    );
  });

  it('stores a document with aliases as written, not expanded', async () => {
    const contract = await file('publish-aliases.yaml', aliasGraph(5, 10));
    const database = join(folder, 'aliases.db');
    const run = await runCli(['publish', contract, '--service', 'shop', '--version', '1'], {
      env: { HOLDFAST_DB: database },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Expanded, the document is ~5 MB of canonical JSON.
    expect((await stat(database)).size).toBeLessThan(1024 * 1024);
  });
});

describe('YAML merge keys', () => {
  const text = [
    'openapi: 3.0.3',
    "info: {title: t, version: '1'}",
    'paths:',
    '  /a:',
    '    get:',
    '      responses:',
    "        '200': &ok",
    '          description: ok',
    '          content: {application/json: {schema: {type: string}}}',
    '  /b:',
    '    get:',
    '      responses:',
    "        '200':",
    '          <<: *ok',
    '          description: merged',
    '',
  ].join('\n');

  it('applies them as YAML 1.1 tools do: the merged mapping is compared', async () => {
    const base = await file('merge-base.yaml', text);
    const revision = await file('merge-revision.yaml', text.replace('type: string', 'type: integer'));
    const run = await runCli(['diff', base, revision, '--format', 'json']);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ operation: { path: string } }> }).findings;
    expect(findings.map((finding) => finding.operation.path).sort()).toEqual(['/a', '/b']);
  });

  it('refuses a merge key holding a scalar', async () => {
    const base = await file('merge-scalar.yaml', text.replace('<<: *ok', '<<: 3'));
    const run = await runCli(['diff', base, base]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not parse base spec "${base}" (line 13, column 9): a YAML merge key "<<" at /paths/~1b/get/responses/200 holds something other than a mapping or a list of mappings; expected "<<: *anchor" or "<<: [*a, *b]". Fix the file; retrying will not help.\n`,
    );
  });
});

describe('depth', () => {
  it('refuses JSON and YAML nested past the 1,000-level limit, naming it', async () => {
    const json = await file('deep.json', nested(1500, 'string'));
    const jsonRun = await runCli(['diff', json, json]);
    expect(jsonRun.status).toBe(2);
    expect(jsonRun.stderr).toMatch(
      /^holdfast: Could not load base spec ".*deep\.json": nesting deeper than the 1,000-level depth limit at \/paths\/~1a\/post\/requestBody\/content\/application~1json\/schema\.\.\.\/properties\/a\/properties\/a\/.*; expected at most 1,000 levels\. Fix the file; retrying will not help\.\n$/,
    );
    const yaml = await file('deep.yaml', `openapi: 3.0.3\nx: ${'['.repeat(2500)}${']'.repeat(2500)}\n`);
    const yamlRun = await runCli(['diff', yaml, yaml]);
    expect(yamlRun.status).toBe(2);
    expect(yamlRun.stderr).toBe(
      `holdfast: Could not parse base spec "${yaml}" (line 2, column 1003): nesting deeper than the 1,000-level depth limit; expected valid YAML. Fix the file; retrying will not help.\n`,
    );
  });

  it('refuses a $ref chain and schemas nested through $refs past the limit', async () => {
    const chainBase = await file('chain-base.json', refChain(3000, 'string', false));
    const chainRevision = await file('chain-revision.json', refChain(3000, 'integer', false));
    const chain = await runCli(['diff', chainBase, chainRevision]);
    expect(chain.status).toBe(2);
    expect(chain.stderr).toBe(
      `holdfast: Could not resolve $ref "#/components/schemas/S1000" at /components/schemas/S999 in "${chainBase}": a chain of more than 1,000 $refs, each pointing at the next (the depth limit); expected a shorter chain. Fix the contract; retrying will not help.\n`,
    );
    const deepBase = await file('through-base.json', refChain(1500, 'string', true));
    const deepRevision = await file('through-revision.json', refChain(1500, 'integer', true));
    const deep = await runCli(['diff', deepBase, deepRevision]);
    expect(deep.status).toBe(2);
    expect(deep.stderr).toBe(
      `holdfast: Could not compare "${deepBase}": schemas nest deeper than the 1,000-level depth limit (through $refs) at /components/schemas/S1000; expected at most 1,000 levels. Fix the contract; retrying will not help.\n`,
    );
  });

  it('compares and publishes what stays under the limit', async () => {
    const database = join(folder, 'deep.db');
    const pairs = [
      ['inline', nested(490, 'string'), nested(490, 'integer')],
      ['chain', refChain(990, 'string', false), refChain(990, 'integer', false)],
      ['through', refChain(990, 'string', true), refChain(990, 'integer', true)],
    ];
    for (const [name, baseText, revisionText] of pairs) {
      const base = await file(`${name}-ok-base.json`, baseText);
      const revision = await file(`${name}-ok-revision.json`, revisionText);
      const run = await runCli(['diff', base, revision]);
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 1, stderr: '' });
      const publish = await runCli(['publish', revision, '--service', name, '--version', '1'], {
        env: { HOLDFAST_DB: database },
      });
      expect({ name, status: publish.status, stderr: publish.stderr }).toEqual({ name, status: 0, stderr: '' });
    }
  });
});

describe('size', () => {
  const limit = (spec: string, size: string) =>
    `holdfast: Could not read base spec "${spec}": larger than the ${size} limit; expected a contract of at most ${size}. Raise the limit with --max-input-mb or HOLDFAST_MAX_INPUT_MB if the input is genuine; retrying will not help.\n`;

  it('check takes --max-input-mb as diff does', async () => {
    const other = await file('check-small.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    const big = await file('check-big.yaml', `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    const run = await timed(['check', '--base', big, '--spec', other, '--max-input-mb', '2']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('check-big.yaml": larger than the 2 MB limit; expected a contract of at most 2 MB.');
  });

  it('stops reading /dev/zero at the default limit', async () => {
    const other = await file('small.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    const run = await timed(['diff', '/dev/zero', other]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(limit('/dev/zero', '64 MB'));
    expect(run.seconds).toBeLessThan(20);
  });

  it('stops an endless HTTP body at the limit set by --max-input-mb', async () => {
    const other = await file('small2.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    const server: Server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (response.write(chunk)) {
          // keeps writing until the socket's buffer is full
        }
      };
      response.on('drain', pump);
      request.on('close', () => response.destroy());
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yaml`;
      const run = await timed(['diff', url, other, '--max-input-mb', '2']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(limit(url, '2 MB'));
      expect(run.seconds).toBeLessThan(20);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('applies HOLDFAST_MAX_INPUT_MB to files and standard input', async () => {
    const big = await file('big.json', documentWith({ type: 'string', description: 'x'.repeat(2 * 1024 * 1024) }));
    const run = await runCli(['diff', big, big], { env: { HOLDFAST_MAX_INPUT_MB: '1' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(limit(big, '1 MB'));
    const small = await file('small3.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    const stdin = await runCli(['diff', '-', small], {
      env: { HOLDFAST_MAX_INPUT_MB: '1' },
      input: ' '.repeat(2 * 1024 * 1024),
    });
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toBe(limit('-', '1 MB'));
  });
});

describe('size of $ref targets', () => {
  it('stops reading a $ref target that never ends (a link to /dev/zero) at the limit', async () => {
    const base = await file(
      'ref-zero.yaml',
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: './zero.yaml'}\n",
    );
    await symlink('/dev/zero', join(folder, 'zero.yaml'));
    const revision = await file(
      'ref-zero-revision.yaml',
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    const run = await timed(['diff', base, revision, '--allow-external-refs'], { HOLDFAST_MAX_INPUT_MB: '2' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not resolve $ref "./zero.yaml" used at /paths/~1a/get/responses/200 in ${base}: the file is larger than the 2 MB limit; expected a file of at most 2 MB. Raise the limit with --max-input-mb or HOLDFAST_MAX_INPUT_MB if the file is genuine; retrying will not help.\n`,
    );
    expect(run.seconds).toBeLessThan(20);
  });
});

describe('smaller cases', () => {
  it('refuses duplicate keys in JSON as in YAML', async () => {
    const base = await file(
      'duplicate.json',
      '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n "paths": {"/a": {}, "/a": {"get": {}}}}',
    );
    const run = await runCli(['diff', base, base]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not parse base spec "${base}" (line 2, column 22): duplicated key "/a"; expected valid JSON. Fix the file; retrying will not help.\n`,
    );
  });

  it('refuses numbers JSON cannot keep (1e400, .inf, .nan) instead of storing null', async () => {
    const json = await file(
      'infinite.json',
      '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": 1e400}',
    );
    const run = await runCli(['publish', json, '--service', 's', '--version', '1'], {
      env: { HOLDFAST_DB: join(folder, 'numbers.db') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not parse contract spec "${json}" (line 1, column 75): an infinite number (.inf, or too large such as 1e400) at /x; expected a finite number (JSON and the registry cannot keep it). Fix the file; retrying will not help.\n`,
    );
    const yaml = await file('nan.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: [1, .nan]\n");
    const yamlRun = await runCli(['diff', yaml, yaml]);
    expect(yamlRun.status).toBe(2);
    expect(yamlRun.stderr).toContain('NaN (.nan) at /x/1; expected a finite number');
  });

  it('names UTF-16 and UTF-32 encodings', async () => {
    const text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
    const utf16 = await file('utf16.yaml', `\uFEFF${text}`);
    await writeFile(utf16, Buffer.from(`\uFEFF${text}`, 'utf16le'));
    const run = await runCli(['diff', utf16, utf16]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not read base spec "${utf16}": the text is encoded as UTF-16LE; expected UTF-8. Convert it first, e.g. iconv -f UTF-16LE -t UTF-8; retrying will not help.\n`,
    );
    const utf32 = join(folder, 'utf32.json');
    const bytes = Buffer.alloc(8 * 4);
    for (const [index, char] of [...'{"a":1}'].entries()) bytes.writeUInt32BE(char.charCodeAt(0), index * 4);
    await writeFile(utf32, bytes);
    const run32 = await runCli(['diff', utf32, utf32]);
    expect(run32.status).toBe(2);
    expect(run32.stderr).toContain('the text is encoded as UTF-32BE; expected UTF-8');
  });

  it.each([
    ['parameter', 'parameters', { P: { $ref: '#/components/parameters/P' } }, '/components/parameters/P'],
    ['request body', 'requestBodies', { B: { $ref: '#/components/requestBodies/B' } }, '/components/requestBodies/B'],
  ])('refuses a %s whose $ref points to itself', async (_name, section, components, pointer) => {
    const make = (description: string) =>
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/a': {
            get: {
              ...(section === 'parameters' ? { parameters: [{ $ref: pointer.replace('/', '#/') }] } : {}),
              ...(section === 'requestBodies' ? { requestBody: { $ref: pointer.replace('/', '#/') } } : {}),
              responses: { '200': { description } },
            },
          },
        },
        components: { [section]: components },
      });
    const base = await file(`self-${section}-base.json`, make('ok'));
    const revision = await file(`self-${section}-revision.json`, make('changed'));
    const run = await runCli(['diff', base, revision]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not resolve $ref "#${pointer}" used at ${pointer} in ${base}: it leads back to itself (a $ref cycle); expected a chain of $refs that ends at an object. Fix the reference; retrying will not help.\n`,
    );
  });

  it('refuses a path item whose $ref points to itself', async () => {
    const text = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/b': { $ref: '#/paths/~1b' } },
    });
    const base = await file('self-path.json', text);
    const run = await runCli(['diff', base, base]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Could not resolve $ref "#/paths/~1b" used at /paths/~1b');
  });

  it('escapes control characters from contracts in text output', async () => {
    const make = (type: string) =>
      documentWith({ type: 'object', properties: { 'x\u001b[2J\u001b]0;title\u0007': { type } } });
    const base = await file('escape-base.json', make('string'));
    const revision = await file('escape-revision.json', make('integer'));
    const run = await runCli(['diff', base, revision]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u0007');
    expect(run.stdout).toContain('request body (application/json).x\\x1b[2J\\x1b]0;title\\x07: type changed');
  });

  it('publish validates a git: revision before running git', async () => {
    const run = await runCli(
      ['publish', `git:--upload-pack=touch ${join(folder, 'pwned')}:openapi.yaml`, '--service', 's', '--version', '1'],
      { env: { HOLDFAST_DB: join(folder, 'git.db') } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `holdfast: Could not read contract spec "git:--upload-pack=touch ${join(folder, 'pwned')}:openapi.yaml": a revision starting with "-"; expected git:REV:PATH, for example git:main:openapi.yaml. Fix the spec; retrying will not help.\n`,
    );
    await expect(stat(join(folder, 'pwned'))).rejects.toThrow();
  });
});
