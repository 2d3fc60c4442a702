/** RFC 6901 JSON pointer helpers. */

export function escapePointerSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/a/b~1c` -> ['a', 'b/c'] */
export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.slice(1).split('/').map(unescapePointerSegment);
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let result = base;
  for (const segment of segments) result += `/${escapePointerSegment(String(segment))}`;
  return result;
}
