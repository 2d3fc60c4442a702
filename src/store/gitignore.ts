/**
 * Keeps the local registry folder (`.holdfast/`, see DEFAULT_DB_PATH) out of git: `holdfast init`
 * and the publish that creates the registry add `.holdfast/` to the `.gitignore` at the project
 * root, once. A line that already ignores the folder, spelled any usual way, counts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, retryAdvice } from '../errors.js';

/** The line added to .gitignore. */
export const REGISTRY_IGNORE_LINE = '.holdfast/';

const IGNORES_REGISTRY = /^\/?\.holdfast(\/(\*\*?)?)?$/;

/**
 * `text` (a .gitignore, or undefined when there is none) with `.holdfast/` added, or undefined
 * when a line already ignores the folder.
 *
 * @example
 * withRegistryIgnored('node_modules/\n'); // 'node_modules/\n.holdfast/\n'
 * withRegistryIgnored('/.holdfast\n'); // undefined
 */
export function withRegistryIgnored(text: string | undefined): string | undefined {
  if (text === undefined) return `${REGISTRY_IGNORE_LINE}\n`;
  if (text.split(/\r?\n/).some((line) => IGNORES_REGISTRY.test(line.trim()))) return undefined;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}${REGISTRY_IGNORE_LINE}\n`;
}

/**
 * Adds `.holdfast/` to `<root>/.gitignore` (creating it) unless a line already ignores it.
 * Returns whether it changed the file.
 *
 * @example
 * if (await ignoreRegistryFolder('/repo')) stderr.write('added .holdfast/ to .gitignore\n');
 */
export async function ignoreRegistryFolder(root: string): Promise<boolean> {
  const path = join(root, '.gitignore');
  let current: string | undefined;
  try {
    current = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(path, error);
  }
  const next = withRegistryIgnored(current);
  if (next === undefined) return false;
  try {
    await writeFile(path, next);
  } catch (error) {
    throw unwritable(path, error);
  }
  return true;
}

function unwritable(path: string, error: unknown): AppError {
  return new AppError(
    'WRITE_FAILED',
    `Could not add ${REGISTRY_IGNORE_LINE} to ${path}: ${error instanceof Error ? error.message : String(error)}; expected a readable, writable file. ${retryAdvice(false, 'Fix the permissions, or add the line yourself')}`,
    { cause: error },
  );
}
