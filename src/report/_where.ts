/** How reports cite a finding's place. Private to src/report. */
import type { FindingLocation } from '../rules/types.js';

/**
 * `shop/models.py:14`; for a part removed from Python code, whose line is in the base's code,
 * `(removed; was shop/models.py:14 in origin/main)`. `file` replaces the location's file (a path
 * CI resolves).
 *
 * @example
 * whereText(finding.location) // 'openapi.yaml:41'
 */
export function whereText(location: FindingLocation, file = location.file): string {
  const place = `${file}:${location.line}`;
  const removedIn = location.code?.removedIn;
  return removedIn === undefined ? place : `(removed; was ${place} in ${removedIn})`;
}

/** The removal note machine formats add to a message, whose location is the base's line; else null. */
export function removalNote(location: FindingLocation, file = location.file): string | null {
  return location.code?.removedIn === undefined ? null : whereText(location, file);
}
