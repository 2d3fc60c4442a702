/**
 * Load: turns a spec argument into a parsed document with lazy source positions, and resolves
 * `$ref`s across documents. The first stage of the pipeline (source -> document).
 *
 * Entry points: `readSource` (file, `-`, http(s) URL, `git:REV:PATH`, and `py:module:attr` /
 * `git:REV:py:module:attr`, extracted from a Python app by src/extract) -> `parseSource` (JSON or
 * YAML 1.2) -> `ParsedDocument` (`root`, `locate(pointer)`), and `DocumentSet` for `$ref`s.
 *
 * Decisions worth knowing:
 * - Mapping keys are strings spelled as written: `200:` and `"200":` are the same key, `1.0:` stays
 *   "1.0" (js-yaml alone would make it "1"). Duplicate keys in YAML are an error naming the key and
 *   line, as YAML 1.2 requires, and in JSON too (JSON.parse alone would keep the last one).
 * - `locate` costs nothing until first called; members are reported at their key, array items at
 *   the item, YAML aliases at the alias.
 * - `DocumentSet.resolve` does not follow a target that is itself a `$ref`; callers handle chains
 *   and cycles. References stay inside the root's folder and never reach the network unless
 *   `allowExternalRefs` is set.
 *
 * @module
 * @example
 * const root = parseSource(await readSource('openapi.yaml', { role: 'base', cwd }), 'base');
 */
export { DocumentSet, type DocumentSetOptions, type RefTarget } from './document-set.js';
export {
  PARALLEL_MIN_CHARS,
  type ParallelParseOptions,
  type ParseInput,
  parseSourcesSettled,
} from './parse-parallel.js';
export { formatHint, parseSource } from './parse-source.js';
export {
  appendPointer,
  escapePointerSegment,
  formatPointer,
  isArrayIndex,
  parsePointer,
  walkValue,
} from './pointer.js';
export { type PythonSourceOptions, type PythonSpec, parsePythonSpec } from './python-source.js';
export { type ReadSourceOptions, readSource } from './read-source.js';
export type { ParsedDocument, Position, Source } from './types.js';
