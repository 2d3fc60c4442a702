/**
 * extractOpenApi with a real Python: the example FastAPI app (skipped only when /usr/bin/python3
 * lacks FastAPI), plain-Python fixtures for every failure, with the exact messages users see.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/index.js';
import { caught, HAS_FASTAPI, PYTHON, SHOP, temporaryFolder, writeFiles } from './_python.js';

/** Only PATH: an active virtualenv of whoever runs the tests must not change the outcome. */
const ENV = { PATH: process.env.PATH };

const FIXTURES = {
  'apps.py': `import datetime

print("importing apps")  # must end up on stderr, never in the document

VALUE = 42
NOT_OPENAPI = {"title": "not a document", "paths": {}}
DOCUMENT = {"openapi": "3.1.0", "info": {"title": "Tést", "version": "1"}, "paths": {}, "zeta": [3, 1], "alpha": {"b": 1, "a": 2}}


def openapi():
    return DOCUMENT


def needs_arguments(settings):
    return DOCUMENT


def raises():
    raise ValueError("DATABASE_URL is not set")


def not_json():
    return {"openapi": "3.1.0", "paths": {"/x": {"get": {"x-when": datetime.date(2024, 1, 1)}}}}


class Broken:
    def openapi(self):
        return self.build()

    def build(self):
        raise RuntimeError("cannot build a schema for Money")


class Chatty:
    def openapi(self):
        print("building the schema...")
        return DOCUMENT


broken = Broken()
chatty = Chatty()
`,
  'missing_dependency.py': 'import json\nimport not_installed_dependency_for_holdfast\n',
  'syntax_error.py': 'def broken(:\n    pass\n',
  'exits.py': 'import os\nos._exit(7)\n',
  'sleeps.py': 'import time\ntime.sleep(30)\n',
  'sys_exit.py': 'import sys\nsys.exit("no configuration found")\n',
  'multiline_error.py': 'raise RuntimeError("1 validation error for Settings\\ndatabase_url\\n  field required")\n',
};

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await temporaryFolder();
  await writeFiles(folder.path, FIXTURES);
});
afterAll(() => folder.remove());

const extract = (target: string, options: { timeoutMs?: number; python?: string } = {}) =>
  extractOpenApi(target, {
    cwd: folder.path,
    python: options.python ?? PYTHON,
    env: ENV,
    timeoutMs: options.timeoutMs,
  });

async function failure(target: string, options: { timeoutMs?: number; python?: string } = {}) {
  const error = await caught(() => extract(target, options));
  return { code: error.code, exitCode: error.exitCode, message: error.message };
}

describe.skipIf(!HAS_FASTAPI)('extracting the FastAPI example', () => {
  const v1 = (target: string) => extractOpenApi(target, { cwd: ROOT_OF_SHOP, appDir: 'v1', python: PYTHON, env: ENV });
  const ROOT_OF_SHOP = SHOP;

  it('imports the app without serving it and returns sorted JSON', async () => {
    const extraction = await v1('shop.main:app');
    expect(extraction.interpreter).toBe(PYTHON);
    expect(extraction.interpreterOrigin).toBe('--python');
    expect(extraction.document.openapi).toBe('3.0.2');
    expect(Object.keys(extraction.document)).toEqual(['components', 'info', 'openapi', 'paths']);
    expect(Object.keys(extraction.document.paths as object)).toEqual([
      '/items',
      '/items/{item_id}',
      '/orders',
      '/orders/{order_id}',
      '/users/{user_id}',
    ]);
    // Python spells floats its own way (`1.0`), so check the shape rather than re-serialize.
    expect(extraction.text.endsWith('}\n')).toBe(true);
    expect(extraction.text.split('\n')[1]).toBe('  "components": {');
    expect(unsortedObjects(extraction.document)).toEqual([]);
  });

  it('is byte-identical across runs, and the same for the app, the factory call and the bare factory', async () => {
    const first = await v1('shop.main:app');
    const second = await v1('shop.main:app');
    expect(second.text).toBe(first.text);
    expect((await v1('shop.main:create_app()')).text).toBe(first.text);
    expect((await v1('shop.main:create_app')).text).toBe(first.text);
  });
});

describe('recognized objects', () => {
  it('reads a function returning the document, keeping non-ASCII text and sorting keys', async () => {
    const extraction = await extract('apps:openapi');
    expect(extraction.text).toBe(
      '{\n  "alpha": {\n    "a": 2,\n    "b": 1\n  },\n  "info": {\n    "title": "Tést",\n    "version": "1"\n  },\n  "openapi": "3.1.0",\n  "paths": {},\n  "zeta": [\n    3,\n    1\n  ]\n}\n',
    );
  });

  it('reads a dict attribute and any object with openapi(), whatever the app prints', async () => {
    expect((await extract('apps:DOCUMENT')).text).toBe((await extract('apps:openapi')).text);
    expect((await extract('apps:chatty')).text).toBe((await extract('apps:openapi')).text);
  });
});

describe('failures', () => {
  it('names an interpreter that does not exist', async () => {
    expect(await failure('apps:openapi', { python: '/nonexistent/bin/python3' })).toEqual({
      code: 'EXTRACT_PYTHON_NOT_FOUND',
      exitCode: 2,
      message:
        'Could not run Python "/nonexistent/bin/python3": not found; expected a Python 3 interpreter. Pass --python or set [tool.holdfast] python; retrying will not help.',
    });
  });

  it('says which interpreter could not import a dependency, and how to choose another', async () => {
    expect(await failure('missing_dependency:app')).toEqual({
      code: 'EXTRACT_IMPORT_FAILED',
      exitCode: 2,
      message:
        'Could not import "missing_dependency" for missing_dependency:app: ModuleNotFoundError: No module named \'not_installed_dependency_for_holdfast\' (missing_dependency.py:2: import not_installed_dependency_for_holdfast); expected the app\'s dependencies to be importable. "missing_dependency" was imported with /usr/bin/python3 (--python), which cannot import "not_installed_dependency_for_holdfast". Choose the interpreter that has your dependencies: --python PATH, [tool.holdfast] python, an active virtualenv, or .venv/; retrying will not help.',
    });
  });

  it('tells a missing app module from a missing dependency', async () => {
    expect(await failure('shop.main:app')).toEqual({
      code: 'EXTRACT_IMPORT_FAILED',
      exitCode: 2,
      message: `Could not import "shop.main" for shop.main:app: ModuleNotFoundError: No module named 'shop'; expected "shop" in ${folder.path}. Run holdfast from the folder your app is imported from (the project root), or pass --app-dir DIR; retrying will not help.`,
    });
  });

  it('shows the last lines of other import errors, not the whole traceback', async () => {
    expect((await failure('syntax_error:app')).message).toBe(
      'Could not import "syntax_error" for syntax_error:app: SyntaxError: invalid syntax (syntax_error.py:1: def broken(:); expected the module to import without errors. Fix the error (importing the app must not need a server, a database or the network); retrying will not help.',
    );
    expect((await failure('sys_exit:app')).message).toBe(
      'Could not import "sys_exit" for sys_exit:app: SystemExit: no configuration found (sys_exit.py:2: sys.exit("no configuration found")); expected the module to import without errors. Fix the error (importing the app must not need a server, a database or the network); retrying will not help.',
    );
    expect((await failure('multiline_error:app')).message).toBe(
      'Could not import "multiline_error" for multiline_error:app: RuntimeError: 1 validation error for Settings | database_url | field required (multiline_error.py:1: raise RuntimeError("1 validation error for Settings\\ndatabase_url\\n  field required")); expected the module to import without errors. Fix the error (importing the app must not need a server, a database or the network); retrying will not help.',
    );
  });

  it('lists what the module has when the attribute is missing', async () => {
    expect(await failure('apps:ap')).toEqual({
      code: 'EXTRACT_ATTRIBUTE_MISSING',
      exitCode: 2,
      message:
        'Could not find the app apps:ap: "apps" has no attribute "ap" (found DOCUMENT, broken, chatty); expected the name of the app, factory or function after the colon. Fix the app name; retrying will not help.',
    });
    expect((await failure('apps:broken.missing')).message).toBe(
      'Could not find the app apps:broken.missing: "apps:broken" has no attribute "missing"; expected the name of the app, factory or function after the colon. Fix the app name; retrying will not help.',
    );
  });

  it('reports the app raising while it builds its schema, with where it raised', async () => {
    expect(await failure('apps:broken')).toEqual({
      code: 'EXTRACT_SCHEMA_FAILED',
      exitCode: 2,
      message:
        'Could not extract the OpenAPI document of apps:broken: building the document of apps:broken raised RuntimeError: cannot build a schema for Money (apps.py:31: raise RuntimeError("cannot build a schema for Money")); expected the app to describe itself without errors. Fix the error in the app; retrying will not help.',
    });
    expect((await failure('apps:raises()')).message).toBe(
      'Could not extract the OpenAPI document of apps:raises(): the factory apps:raises() raised ValueError: DATABASE_URL is not set (apps.py:19: raise ValueError("DATABASE_URL is not set")); expected the app to describe itself without errors. Fix the error in the app; retrying will not help.',
    );
  });

  it('refuses output that is not OpenAPI', async () => {
    expect(await failure('apps:NOT_OPENAPI')).toEqual({
      code: 'EXTRACT_NOT_OPENAPI',
      exitCode: 2,
      message:
        'Could not extract an OpenAPI document from apps:NOT_OPENAPI: found a mapping with keys paths, title; expected an OpenAPI document (a dict with an "openapi" or "swagger" version). Point the app name at the app or at a function returning its document; retrying will not help.',
    });
    expect((await failure('apps:not_json')).message).toBe(
      'Could not extract an OpenAPI document from apps:not_json: found a value of type datetime.date at /paths/~1x/get/x-when; expected only JSON values (objects with string keys, lists, strings, finite numbers, booleans, null). Make the app return a JSON-ready document; retrying will not help.',
    );
  });

  it('says what it found when the object is neither an app, a factory nor a document function', async () => {
    expect(await failure('apps:VALUE')).toEqual({
      code: 'EXTRACT_UNSUPPORTED_OBJECT',
      exitCode: 2,
      message:
        'Could not extract an OpenAPI document from apps:VALUE: found int; expected a FastAPI app, an app factory, or a function returning an OpenAPI dict. Point the app name at one of those; retrying will not help.',
    });
    expect((await failure('apps:Broken')).message).toBe(
      'Could not extract an OpenAPI document from apps:Broken: found class apps.Broken; expected a FastAPI app, an app factory, or a function returning an OpenAPI dict. Point the app name at one of those; retrying will not help.',
    );
    expect((await failure('apps:needs_arguments')).message).toBe(
      'Could not extract an OpenAPI document from apps:needs_arguments: found function apps.needs_arguments, which needs arguments; expected a FastAPI app, an app factory, or a function returning an OpenAPI dict, callable without arguments. Point the app name at one of those; retrying will not help.',
    );
    expect((await failure('apps:chatty()')).message).toBe(
      'Could not call apps:chatty(): found apps.Chatty, an app rather than a factory; expected a function before "()". Drop the "()": apps:chatty; retrying will not help.',
    );
    expect((await failure('apps:VALUE()')).message).toBe(
      'Could not call apps:VALUE(): found int, which cannot be called; expected a function before "()". Fix the app name; retrying will not help.',
    );
  });

  it('refuses an app name that is not module:attribute before starting Python', async () => {
    expect(await failure('main', { python: '/nonexistent/bin/python3' })).toEqual({
      code: 'EXTRACT_TARGET_INVALID',
      exitCode: 2,
      message:
        'Invalid app "main": no ":"; expected module:attribute, for example main:app or shop.api:create_app(). Fix the app name; retrying will not help.',
    });
    expect((await failure('main:app-v2', { python: '/nonexistent/bin/python3' })).message).toBe(
      'Invalid app "main:app-v2": not a Python module and attribute name; expected module:attribute, for example main:app or shop.api:create_app(). Fix the app name; retrying will not help.',
    );
  });

  it('stops an import that does not finish', async () => {
    const started = Date.now();
    expect(await failure('sleeps:app', { timeoutMs: 1000 })).toEqual({
      code: 'EXTRACT_TIMEOUT',
      exitCode: 2,
      message:
        'Could not extract the OpenAPI document of sleeps:app: Python did not finish within 1 s; expected importing the app and building its document to finish quickly. Make sure importing the module does not start a server or wait for a database or the network; retrying will not help.',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a process that exits while importing', async () => {
    expect(await failure('exits:app')).toEqual({
      code: 'EXTRACT_PYTHON_FAILED',
      exitCode: 2,
      message:
        'Could not extract the OpenAPI document of exits:app: /usr/bin/python3 exited with status 7; expected the document on standard output. Check that importing the app does not exit the process; run with HOLDFAST_DEBUG=1 to see its output; retrying will not help.',
    });
  });
});

describe('the shipped program', () => {
  it('is the file the build copies to dist/', async () => {
    const source = await readFile(join(SHOP, '..', '..', 'src', 'extract', 'extract.py'), 'utf8');
    expect(source).toContain('sort_keys=True, indent=2, ensure_ascii=False');
  });
});

/** JSON pointers of objects whose keys are not in sorted order. */
function unsortedObjects(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unsortedObjects(item, `${pointer}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  const own = keys.join('\u0000') === [...keys].sort().join('\u0000') ? [] : [pointer || '/'];
  return [
    ...own,
    ...keys.flatMap((key) => unsortedObjects((value as Record<string, unknown>)[key], `${pointer}/${key}`)),
  ];
}
