// Shared helpers for the benchmark's child processes (peer runners and the
// parse floor). Everything here runs inside the measured process, so keep it
// minimal: read the file, detect the format cheaply, parse with the fastest
// parser for the syntax.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/** @param {string} file */
export function isYamlPath(file) {
  return /\.ya?ml$/i.test(file);
}

/**
 * Read a contract as text.
 * @param {string} file
 * @returns {string}
 */
export function readText(file) {
  return readFileSync(file, 'utf8');
}

/**
 * Parse contract text with the fastest well-kept parser for its syntax:
 * JSON.parse for `.json`, js-yaml `load` for `.yaml`/`.yml`.
 * @param {string} text
 * @param {string} file
 * @returns {unknown}
 */
export function parseText(text, file) {
  return isYamlPath(file) ? load(text) : JSON.parse(text);
}

/**
 * Tell Swagger 2.0 from OpenAPI 3.x without parsing the document a second
 * time (a regular expression over the text costs a few milliseconds).
 * @param {string} text
 * @returns {{ kind: 'swagger2' | 'openapi3', version: string }}
 */
export function detectSpecVersion(text) {
  // The top-level version key normally comes first; take the earliest match
  // so an example or schema that mentions the other keyword later is ignored.
  const swagger = /(?:^|[\s{,])["']?swagger["']?\s*:\s*["']?(2\.\d+(?:\.\d+)?)/m.exec(text);
  const openapi = /(?:^|[\s{,])["']?openapi["']?\s*:\s*["']?(3\.\d+(?:\.\d+)?)/m.exec(text);
  if (swagger && (!openapi || swagger.index < openapi.index)) {
    return { kind: 'swagger2', version: swagger[1] ?? '2.0' };
  }
  if (openapi) return { kind: 'openapi3', version: openapi[1] ?? '3' };
  return { kind: 'openapi3', version: 'unknown' };
}

/** Exit code a runner uses when the peer cannot read this kind of document. */
export const EXIT_UNSUPPORTED = 4;
/** Exit code a runner uses when the peer threw. */
export const EXIT_PEER_ERROR = 3;

/**
 * Print a one-line JSON summary (read back by bench/run.js as a sanity
 * check); the process then ends normally with exit code 0.
 * @param {Record<string, unknown>} summary
 */
export function report(summary) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/**
 * @param {unknown} error
 * @param {string} tool
 */
export function fail(error, tool) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${tool} failed: ${message.split('\n')[0]}\n`);
  process.exit(EXIT_PEER_ERROR);
}
