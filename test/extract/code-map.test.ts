/**
 * Findings on contracts extracted from Python cite the Python code that defines each part: a real
 * FastAPI app (test/fixtures/python-code-map, Debian's FastAPI 0.92 + Pydantic 1.10) whose routes,
 * dependencies, models and base models sit in several modules, committed to a real git repository
 * (v1) with a working tree changing it (v2).
 */
import { spawnSync } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeMap, codeLocationOf, extractOpenApi } from '../../src/extract/index.js';
import { compareSpecs } from '../../src/pipeline.js';
import { renderReport } from '../../src/report/index.js';
import type { ComparisonResult, Finding } from '../../src/rules/types.js';
import { git, HAS_FASTAPI, PYTHON, ROOT, temporaryFolder, writeFiles } from './_python.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'python-code-map');
const SCRIPT = join(ROOT, 'src', 'extract', 'extract.py');
/**
 * A Python with Pydantic 2 (FastAPI 0.92 needs Pydantic 1, so there is no FastAPI beside it here):
 * the model half of the code map is checked on real Pydantic 2 models.
 */
const PYDANTIC2_PYTHON = ['python3', 'python'].find(
  (command) =>
    spawnSync(command, ['-c', 'import pydantic; assert pydantic.VERSION.startswith("2.")'], { stdio: 'ignore' })
      .status === 0,
);

/** The 1-based line of the only line of `version/file` that contains `text`. */
async function lineOf(version: 'v1' | 'v2', file: string, text: string): Promise<number> {
  const lines = (await readFile(join(FIXTURE, version, file), 'utf8')).split('\n');
  const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`"${text}" is on ${found.length} lines of ${version}/${file}`);
  return found[0];
}

describe('codeLocationOf', () => {
  const map: CodeMap = {
    pointers: new Map([
      ['/paths/~1books/get', { file: 'routes.py', line: 10 }],
      ['/paths/~1books/get/parameters/1', { file: 'params.py', line: 6 }],
      ['/components/schemas/Book', { file: 'models.py', line: 20 }],
      ['/components/schemas/Book/properties/title', { file: 'models.py', line: 22 }],
    ]),
  };

  it('finds the most specific enclosing part: field, then model, parameter, then operation', () => {
    expect(codeLocationOf(map, '/components/schemas/Book/properties/title/maxLength')).toEqual({
      file: 'models.py',
      line: 22,
    });
    expect(codeLocationOf(map, '/components/schemas/Book/required')).toEqual({ file: 'models.py', line: 20 });
    expect(codeLocationOf(map, '/paths/~1books/get/parameters/1/schema')).toEqual({ file: 'params.py', line: 6 });
    expect(codeLocationOf(map, '/paths/~1books/get/parameters/0')).toEqual({ file: 'routes.py', line: 10 });
    expect(codeLocationOf(map, '/paths/~1books/get/responses/200')).toEqual({ file: 'routes.py', line: 10 });
    // No prefix match on a longer name, and nothing for parts the map does not cover.
    expect(codeLocationOf(map, '/components/schemas/BookCreate/properties/title')).toBeUndefined();
    expect(codeLocationOf(map, '/info/title')).toBeUndefined();
  });
});

describe.skipIf(!HAS_FASTAPI)('the code map of a FastAPI app', () => {
  it('places operations, parameters, bodies, models, inherited and Annotated fields, enum members', async () => {
    const cwd = join(FIXTURE, 'v1');
    const plain = await extractOpenApi('bookshop.main:app', { cwd, python: PYTHON });
    const mapped = await extractOpenApi('bookshop.main:app', { cwd, python: PYTHON, codeRoot: cwd });
    // The contract is byte-identical: the map travels beside it.
    expect(mapped.text).toBe(plain.text);
    expect(plain.codeMap).toBeUndefined();
    const at = (pointer: string) => mapped.codeMap?.pointers.get(pointer);
    expect(at('/paths/~1books/get')).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'def list_books('),
    });
    expect(at('/paths/~1books~1{book_id}/delete')).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'def delete_book('),
    });
    // A query parameter of the endpoint, and one of a dependency in another module.
    expect(at('/paths/~1books/get/parameters/0')).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'genre: Optional[Genre] = None'),
    });
    expect(at('/paths/~1books/get/parameters/1')).toEqual({
      file: 'bookshop/params.py',
      line: await lineOf('v1', 'bookshop/params.py', 'limit: int'),
    });
    expect(at('/paths/~1books~1{book_id}/get/parameters/0')).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'def get_book(book_id: int)'),
    });
    expect(at('/paths/~1books/post/requestBody')).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'def create_book(body: BookCreate)'),
    });
    expect(at('/components/schemas/Book')).toEqual({
      file: 'bookshop/models.py',
      line: await lineOf('v1', 'bookshop/models.py', 'class Book(Timestamped)'),
    });
    // Inherited: the base class in another module declares it.
    expect(at('/components/schemas/Book/properties/created_at')).toEqual({
      file: 'bookshop/base.py',
      line: await lineOf('v1', 'bookshop/base.py', 'created_at: str'),
    });
    expect(at('/components/schemas/BookCreate/properties/title')).toEqual({
      file: 'bookshop/models.py',
      line: await lineOf('v1', 'bookshop/models.py', 'title: Annotated[str, Field(min_length=1'),
    });
    expect(at('/components/schemas/Genre/enum/1')).toEqual({
      file: 'bookshop/models.py',
      line: await lineOf('v1', 'bookshop/models.py', 'poetry = "poetry"'),
    });
    // FastAPI's own schemas come from installed code, which is never cited.
    expect(at('/components/schemas/HTTPValidationError')).toBeUndefined();
    expect([...(mapped.codeMap?.pointers.values() ?? [])].every((place) => place.file.startsWith('bookshop/'))).toBe(
      true,
    );
  });

  it('matches the module-qualified names of colliding models, and cites nothing outside the code root', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, {
        'app/__init__.py': '',
        'app/a.py': 'from pydantic import BaseModel\n\n\nclass Thing(BaseModel):\n    a: int\n',
        'app/b.py': 'from pydantic import BaseModel\n\n\nclass Thing(BaseModel):\n    b: int\n',
        'app/main.py': [
          'from fastapi import Body, FastAPI',
          'from . import a, b',
          '',
          'app = FastAPI()',
          '',
          '',
          '@app.get("/a", response_model=a.Thing)',
          'def get_a():',
          '    return None',
          '',
          '',
          '@app.get("/b", response_model=b.Thing)',
          'def get_b():',
          '    return None',
          '',
          '',
          '@app.get("/a", response_model=a.Thing)',
          'async def get_a_again():',
          '    return None',
          '',
          '',
          '@app.post("/c")',
          'def make(',
          '    size: int = Body(...),',
          '    label: str = Body(..., alias="name"),',
          '):',
          '    return None',
          '',
        ].join('\n'),
      });
      const mapped = await extractOpenApi('app.main:app', { cwd: folder.path, python: PYTHON, codeRoot: folder.path });
      const pointers = Object.fromEntries(mapped.codeMap?.pointers ?? []);
      // Pydantic 1 names colliding models after their module; those names are matched exactly.
      expect(Object.keys(mapped.document.components as object)).toEqual(['schemas']);
      expect(pointers['/components/schemas/app__a__Thing']).toEqual({ file: 'app/a.py', line: 4 });
      expect(pointers['/components/schemas/app__b__Thing/properties/b']).toEqual({ file: 'app/b.py', line: 5 });
      // GET /a twice: the document is the later route's, and so is the line.
      const paths = mapped.document.paths as Record<string, Record<string, { operationId: string }>>;
      expect(paths['/a'].get.operationId).toBe('get_a_again_a_get');
      expect(pointers['/paths/~1a/get']).toEqual({ file: 'app/main.py', line: 18 });
      expect(pointers['/paths/~1b/get']).toEqual({ file: 'app/main.py', line: 13 });
      // Several body parameters: FastAPI's Body_ model, whose properties are the function's parameters.
      expect(pointers['/components/schemas/Body_make_c_post']).toEqual({ file: 'app/main.py', line: 23 });
      expect(pointers['/components/schemas/Body_make_c_post/properties/size']).toEqual({
        file: 'app/main.py',
        line: 24,
      });
      expect(pointers['/components/schemas/Body_make_c_post/properties/name']).toEqual({
        file: 'app/main.py',
        line: 25,
      });

      // With a code root that does not hold the app, nothing is cited (and nothing fails).
      const outside = await extractOpenApi('app.main:app', {
        cwd: folder.path,
        python: PYTHON,
        codeRoot: join(folder.path, 'elsewhere'),
      });
      expect(outside.text).toBe(mapped.text);
      expect(outside.codeMap?.pointers.size).toBe(0);
    } finally {
      await folder.remove();
    }
  });
});

describe.skipIf(!HAS_FASTAPI)('findings on py: inputs', () => {
  let repo: { path: string; remove: () => Promise<void> };
  let result: ComparisonResult;

  beforeAll(async () => {
    repo = await temporaryFolder('holdfast-repo-');
    git(repo.path, 'init', '--quiet', '--initial-branch=main');
    await writeFiles(repo.path, { '.gitignore': '__pycache__/\n' });
    await cp(join(FIXTURE, 'v1', 'bookshop'), join(repo.path, 'bookshop'), { recursive: true });
    git(repo.path, 'add', '.');
    git(repo.path, 'commit', '--quiet', '-m', 'v1');
    await rm(join(repo.path, 'bookshop'), { recursive: true });
    await cp(join(FIXTURE, 'v2', 'bookshop'), join(repo.path, 'bookshop'), { recursive: true });
    result = await compareSpecs('git:main:py:bookshop.main:app', 'py:bookshop.main:app', {
      cwd: repo.path,
      python: PYTHON,
    });
  });
  afterAll(async () => {
    await repo?.remove();
  });

  /** The one finding of rule `id` at `pointer` (for the first operation it is attributed to). */
  function finding(id: string, pointer: string): Finding {
    const found = result.findings.filter((each) => each.id === id && each.location.pointer === pointer);
    if (found.length === 0) throw new Error(`no ${id} at ${pointer}`);
    return found[0];
  }

  it('cite the Python line of each kind of change, and keep the JSON pointer', async () => {
    const revision = { contract: 'py:bookshop.main:app' };
    const removed = { contract: 'git:main:py:bookshop.main:app', removedIn: 'main' };
    const cases: [string, string, object][] = [
      // A field renamed in a base class in another module: the removal cites the base's line.
      [
        'response-required-property-removed',
        '/components/schemas/Book/properties/created_at',
        { file: 'bookshop/base.py', line: await lineOf('v1', 'bookshop/base.py', 'created_at: str'), code: removed },
      ],
      [
        'response-property-added',
        '/components/schemas/Book/properties/created',
        { file: 'bookshop/base.py', line: await lineOf('v2', 'bookshop/base.py', 'created: str'), code: revision },
      ],
      // models.py gained lines at the top: revision lines are the revision's.
      [
        'response-type-changed',
        '/components/schemas/Book/properties/pages',
        { file: 'bookshop/models.py', line: await lineOf('v2', 'bookshop/models.py', 'pages: str'), code: revision },
      ],
      [
        'request-max-length-decreased',
        '/components/schemas/BookCreate/properties/title',
        {
          file: 'bookshop/models.py',
          line: await lineOf('v2', 'bookshop/models.py', 'title: Annotated[str, Field(min_length=1, max_length=100)]'),
          code: revision,
        },
      ],
      [
        'request-required-property-added',
        '/components/schemas/BookCreate/properties/isbn',
        { file: 'bookshop/models.py', line: await lineOf('v2', 'bookshop/models.py', 'isbn: str'), code: revision },
      ],
      // A change of the model as a whole cites its class.
      [
        'request-enum-value-removed',
        '/components/schemas/Genre',
        { file: 'bookshop/models.py', line: await lineOf('v2', 'bookshop/models.py', 'class Genre('), code: revision },
      ],
      // Parameters: of a dependency in another module, added, removed.
      [
        'request-maximum-decreased',
        '/paths/~1books/get/parameters/0/schema',
        { file: 'bookshop/params.py', line: await lineOf('v2', 'bookshop/params.py', 'limit: int'), code: revision },
      ],
      [
        'request-required-parameter-added',
        '/paths/~1books/get/parameters/2',
        { file: 'bookshop/routes.py', line: await lineOf('v2', 'bookshop/routes.py', 'x_tenant: str'), code: revision },
      ],
      [
        'request-parameter-removed',
        '/paths/~1books/get/parameters/0',
        {
          file: 'bookshop/routes.py',
          line: await lineOf('v1', 'bookshop/routes.py', 'genre: Optional[Genre]'),
          code: removed,
        },
      ],
      // Operations: removed (the base's function) and added.
      [
        'api-operation-removed',
        '/paths/~1books~1{book_id}/delete',
        {
          file: 'bookshop/routes.py',
          line: await lineOf('v1', 'bookshop/routes.py', 'def delete_book('),
          code: removed,
        },
      ],
      [
        'api-operation-added',
        '/paths/~1authors/get',
        {
          file: 'bookshop/routes.py',
          line: await lineOf('v2', 'bookshop/routes.py', 'def list_authors('),
          code: revision,
        },
      ],
    ];
    for (const [id, pointer, location] of cases) {
      expect({ id, location: finding(id, pointer).location }).toEqual({ id, location: { ...location, pointer } });
    }
    // Every finding of this app is placed in its code.
    expect(result.findings.filter((each) => each.location.code === undefined)).toEqual([]);
  });

  it('put the Python line into text, GitHub, GitLab and SARIF reports, saying when it is a removal', async () => {
    const created = await lineOf('v1', 'bookshop/base.py', 'created_at: str');
    const pages = await lineOf('v2', 'bookshop/models.py', 'pages: str');
    const text = renderReport('text', result, {});
    expect(text).toContain(`response-type-changed  bookshop/models.py:${pages}\n`);
    expect(text).toContain(`response-required-property-removed  (removed; was bookshop/base.py:${created} in main)\n`);

    const github = renderReport('github', result, {}).split('\n');
    expect(github).toContainEqual(
      expect.stringMatching(
        new RegExp(`^::error file=bookshop/models.py,line=${pages},title=response-type-changed::GET /books, `),
      ),
    );
    const removal = github.find((line) => line.includes('title=response-required-property-removed'));
    expect(removal).toMatch(new RegExp(`^::error file=bookshop/base.py,line=${created},`));
    expect(removal).toContain(`%0A(removed; was bookshop/base.py:${created} in main)%0A`);

    // Run in a subfolder of the repository, Python paths are still the repository's.
    const gitlab = JSON.parse(renderReport('gitlab', result, { pathPrefix: 'services/shop' })) as {
      check_name: string;
      description: string;
      location: { path: string; lines: { begin: number } };
    }[];
    const gitlabRemoval = gitlab.find((issue) => issue.check_name === 'response-required-property-removed');
    expect(gitlabRemoval?.location).toEqual({ path: 'bookshop/base.py', lines: { begin: created } });
    expect(gitlabRemoval?.description).toContain(`(removed; was bookshop/base.py:${created} in main)`);

    const sarif = JSON.parse(renderReport('sarif', result, {})) as {
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          properties: { pointer: string };
        }[];
      }[];
    };
    const typeChanged = sarif.runs[0].results.find((each) => each.ruleId === 'response-type-changed');
    expect(typeChanged?.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'bookshop/models.py' },
      region: { startLine: pages },
    });
    expect(typeChanged?.properties.pointer).toBe('/components/schemas/Book/properties/pages');

    const json = JSON.parse(renderReport('json', result, {})) as { findings: Finding[] };
    expect(json.findings.find((each) => each.id === 'api-operation-removed')?.location).toEqual({
      file: 'bookshop/routes.py',
      line: await lineOf('v1', 'bookshop/routes.py', 'def delete_book('),
      pointer: '/paths/~1books~1{book_id}/delete',
      code: { contract: 'git:main:py:bookshop.main:app', removedIn: 'main' },
    });
  });
});

describe.skipIf(PYDANTIC2_PYTHON === undefined)('the code map of Pydantic 2 models', () => {
  it('reads model_fields: aliases, inherited and Annotated fields, -Input/-Output schemas, enum members', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, {
        'shop/__init__.py': '',
        'shop/base.py': [
          'from pydantic import BaseModel',
          '',
          '',
          'class Stamped(BaseModel):',
          '    created_at: str',
          '',
        ].join('\n'),
        'shop/models.py': [
          'from enum import Enum',
          'from typing import Annotated, List',
          '',
          'from pydantic import Field, computed_field',
          '',
          'from .base import Stamped',
          '',
          '',
          'class Genre(str, Enum):',
          '    novel = "novel"',
          '    essay = "essay"',
          '',
          '',
          'class Book(Stamped):',
          '    title: Annotated[str, Field(max_length=200)]',
          '    page_count: int = Field(alias="pageCount")',
          '    genre: Genre',
          '    tags: List[str] = []',
          '',
          '    @computed_field',
          '    @property',
          '    def shout(self) -> str:',
          '        return self.title.upper()',
          '',
        ].join('\n'),
        // What FastAPI does with Pydantic 2: one schema per mode, suffixed when they differ.
        'drive.py': [
          'import importlib.util, json, sys',
          'spec = importlib.util.spec_from_file_location("holdfast_extract", sys.argv[1])',
          'extract = importlib.util.module_from_spec(spec)',
          'spec.loader.exec_module(extract)',
          'sys.path.insert(0, ".")',
          'from pydantic.json_schema import models_json_schema',
          'from shop.models import Book',
          '_, schema = models_json_schema([(Book, "validation"), (Book, "serialization")], ref_template="#/components/schemas/{model}")',
          'models = {}',
          'extract.collect_models([Book], models)',
          'builder = extract.SourceMapBuilder(".")',
          'builder.add_schemas(schema["$defs"], models)',
          'print(json.dumps(builder.pointers, sort_keys=True))',
        ].join('\n'),
      });
      const run = spawnSync(PYDANTIC2_PYTHON as string, ['drive.py', SCRIPT], { cwd: folder.path, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        '/components/schemas/Book-Input': ['shop/models.py', 14],
        '/components/schemas/Book-Input/properties/created_at': ['shop/base.py', 5],
        '/components/schemas/Book-Input/properties/title': ['shop/models.py', 15],
        '/components/schemas/Book-Input/properties/pageCount': ['shop/models.py', 16],
        '/components/schemas/Book-Input/properties/genre': ['shop/models.py', 17],
        '/components/schemas/Book-Input/properties/tags': ['shop/models.py', 18],
        '/components/schemas/Book-Output': ['shop/models.py', 14],
        '/components/schemas/Book-Output/properties/created_at': ['shop/base.py', 5],
        '/components/schemas/Book-Output/properties/title': ['shop/models.py', 15],
        '/components/schemas/Book-Output/properties/pageCount': ['shop/models.py', 16],
        '/components/schemas/Book-Output/properties/genre': ['shop/models.py', 17],
        '/components/schemas/Book-Output/properties/tags': ['shop/models.py', 18],
        '/components/schemas/Genre': ['shop/models.py', 9],
        '/components/schemas/Genre/enum/0': ['shop/models.py', 10],
        '/components/schemas/Genre/enum/1': ['shop/models.py', 11],
      });
    } finally {
      await folder.remove();
    }
  });
});

describe.skipIf(!HAS_FASTAPI)('findings on py: inputs run from a subfolder of the repository', () => {
  it('cite paths from the repository root, at the base revision and in the working tree', async () => {
    const repo = await temporaryFolder('holdfast-repo-');
    try {
      const api = join(repo.path, 'services', 'api');
      git(repo.path, 'init', '--quiet', '--initial-branch=main');
      await writeFiles(repo.path, { '.gitignore': '__pycache__/\n' });
      await cp(join(FIXTURE, 'v1', 'bookshop'), join(api, 'bookshop'), { recursive: true });
      git(repo.path, 'add', '.');
      git(repo.path, 'commit', '--quiet', '-m', 'v1');
      await rm(join(api, 'bookshop'), { recursive: true });
      await cp(join(FIXTURE, 'v2', 'bookshop'), join(api, 'bookshop'), { recursive: true });
      const result = await compareSpecs('git:main:py:bookshop.main:app', 'py:bookshop.main:app', {
        cwd: api,
        python: PYTHON,
      });
      const removed = result.findings.find((each) => each.id === 'api-operation-removed');
      expect(removed?.location).toMatchObject({
        file: 'services/api/bookshop/routes.py',
        line: await lineOf('v1', 'bookshop/routes.py', 'def delete_book('),
      });
      const added = result.findings.find((each) => each.id === 'api-operation-added');
      expect(added?.location).toMatchObject({
        file: 'services/api/bookshop/routes.py',
        line: await lineOf('v2', 'bookshop/routes.py', 'def list_authors('),
      });
      // CI formats take the path as it is (no second prefix for where holdfast ran).
      expect(renderReport('github', result, { pathPrefix: 'services/api' })).toContain(
        '::error file=services/api/bookshop/routes.py,',
      );
    } finally {
      await repo.remove();
    }
  });
});
