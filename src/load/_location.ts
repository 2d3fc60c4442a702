import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a document lives. Git paths are kept in git's own syntax: `api/x.yaml` is relative to the
 * repository root, `./x.yaml` and `./../x.yaml` to the working directory git runs in.
 */
export type Location =
  | { kind: 'stdin' }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'git'; rev: string; path: string };

const URL_PATTERN = /^https?:\/\//i;
const SCHEME_PATTERN = /^([a-z][a-z0-9+.-]*):/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;

/** Problems `parseSpec` reports; the caller words them as user errors. */
export type SpecProblem = 'git-syntax' | 'git-option' | 'bad-url';

/** Reads a spec argument: `-`, `http(s)://...`, `file://...`, `git:REV:PATH`, or a path relative to `cwd`. */
export function parseSpec(spec: string, cwd: string): Location | SpecProblem {
  if (spec === '-') return { kind: 'stdin' };
  if (URL_PATTERN.test(spec)) {
    try {
      return { kind: 'url', url: withoutHash(new URL(spec).href) };
    } catch {
      return 'bad-url';
    }
  }
  if (/^file:/i.test(spec)) {
    try {
      return { kind: 'file', path: fileURLToPath(spec) };
    } catch {
      return 'bad-url';
    }
  }
  if (spec.startsWith('git:')) {
    const rest = spec.slice(4);
    const colon = rest.indexOf(':');
    if (colon <= 0 || colon === rest.length - 1) return 'git-syntax';
    const rev = rest.slice(0, colon);
    // A revision starting with `-` would reach git as an option (`--output=...`).
    if (rev.startsWith('-')) return 'git-option';
    return { kind: 'git', rev, path: normalizeGitPath(rest.slice(colon + 1)) };
  }
  return { kind: 'file', path: resolve(cwd, spec) };
}

/** The cache key and `Source.uri` of a location. */
export function locationKey(location: Location): string {
  switch (location.kind) {
    case 'stdin':
      return '-';
    case 'file':
      return location.path;
    case 'url':
      return location.url;
    case 'git':
      return `git:${location.rev}:${location.path}`;
  }
}

/**
 * The `Source.baseDir` of a location: the folder for files, the URL itself for URLs (relative
 * URLs resolve against it), `git:REV:DIR/` for git, so references stay in the same revision.
 */
export function baseDirOf(location: Location): string | undefined {
  switch (location.kind) {
    case 'stdin':
      return undefined;
    case 'file':
      return dirname(location.path);
    case 'url':
      return location.url;
    case 'git': {
      const slash = location.path.lastIndexOf('/');
      return `git:${location.rev}:${location.path.slice(0, slash + 1)}`;
    }
  }
}

/** The folder a base lives in, in the same notation as `locationKey`, ending with a separator for URLs and git. */
export function folderOf(baseDir: string): string {
  if (URL_PATTERN.test(baseDir)) return new URL('.', baseDir).href;
  return baseDir;
}

/**
 * Resolves the address part of a `$ref` (no `#fragment`) against the `baseDir` of the document it
 * appears in (`cwd` when that document came from stdin). Returns the scheme for unsupported URIs.
 */
export function resolveAddress(
  address: string,
  baseDir: string | undefined,
  cwd: string,
): Location | { scheme: string } {
  const scheme = SCHEME_PATTERN.exec(address)?.[1]?.toLowerCase();
  if (scheme !== undefined && !WINDOWS_DRIVE.test(address)) {
    if (scheme === 'http' || scheme === 'https') return { kind: 'url', url: withoutHash(new URL(address).href) };
    if (scheme === 'file') return { kind: 'file', path: fileURLToPath(address) };
    return { scheme };
  }
  if (baseDir === undefined) return { kind: 'file', path: resolve(cwd, decodePath(address)) };
  if (URL_PATTERN.test(baseDir)) return { kind: 'url', url: withoutHash(new URL(address, baseDir).href) };
  if (baseDir.startsWith('git:')) {
    const rest = baseDir.slice(4);
    const colon = rest.indexOf(':');
    const rev = rest.slice(0, colon);
    const path = decodePath(address);
    const dir = rest.slice(colon + 1);
    if (path.startsWith('/')) return { kind: 'git', rev, path: normalizeGitPath(path.slice(1), false) };
    return { kind: 'git', rev, path: normalizeGitPath(dir + path, dir.startsWith('./')) };
  }
  return { kind: 'file', path: resolve(baseDir, decodePath(address)) };
}

/** Whether a location lies under `folder` (from `folderOf`). File paths should be real paths. */
export function isInsideFolder(location: Location, folder: string): boolean {
  switch (location.kind) {
    case 'stdin':
      return false;
    case 'file': {
      if (URL_PATTERN.test(folder) || folder.startsWith('git:')) return false;
      const path = relative(folder, location.path);
      return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
    }
    case 'url':
      return location.url.startsWith(folder);
    case 'git': {
      const key = locationKey(location);
      if (!key.startsWith(folder)) return false;
      return !key.slice(folder.length).split('/').includes('..');
    }
  }
}

/** A short name for a document: relative to the root's folder when inside it, else its full key. */
export function displayNameOf(location: Location, folder: string): string {
  if (location.kind === 'file' && !URL_PATTERN.test(folder) && !folder.startsWith('git:')) {
    return relative(folder, location.path).split(sep).join('/');
  }
  if (isInsideFolder(location, folder)) return locationKey(location).slice(folder.length);
  return locationKey(location);
}

/** Normalizes `.`/`..` segments of a git path while keeping `./` (relative to cwd) distinct from root-relative. */
export function normalizeGitPath(
  path: string,
  cwdRelative = path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../'),
): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else segments.push(segment);
  }
  const joined = segments.join('/');
  return cwdRelative ? `./${joined}` : joined;
}

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** `$ref` values are URI references: `my%20schema.yaml` names `my schema.yaml`. */
function decodePath(address: string): string {
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
}
