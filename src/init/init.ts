import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';
import { checkTarget, holdfastTable, parsePyproject } from '../extract/index.js';
import { withRegistryIgnored } from '../store/gitignore.js';
import { projectRoot } from '../store/index.js';
import { type AppCandidate, findApps } from './find-app.js';
import { addHoldfastSettings } from './pyproject.js';
import { githubWorkflow, preCommitSnippet, pytestModule } from './templates.js';

export interface InitOptions {
  /** The project root (where pyproject.toml is). */
  cwd: string;
  /** `--app`: skip detection. */
  app?: string;
  /** `--app-dir`: the folder the app is imported from, relative to the project. */
  appDir?: string;
  /** `--python`: written as `[tool.holdfast] python` (default: `.venv/bin/python` when it exists). */
  python?: string;
  /** Offer .github/workflows/holdfast.yml (default true). */
  workflow?: boolean;
  /** Offer tests/test_api_contract.py (default true). */
  pytest?: boolean;
  /** The holdfast version the generated files pin. */
  version: string;
}

/** One file init creates, updates, or leaves alone. */
export interface PlannedFile {
  /** Relative to the project, `/`-separated. */
  path: string;
  action: 'create' | 'update' | 'keep';
  /** The content to write (for `keep`, the current content, when read). */
  content: string;
  /** Why a file is kept: `exists`, or what pyproject.toml already says. */
  reason?: string;
}

export interface InitPlan {
  app: string;
  appDir?: string;
  python?: string;
  /** Where the app came from. */
  origin: 'option' | 'pyproject' | 'detected';
  /** Every app found when detecting, the chosen one first. */
  candidates: AppCandidate[];
  files: PlannedFile[];
  /** Printed, never written: pre-commit configs are edited by hand. */
  preCommit: string;
}

/**
 * Works out what `holdfast init` does in a Python project, without writing anything: which app
 * (`--app`, then `[tool.holdfast] app`, then the best {@link findApps} candidate), the
 * `[tool.holdfast]` edit of pyproject.toml, and the workflow and pytest files, each of which is
 * only created when missing. Applying the plan of an initialized project changes nothing.
 *
 * @example
 * const plan = await planInit({ cwd: '/srv/shop', version: '0.1.0' });
 * await applyInit(plan, '/srv/shop');
 */
export async function planInit(options: InitOptions): Promise<InitPlan> {
  const { cwd } = options;
  const pyprojectPath = join(cwd, 'pyproject.toml');
  const pyprojectText = await readOptional(pyprojectPath);
  const configured =
    pyprojectText === undefined ? undefined : holdfastTable(parsePyproject(pyprojectText, pyprojectPath).document);

  let app: string;
  let appDir = options.appDir;
  let origin: InitPlan['origin'];
  let candidates: AppCandidate[] = [];
  if (options.app !== undefined) {
    checkTarget(options.app);
    app = options.app;
    origin = 'option';
  } else if (typeof configured?.app === 'string') {
    app = configured.app;
    appDir ??= typeof configured['app-dir'] === 'string' ? configured['app-dir'] : undefined;
    origin = 'pyproject';
  } else {
    candidates = await findApps(cwd);
    const best = candidates[0];
    if (best === undefined) {
      throw new AppError(
        'INIT_APP_NOT_FOUND',
        `Could not find a FastAPI app in ${cwd}: no module-level "app = FastAPI(...)" and no app factory; expected one in a .py file of the project. ${retryAdvice(false, 'Pass --app module:attribute (and --app-dir DIR if it is imported from a subfolder)')}`,
      );
    }
    app = best.target;
    appDir ??= best.appDir;
    origin = 'detected';
  }
  const python = options.python ?? (await projectVenvPython(cwd));

  const files: PlannedFile[] = [];
  const edit = addHoldfastSettings(pyprojectText, { app, appDir, python }, pyprojectPath);
  files.push({
    path: 'pyproject.toml',
    action: pyprojectText === undefined ? 'create' : edit.changed ? 'update' : 'keep',
    content: edit.text,
    reason: edit.reason,
  });
  if (options.workflow !== false) {
    const install = await installCommand(cwd, pyprojectText);
    files.push(
      await offer(cwd, '.github/workflows/holdfast.yml', githubWorkflow({ version: options.version, install })),
    );
  }
  if (options.pytest !== false) {
    const testsDir =
      (await isDirectory(join(cwd, 'test'))) && !(await isDirectory(join(cwd, 'tests'))) ? 'test' : 'tests';
    files.push(
      await offer(cwd, `${testsDir}/test_api_contract.py`, pytestModule({ version: options.version, testsDepth: 2 })),
    );
  }
  files.push(await ignoreRegistry(cwd));
  return { app, appDir, python, origin, candidates, files, preCommit: preCommitSnippet({ version: options.version }) };
}

/** Writes the plan's `create` and `update` files. A file that appeared since planning is never overwritten. */
export async function applyInit(plan: InitPlan, cwd: string): Promise<PlannedFile[]> {
  const written: PlannedFile[] = [];
  for (const file of plan.files) {
    if (file.action === 'keep') continue;
    const path = join(cwd, ...file.path.split('/'));
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { flag: file.action === 'create' ? 'wx' : 'w' });
      written.push(file);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw new AppError(
        'WRITE_FAILED',
        `Could not write ${file.path}: ${error instanceof Error ? error.message : String(error)}; expected a writable project folder. ${retryAdvice(false, 'Fix the permissions')}`,
        { cause: error },
      );
    }
  }
  return written;
}

/** `.holdfast/` (the local registry) in the .gitignore at the git root (or the project, outside git). */
async function ignoreRegistry(cwd: string): Promise<PlannedFile> {
  const absolute = join(projectRoot(cwd), '.gitignore');
  const path = relative(cwd, absolute).split(sep).join('/');
  const current = await readOptional(absolute);
  const content = withRegistryIgnored(current);
  if (content === undefined)
    return { path, action: 'keep', content: current ?? '', reason: 'already ignores .holdfast/' };
  return { path, action: current === undefined ? 'create' : 'update', content };
}

async function offer(cwd: string, path: string, content: string): Promise<PlannedFile> {
  const current = await readOptional(join(cwd, ...path.split('/')));
  if (current === undefined) return { path, action: 'create', content };
  return { path, action: 'keep', content: current, reason: current === content ? 'up to date' : 'exists' };
}

/** `.venv/bin/python` (or `venv/`) when the project has one, as a path relative to the project. */
async function projectVenvPython(cwd: string): Promise<string | undefined> {
  const relative = process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python';
  for (const folder of ['.venv', 'venv']) {
    if (await exists(join(cwd, folder, ...relative.split('/')))) return `${folder}/${relative}`;
  }
  return undefined;
}

/** How CI installs the service into .venv/: requirements.txt, else the project itself. */
async function installCommand(cwd: string, pyprojectText: string | undefined): Promise<string> {
  if (await exists(join(cwd, 'requirements.txt'))) return '.venv/bin/pip install -r requirements.txt';
  if (pyprojectText !== undefined && /^\[(project|tool\.poetry)\]/m.test(pyprojectText)) {
    return '.venv/bin/pip install .';
  }
  return ".venv/bin/pip install fastapi # replace with your service's dependencies";
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new AppError(
      'CONFIG_UNREADABLE',
      `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}; expected a readable file. ${retryAdvice(false, 'Fix the permissions')}`,
      { cause: error },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
