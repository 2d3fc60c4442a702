/**
 * Accept-list entries as text: a ready-to-paste entry for `[tool.holdfast]` or `holdfast.yaml`,
 * and the same entries inserted into an existing file without touching the rest of it (comments,
 * order, spacing). Re-serializing the parsed file would lose the comments, so this edits text and
 * then parses the result to prove the entries landed (`holdfast check --add-accept`).
 *
 * @example
 * const text = insertAcceptEntries(pyproject, 'toml', [{ rule: 'response-property-removed', operation: 'GET /books', reason: 'v2 clients only' }]);
 */
import { AppError } from '../errors.js';
import type { ConfigFormat } from './parse.js';

/** What an entry says; fields left out match anything (see AcceptEntry). */
export interface AcceptEntryText {
  rule: string;
  operation?: string;
  component?: string;
  pointer?: string;
  reason: string;
  expires?: string;
}

const FIELDS = ['rule', 'operation', 'component', 'pointer', 'reason', 'expires'] as const;

/**
 * The entries as they are written in a configuration of `format`: `[[tool.holdfast.accept]]`
 * tables for TOML, `- rule: ...` items (indented by `indent`) for the YAML `accept:` list.
 */
export function renderAcceptEntries(format: ConfigFormat, entries: readonly AcceptEntryText[], indent = '  '): string {
  const blocks = entries.map((entry) => {
    const fields = FIELDS.filter((field) => entry[field] !== undefined);
    if (format === 'toml') {
      // A JSON string is a valid TOML basic string (same escapes) and a valid YAML scalar.
      return ['[[tool.holdfast.accept]]', ...fields.map((field) => `${field} = ${JSON.stringify(entry[field])}`)].join(
        '\n',
      );
    }
    return fields
      .map((field, index) => `${indent}${index === 0 ? '- ' : '  '}${field}: ${yamlScalar(entry[field] ?? '')}`)
      .join('\n');
  });
  return `${blocks.join(format === 'toml' ? '\n\n' : '\n')}\n`;
}

/** Plain when YAML reads it back as the same string, else double-quoted (JSON escapes). */
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_./#{}~*-][A-Za-z0-9_./#{}~* -]*$/.test(value) && !/\s$/.test(value);
  const special =
    /^(?:true|false|yes|no|on|off|null|~|[-+]?\d[\d._:eE+-]*)$/i.test(value) || /[{}]/.test(value[0] ?? '');
  return plain && !special && !value.includes(' #') && !value.includes(': ') ? value : JSON.stringify(value);
}

/**
 * `text` with `entries` added to its accept-list. TOML: after the last `[tool.holdfast...]`
 * section (or at the end); YAML: at the end of the top-level `accept:` list (or a new list at
 * the end). An accept-list written inline (`accept = [...]`, `accept: [...]`) is not edited: the
 * error carries the entries to paste by hand.
 */
export function insertAcceptEntries(
  text: string,
  format: ConfigFormat,
  entries: readonly AcceptEntryText[],
  displayName: string,
): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return format === 'toml' ? insertToml(lines, entries, displayName) : insertYaml(lines, entries, displayName);
}

const TOML_HEADER = /^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$/;

function insertToml(lines: string[], entries: readonly AcceptEntryText[], displayName: string): string {
  let inHoldfast = false;
  let lastHoldfastLine = -1;
  for (let index = 0; index < lines.length; index++) {
    const header = TOML_HEADER.exec(lines[index]);
    if (header !== null) {
      const name = header[1].replace(/\s+/g, '');
      inHoldfast = name === 'tool.holdfast' || name.startsWith('tool.holdfast.');
      if (inHoldfast) lastHoldfastLine = index;
      continue;
    }
    if (inHoldfast) {
      if (/^\s*accept\s*=/.test(lines[index])) throw inlineList(displayName, 'accept = [...]', 'toml', entries);
      if (lines[index].trim() !== '') lastHoldfastLine = index;
    }
  }
  const block = renderAcceptEntries('toml', entries).trimEnd().split('\n');
  const at = lastHoldfastLine === -1 ? lines.length : lastHoldfastLine + 1;
  const before = lines.slice(0, at);
  const after = lines.slice(at);
  const spacer = before.length > 0 && before[before.length - 1].trim() !== '' ? [''] : [];
  const trailing = after.length > 0 && after[0].trim() !== '' ? [''] : [];
  return `${[...before, ...spacer, ...block, ...trailing, ...after].join('\n')}\n`;
}

function insertYaml(lines: string[], entries: readonly AcceptEntryText[], displayName: string): string {
  const start = lines.findIndex((line) => /^accept\s*:/.test(line));
  if (start === -1) {
    const block = `accept:\n${renderAcceptEntries('yaml', entries)}`.trimEnd().split('\n');
    const spacer = lines.length > 0 && lines[lines.length - 1].trim() !== '' ? [''] : [];
    return `${[...lines, ...spacer, ...block].join('\n')}\n`;
  }
  if (!/^accept\s*:\s*(?:#.*)?$/.test(lines[start])) {
    throw inlineList(displayName, lines[start].trim(), 'yaml', entries);
  }
  let end = start;
  let indent: string | undefined;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    // A top-level key ends the list; items may sit at column 0 (`- rule: ...`).
    if (/^\S/.test(line) && !line.startsWith('-')) break;
    indent ??= /^(\s*)-/.exec(line)?.[1];
    end = index;
  }
  const block = renderAcceptEntries('yaml', entries, indent ?? '  ')
    .trimEnd()
    .split('\n');
  return `${[...lines.slice(0, end + 1), ...block, ...lines.slice(end + 1)].join('\n')}\n`;
}

function inlineList(
  displayName: string,
  found: string,
  format: ConfigFormat,
  entries: readonly AcceptEntryText[],
): AppError {
  return new AppError(
    'CONFIG_INVALID',
    `Could not add to the accept-list in ${displayName}: it is written inline (${found}); expected ${format === 'toml' ? '[[tool.holdfast.accept]] tables' : 'an indented "accept:" list'}. Add this by hand; retrying will not help:\n${renderAcceptEntries(format, entries).trimEnd()}`,
  );
}
