import { AppError } from '../errors.js';
import { holdfastTable, parsePyproject } from '../extract/index.js';

/** What `holdfast init` writes under `[tool.holdfast]`. */
export interface HoldfastSettings {
  app: string;
  appDir?: string;
  python?: string;
}

/** The edited pyproject.toml, or why it was left alone. */
export interface PyprojectEdit {
  text: string;
  changed: boolean;
  /** Why nothing changed, for the summary: `already sets app = "main:app"`. */
  reason?: string;
}

const HEADER = /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*holdfast[ \t]*\][ \t]*(#.*)?$/m;

/**
 * Adds `[tool.holdfast]` settings to pyproject.toml text without reformatting anything: the table
 * is appended when absent, the missing keys are inserted under its header when present, and a
 * table that already names an app is left as it is (so running init twice changes nothing).
 * `text` undefined means there is no pyproject.toml yet. The result is parsed again to prove the
 * edit is valid TOML that says what was meant.
 *
 * @example
 * addHoldfastSettings('[project]\nname = "shop"\n', { app: 'shop.main:app' }, 'pyproject.toml').text;
 * // '[project]\nname = "shop"\n\n[tool.holdfast]\napp = "shop.main:app"\n'
 */
export function addHoldfastSettings(text: string | undefined, settings: HoldfastSettings, path: string): PyprojectEdit {
  if (text === undefined) return verified(`[tool.holdfast]\n${keyLines(settings, {}).join('\n')}\n`, settings, path);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const parsed = parsePyproject(text, path);
  const table = holdfastTable(parsed.document);
  if (table !== undefined && table.app !== undefined) {
    return { text, changed: false, reason: `already sets app = ${JSON.stringify(table.app)}` };
  }
  const lines = keyLines(settings, table ?? {});
  if (table === undefined) {
    let before = text;
    if (before !== '' && !before.endsWith('\n')) before += newline;
    if (before !== '' && !before.endsWith(`${newline}${newline}`)) before += newline;
    return verified(`${before}[tool.holdfast]${newline}${lines.join(newline)}${newline}`, settings, path);
  }
  const header = HEADER.exec(text);
  if (header === null) {
    // The table is spelled with dotted keys elsewhere (`[tool]` + `holdfast.x = ...`): editing that
    // by hand is safer than guessing.
    return {
      text,
      changed: false,
      reason: `defines [tool.holdfast] without a [tool.holdfast] header; add app = ${JSON.stringify(settings.app)} to it yourself`,
    };
  }
  const insertAt = header.index + header[0].length;
  return verified(`${text.slice(0, insertAt)}${newline}${lines.join(newline)}${text.slice(insertAt)}`, settings, path);
}

/** `app = "..."` and friends, for the keys the table does not have yet. */
function keyLines(settings: HoldfastSettings, existing: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined && existing[key] === undefined) lines.push(`${key} = ${tomlString(value)}`);
  };
  add('app', settings.app);
  add('app-dir', settings.appDir);
  add('python', settings.python);
  return lines;
}

/** A TOML basic string; JSON's escapes for quotes, backslashes and control characters are valid TOML. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

function verified(text: string, settings: HoldfastSettings, path: string): PyprojectEdit {
  const table = holdfastTable(parsePyproject(text, path).document);
  if (table?.app !== settings.app) {
    throw new AppError(
      'INTERNAL',
      `Could not add [tool.holdfast] to ${path}: the edited file no longer reads as intended; expected app = ${JSON.stringify(settings.app)}. Add it by hand; retrying will not help.`,
    );
  }
  return { text, changed: true };
}
