/**
 * The bounds every stage enforces on hostile or broken input (docs/reliability.md). One depth
 * limit applies everywhere a walk recurses: document nesting (checked once, after parsing),
 * `$ref` chains and schema nesting through references (normalize/, diff/).
 */

/** Deepest nesting of a document, of a `$ref` chain, or of schemas reached through references. */
export const MAX_DEPTH = 1000;

/** How many values YAML aliases may add to a document when expanded (`billion laughs`). */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Default cap on one input (file, stdin, URL, git object, `$ref` target), in bytes. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** `1,000` */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `64 MB` (whole megabytes, as the limit is set), or bytes below one megabyte. */
export function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return Number.isInteger(megabytes) || megabytes >= 1
    ? `${formatCount(Math.round(megabytes * 100) / 100)} MB`
    : `${formatCount(bytes)} bytes`;
}
