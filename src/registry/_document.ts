/**
 * Contracts as the registry stores them: canonical JSON (keys sorted, 2-space indent), addressed
 * by the sha256 of that text. The same contract in YAML or JSON, with keys in any order, is one
 * document. Private to src/registry.
 */
import { createHash } from 'node:crypto';
import { AppError, retryAdvice } from '../errors.js';
import { escapePointerSegment, parseSource } from '../load/index.js';
import type { Source } from '../load/types.js';
import { detectVersion } from '../normalize/contract.js';

export interface CanonicalDocument {
  text: string;
  /** Hex sha256 of `text`. */
  hash: string;
}

/** `sha256:` and the first 12 hex digits: how messages and reports name a document. */
export function shortHash(hash: string): string {
  return `sha256:${hash.slice(0, 12)}`;
}

/** `sha256:<hex>`, how results carry a document hash. */
export function fullHash(hash: string): string {
  return `sha256:${hash}`;
}

/**
 * Parses `source`, checks it is an OpenAPI document with no external `$ref`, and returns its
 * canonical text and hash. A YAML document with aliases keeps its own text (see below).
 */
export function canonicalize(source: Source, subject: string): CanonicalDocument {
  const document = parseSource(source, 'contract');
  detectVersion(document.root, 'contract', source.displayName);
  const external = findExternalRef(document.root);
  if (external !== undefined) {
    throw new AppError(
      'REGISTRY_NOT_SELF_CONTAINED',
      `Could not publish ${subject}: the contract has an external $ref "${external.ref}" at ${external.pointer || '/'}; expected a self-contained document (the registry stores one document per version). ${retryAdvice(false, 'Bundle the contract into one file first')}`,
    );
  }
  // YAML aliases share nodes that canonical JSON would write out once per use (a few hundred bytes
  // of aliases can expand to gigabytes): such a document is stored as written.
  const text = document.shared ? source.text : `${canonicalJson(document.root)}\n`;
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

/** The stored text of a version as a Source the pipeline can read. */
export function registrySource(service: string, version: string, text: string): Source {
  return { uri: `registry:${service}@${version}`, displayName: `${service}@${version}`, text };
}

/**
 * JSON with object keys sorted by code unit at every level and 2-space indentation (so findings
 * still point at meaningful lines). JSON.stringify alone would put integer-like keys such as
 * status codes first, whatever the order asked for.
 */
export function canonicalJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + canonicalJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  if (keys.length === 0) return '{}';
  const members = keys.map((key) => `${inner}${JSON.stringify(key)}: ${canonicalJson(record[key], inner)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function findExternalRef(root: unknown): { ref: string; pointer: string } | undefined {
  const stack: Array<{ value: unknown; pointer: string }> = [{ value: root, pointer: '' }];
  // A node YAML aliases reuse is looked at once.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, pointer } = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, pointer: `${pointer}/${index}` });
      });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) return { ref: child, pointer };
      stack.push({ value: child, pointer: `${pointer}/${escapePointerSegment(key)}` });
    }
  }
  return undefined;
}
