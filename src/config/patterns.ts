/**
 * Operation globs used by the configuration: `GET /items/*`, `* /internal/**`, `/admin/**` (any
 * method), `{GET,HEAD} /items` or `*` (everything). Paths are matched with picomatch, `*` within
 * one segment and `**` across segments; path parameter names are ignored, as when holdfast pairs
 * operations (`/items/{id}` matches `/items/{item_id}`).
 */
import picomatch from 'picomatch';
import type { OperationRef } from '../rules/types.js';

/** Stands for any `{name}` path parameter, on both sides, so names never matter. */
const PARAMETER = '__holdfast_parameter__';

export interface OperationPattern {
  /** Upper-case method glob (`*` for any). */
  method: string;
  /** Path glob with parameters normalized, or `**` for everything. */
  path: string;
  /** True for `*` alone: also matches findings that concern no operation (document-wide). */
  everything: boolean;
}

/**
 * Parses an operation glob, or returns what is wrong with it (for configuration messages).
 *
 * @example
 * parseOperationPattern('GET /items/*'); // { method: 'GET', path: '/items/*', everything: false }
 */
export function parseOperationPattern(text: string): OperationPattern | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '*' || trimmed === '**') return { method: '*', path: '**', everything: true };
  const parts = trimmed.split(/\s+/);
  if (parts.length === 1 && parts[0].startsWith('/')) {
    return { method: '*', path: normalizePath(parts[0]), everything: false };
  }
  if (parts.length !== 2) return { error: 'not "METHOD PATH"' };
  const [method, path] = parts;
  if (!/^[A-Za-z*?{},|]+$/.test(method)) return { error: `method "${method}" is not an HTTP method or a glob` };
  if (!path.startsWith('/') && !path.startsWith('*')) return { error: `path "${path}" does not start with "/"` };
  return { method: method.toUpperCase(), path: normalizePath(path), everything: false };
}

/**
 * A predicate for findings' operations. A pattern that does not parse matches nothing (the
 * configuration loader rejects such patterns before they get here).
 *
 * @example
 * const internal = operationMatcher('* /internal/**');
 * internal({ method: 'POST', path: '/internal/jobs/{id}' }); // true
 */
export function operationMatcher(pattern: string): (operation: OperationRef | null) => boolean {
  const parsed = parseOperationPattern(pattern);
  if ('error' in parsed) return () => false;
  if (parsed.everything) return () => true;
  const methodMatches = picomatch(parsed.method);
  const pathMatches = picomatch(parsed.path, { dot: true });
  return (operation) =>
    operation !== null && methodMatches(operation.method.toUpperCase()) && pathMatches(normalizePath(operation.path));
}

/** `{name}` -> one placeholder; a `{a,b}` brace list (a glob) is left alone. */
function normalizePath(path: string): string {
  return path.replace(/\{[^{}/,]*\}/g, PARAMETER);
}

/** Whether `text` uses glob syntax (so it is matched, not compared). */
export function isGlob(text: string): boolean {
  return /[*?[\]{}!]/.test(text);
}

/** A predicate for a glob or a plain string (compared exactly). */
export function textMatcher(pattern: string): (value: string) => boolean {
  if (!isGlob(pattern)) return (value) => value === pattern;
  const matches = picomatch(pattern, { dot: true });
  return (value) => matches(value);
}
