/** Where a contract came from and the parsed document with lazy source positions. */
import type { CodeMap } from '../extract/code-map.js';

/** Raw text of one input, before parsing. */
export interface Source {
  /** Canonical location: absolute file path, URL, `git:REV:PATH`, or `-` for stdin. */
  uri: string;
  /** Short name for messages and reports (the path as the user typed it, or the URL). */
  displayName: string;
  /**
   * Absolute folder external `$ref`s resolve against (undefined for stdin). For URLs, the URL itself
   * (after redirects). For git sources, `git:REV:DIR/` (`git:REV:` at the repository root,
   * `git:REV:./DIR/` relative to cwd), so references are read from the same revision.
   */
  baseDir?: string;
  text: string;
  /**
   * For a document extracted from a Python app (`py:` inputs): where the app's code defines each
   * part of it, so findings cite the Python line instead of a line of the generated JSON.
   */
  codeMap?: CodeMap;
}

/** A 1-based line and column in a source file. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed JSON/YAML document. Positions are computed only when asked for (the hot path never pays). */
export interface ParsedDocument {
  source: Source;
  /** The plain JS value (objects, arrays, strings, numbers, booleans, null). Mapping keys are strings. */
  root: unknown;
  format: 'json' | 'yaml';
  /**
   * Objects that YAML aliases place at more than one pointer (absent when there are none). Walks
   * treat them as references: visited once, compared once.
   */
  shared?: ReadonlySet<object>;
  /**
   * Line of the node at a JSON pointer (RFC 6901, e.g. `/paths/~1items/get`). When the exact node
   * cannot be located, the nearest locatable ancestor's position; undefined only if none is.
   */
  locate(pointer: string): Position | undefined;
  /**
   * Just the line of `locate`: free for a document written on one line (minified JSON), where
   * finding a column would mean reading the text up to the node.
   */
  lineOf?(pointer: string): number;
}
