/** Finding the FastAPI app in a Python project, by scanning its .py files. */
import { describe, expect, it } from 'vitest';
import { findApps } from '../../src/init/index.js';
import { temporaryFolder, writeFiles } from '../extract/_python.js';

async function appsIn(files: Record<string, string>) {
  const folder = await temporaryFolder();
  try {
    await writeFiles(folder.path, files);
    return (await findApps(folder.path)).map(({ target, appDir, file, line, kind }) => ({
      target,
      appDir,
      file,
      line,
      kind,
    }));
  } finally {
    await folder.remove();
  }
}

describe('findApps', () => {
  it('finds a module-level instance in a flat project', async () => {
    expect(await appsIn({ 'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' })).toEqual([
      { target: 'main:app', appDir: undefined, file: 'main.py', line: 3, kind: 'instance' },
    ]);
  });

  it('finds a factory and the instance built from it, instance first', async () => {
    const main = `from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI(title="Shop")
    return app


app = create_app()
`;
    expect(await appsIn({ 'shop/__init__.py': '', 'shop/main.py': main })).toEqual([
      { target: 'shop.main:app', appDir: undefined, file: 'shop/main.py', line: 9, kind: 'instance' },
      { target: 'shop.main:create_app()', appDir: undefined, file: 'shop/main.py', line: 4, kind: 'factory' },
    ]);
  });

  it('imports a src/ layout from src/, and namespace folders from the root', async () => {
    expect(
      await appsIn({
        'src/shop/__init__.py': '',
        'src/shop/api.py':
          'import fastapi\n\n\ndef make_app(debug: bool = False):\n    return fastapi.FastAPI(debug=debug)\n',
      }),
    ).toEqual([{ target: 'shop.api:make_app()', appDir: 'src', file: 'src/shop/api.py', line: 4, kind: 'factory' }]);
    expect(
      await appsIn({ 'app/main.py': 'from fastapi import FastAPI\napp: FastAPI = FastAPI(\n    title="x",\n)\n' }),
    ).toEqual([{ target: 'app.main:app', appDir: undefined, file: 'app/main.py', line: 2, kind: 'instance' }]);
  });

  it('skips virtualenvs, tool folders, factories that need arguments, and ranks tests last', async () => {
    expect(
      await appsIn({
        '.venv/lib/python3.12/site-packages/x/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'env2/pyvenv.cfg': 'home = /usr/bin\n',
        'env2/lib/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'node_modules/x/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'tests/conftest.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'service/api.py':
          'from fastapi import FastAPI\n\n\ndef build(settings):\n    return FastAPI()\n\n\napi = FastAPI()\n',
        'notes.py': '# app = FastAPI() in a comment is not an app\n',
      }),
    ).toEqual([
      { target: 'service.api:api', appDir: undefined, file: 'service/api.py', line: 8, kind: 'instance' },
      { target: 'tests.conftest:app', appDir: undefined, file: 'tests/conftest.py', line: 2, kind: 'instance' },
    ]);
  });

  it('finds nothing in a project without FastAPI', async () => {
    expect(await appsIn({ 'main.py': 'print("hello")\n' })).toEqual([]);
  });
});
