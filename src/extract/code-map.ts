import { execFile } from 'node:child_process';

/** A line of the app's code: `file` is relative to the code root (the repository root), with `/`. */
export interface CodeLocation {
  file: string;
  line: number;
}

/**
 * Where a Python app's code defines each part of its OpenAPI document, keyed by JSON pointer into
 * that document: each operation (its endpoint function), parameter (the function parameter) and
 * request body, each component schema built from a Pydantic model or Enum (the class) and each of
 * its properties (the field, in the class that declares it) or enum values (the member). Parts it
 * cannot place with certainty are absent. Built by extract.py in the same run as the document.
 */
export interface CodeMap {
  pointers: ReadonlyMap<string, CodeLocation>;
  /** The git revision the code was read at (`git:REV:py:` inputs); undefined for the working tree. */
  revision?: string;
}

/**
 * The code behind `pointer`: the most specific part of the document that encloses it and has a
 * place in the map (a field before its model, a parameter before its operation); undefined when none.
 *
 * @example
 * codeLocationOf(map, '/components/schemas/Book/properties/title/maxLength') // { file: 'shop/models.py', line: 14 }
 */
export function codeLocationOf(map: CodeMap, pointer: string): CodeLocation | undefined {
  let current = pointer;
  while (current !== '') {
    const found = map.pointers.get(current);
    if (found !== undefined) return found;
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return undefined;
}

/**
 * Reads the source map extract.py prints after the document (`{"pointers": {pointer: [file, line]}}`);
 * anything malformed is left out rather than failing the extraction, since the document is what matters.
 */
export function parseCodeMap(text: string, revision?: string): CodeMap {
  const pointers = new Map<string, CodeLocation>();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const raw = typeof value === 'object' && value !== null && 'pointers' in value ? value.pointers : undefined;
  if (typeof raw === 'object' && raw !== null) {
    for (const [pointer, place] of Object.entries(raw)) {
      if (!Array.isArray(place) || place.length !== 2) continue;
      const [file, line] = place as unknown[];
      if (typeof file === 'string' && typeof line === 'number' && Number.isInteger(line) && line > 0) {
        pointers.set(pointer, { file, line });
      }
    }
  }
  return revision === undefined ? { pointers } : { pointers, revision };
}

/** The source map as JSON (`holdfast extract --source-map`): `{"pointer": {"file", "line"}}`, sorted by pointer. */
export function renderCodeMap(map: CodeMap): string {
  const entries = [...map.pointers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

/**
 * The folder whose files a source map may cite: the git repository's top level (the code a pull
 * request changes), or `cwd` outside a repository. Installed packages are never cited.
 */
export function codeRootOf(cwd: string): Promise<string> {
  return new Promise((resolvePromise) => {
    execFile(
      'git',
      ['rev-parse', '--show-toplevel'],
      { cwd, encoding: 'utf8', timeout: 30_000, windowsHide: true },
      (error, stdout) => resolvePromise(error || stdout.trim() === '' ? cwd : stdout.trim()),
    );
  });
}
