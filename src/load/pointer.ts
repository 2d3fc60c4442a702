/** JSON Pointer helpers (RFC 6901, https://www.rfc-editor.org/rfc/rfc6901). */

/**
 * Splits a JSON pointer into unescaped segments (`~1` is `/`, `~0` is `~`). Accepts the URI
 * fragment form too (`#/a/b`). Returns undefined for a string that is not a pointer.
 *
 * @example
 * parsePointer('/paths/~1items/get'); // ['paths', '/items', 'get']
 */
export function parsePointer(pointer: string): string[] | undefined {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return [];
  if (body.charCodeAt(0) !== 47 /* / */) return undefined;
  const segments = body.slice(1).split('/');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment.includes('~')) segments[index] = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  }
  return segments;
}

/**
 * Escapes one segment for use in a pointer (`~` first, so `/` does not turn into `~01`).
 *
 * @example
 * escapePointerSegment('/items/{id}'); // '~1items~1{id}'
 */
export function escapePointerSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Builds a pointer from unescaped segments.
 *
 * @example
 * formatPointer(['paths', '/items', 'get']); // '/paths/~1items/get'
 */
export function formatPointer(segments: readonly (string | number)[]): string {
  let pointer = '';
  for (const segment of segments) pointer += `/${escapePointerSegment(String(segment))}`;
  return pointer;
}

/**
 * Appends unescaped segments to a pointer.
 *
 * @example
 * appendPointer('/paths', '/items', 'get'); // '/paths/~1items/get'
 */
export function appendPointer(pointer: string, ...segments: (string | number)[]): string {
  let result = pointer;
  for (const segment of segments) result += `/${escapePointerSegment(String(segment))}`;
  return result;
}

/**
 * Follows unescaped segments through a parsed value. Returns how many segments exist
 * (`found === segments.length` when the whole path exists) and the value reached.
 *
 * @example
 * walkValue({ a: [1, 2] }, ['a', '1']); // { found: 2, value: 2 }
 */
export function walkValue(root: unknown, segments: readonly string[]): { found: number; value: unknown } {
  let value = root;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (Array.isArray(value)) {
      if (!isArrayIndex(segment) || Number(segment) >= value.length) return { found: index, value };
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else {
      return { found: index, value };
    }
  }
  return { found: segments.length, value };
}

/**
 * RFC 6901 array index: `0` or digits without a leading zero.
 *
 * @example
 * isArrayIndex('01'); // false
 */
export function isArrayIndex(segment: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(segment);
}
