/**
 * How messages name the thing being loaded: `base spec`, `revision spec`, or just `$ref` for a
 * referenced document (`Could not fetch $ref "https://x/common.yaml": ...`, as in STYLE.md §6).
 */
export function subjectOf(role: string): string {
  return role === '$ref' ? '$ref' : `${role} spec`;
}
