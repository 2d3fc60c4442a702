import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A place in a Python project that looks like the FastAPI app. */
export interface AppCandidate {
  /** uvicorn-style target: `shop.main:app` or `shop.main:create_app()`. */
  target: string;
  /** Folder the module is imported from, relative to the project (`src` for a src/ layout); undefined for the root. */
  appDir?: string;
  /** File that defines it, relative to the project, with `/` separators. */
  file: string;
  line: number;
  kind: 'instance' | 'factory';
}

/** Folders that never hold the app: virtualenvs, caches, VCS and tool folders, installed packages. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'venv',
  'env',
  'build',
  'dist',
  'htmlcov',
]);
/** Limits that keep a scan of an unexpectedly large tree short. */
const MAX_DEPTH = 8;
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;

const INSTANCE = /^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:fastapi\s*\.\s*)?FastAPI\s*\(/gm;
const FUNCTION = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*)\)[ \t]*(?:->[ \t]*([^:\n]+?))?[ \t]*:/gm;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * Finds FastAPI apps in a Python project: module-level `X = FastAPI(...)`, module-level functions
 * that build one (annotated `-> FastAPI`, or creating `FastAPI(...)` in their body) and can be
 * called without arguments, and `X = factory()` calls of such a function. The most likely app comes
 * first: named `app`, in main.py/app.py/api.py/asgi.py, not in tests, shallow.
 *
 * @example
 * const [best] = await findApps('/srv/shop'); // { target: 'shop.main:app', file: 'shop/main.py', ... }
 */
export async function findApps(projectDir: string): Promise<AppCandidate[]> {
  const files = await pythonFiles(projectDir);
  const candidates: AppCandidate[] = [];
  for (const file of files) {
    let text: string;
    try {
      const path = join(projectDir, file);
      if ((await stat(path)).size > MAX_FILE_BYTES) continue;
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('FastAPI')) continue;
    const module = await moduleOf(projectDir, file);
    if (module === undefined) continue;
    candidates.push(...appsIn(text, file, module));
  }
  return candidates
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort(
      (a, b) =>
        b.score - a.score || a.candidate.file.localeCompare(b.candidate.file) || a.candidate.line - b.candidate.line,
    )
    .map(({ candidate }) => candidate);
}

function appsIn(text: string, file: string, module: { name: string; appDir?: string }): AppCandidate[] {
  const found: AppCandidate[] = [];
  const add = (name: string, kind: AppCandidate['kind'], offset: number) => {
    const target = `${module.name}:${name}${kind === 'factory' ? '()' : ''}`;
    if (found.some((candidate) => candidate.target === target)) return;
    found.push({ target, appDir: module.appDir, file, line: lineAt(text, offset), kind });
  };
  for (const match of text.matchAll(INSTANCE)) add(match[1], 'instance', match.index);
  const factories: string[] = [];
  for (const match of text.matchAll(FUNCTION)) {
    const [, name, parameters, returns] = match;
    if (!callableWithoutArguments(parameters)) continue;
    const body = blockAfter(text, match.index + match[0].length);
    const buildsApp = returns?.includes('FastAPI') === true || /\bFastAPI\s*\(/.test(body);
    if (!buildsApp || !/\breturn\b/.test(body)) continue;
    factories.push(name);
    add(name, 'factory', match.index);
  }
  // `app = create_app()` at module level: the instance is what uvicorn would be pointed at.
  for (const factory of factories) {
    const call = new RegExp(`^([A-Za-z_]\\w*)\\s*(?::[^=\\n]+)?=\\s*${factory}\\s*\\(\\s*\\)`, 'gm');
    for (const match of text.matchAll(call)) add(match[1], 'instance', match.index);
  }
  return found;
}

/** A parameter list every parameter of which has a default (or is `*args`/`**kwargs`). */
function callableWithoutArguments(parameters: string): boolean {
  return parameters
    .split(',')
    .map((parameter) => parameter.replace(/#.*$/gm, '').trim())
    .filter((parameter) => parameter !== '' && parameter !== '/' && parameter !== '*')
    .every((parameter) => parameter.startsWith('*') || parameter.includes('='));
}

/** The indented block that starts after a `def ...:` line, up to the next line at column 0. */
function blockAfter(text: string, offset: number): string {
  const rest = text.slice(offset);
  const end = rest.search(/\n(?=[^\s#])/);
  return end < 0 ? rest : rest.slice(0, end);
}

function score(candidate: AppCandidate): number {
  const name = candidate.target.slice(candidate.target.indexOf(':') + 1).replace('()', '');
  const segments = candidate.file.split('/');
  const base = segments[segments.length - 1];
  let value = 0;
  if (name === 'app' || name === 'application') value += 4;
  if (name === 'create_app' || name === 'get_app' || name === 'make_app') value += 2;
  if (['main.py', 'app.py', 'api.py', 'asgi.py', 'server.py', '__init__.py'].includes(base)) value += 2;
  if (candidate.kind === 'instance') value += 1;
  const inTests =
    segments.some((segment) => segment === 'tests' || segment === 'test') ||
    /^(test_.*|.*_test|conftest)\.py$/.test(base);
  if (inTests) value -= 20;
  return value - segments.length * 0.1;
}

/**
 * The dotted module name of a file and the folder it is imported from: the project root, unless the
 * file's packages (folders with __init__.py) start below a `src/`-style folder, which then becomes
 * the app folder. Undefined when the path cannot be a module name.
 */
async function moduleOf(projectDir: string, file: string): Promise<{ name: string; appDir?: string } | undefined> {
  const segments = file.replace(/\.py$/, '').split('/');
  const folders = segments.slice(0, -1);
  let packageStart = folders.length;
  while (packageStart > 0 && (await exists(join(projectDir, ...folders.slice(0, packageStart), '__init__.py')))) {
    packageStart--;
  }
  // Folders above the first package: `src/` is an app folder; anything else is taken as namespace
  // packages, the way `uvicorn app.main:app` imports them from the project root.
  let appDir: string | undefined;
  let moduleSegments = segments;
  if (packageStart > 0 && folders.slice(0, packageStart).join('/') === 'src') {
    appDir = 'src';
    moduleSegments = segments.slice(packageStart);
  }
  if (moduleSegments[moduleSegments.length - 1] === '__init__') moduleSegments = moduleSegments.slice(0, -1);
  if (moduleSegments.length === 0 || !moduleSegments.every((segment) => IDENTIFIER.test(segment))) return undefined;
  return { name: moduleSegments.join('.'), appDir };
}

async function pythonFiles(projectDir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    let entries: Dirent[];
    try {
      entries = await readdir(join(projectDir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    // A virtualenv under any name.
    if (entries.some((entry) => entry.isFile() && entry.name === 'pyvenv.cfg')) return;
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name) || entry.name.endsWith('.egg-info')) continue;
        await walk(path, depth + 1);
      } else if (entry.isFile() && entry.name.endsWith('.py') && files.length < MAX_FILES) {
        files.push(path);
      }
    }
  };
  await walk('', 0);
  return files;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
