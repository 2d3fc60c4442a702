/** The error for a registry that does not exist where a read-only command looked. Private to src/store. */
import { AppError, retryAdvice } from '../errors.js';

/**
 * @example
 * throw missingRegistry('/repo/.holdfast/registry.db', 'the default location', 'the file does not exist');
 */
export function missingRegistry(location: string, origin: string | undefined, found: string): AppError {
  const from = origin === undefined ? '' : ` (${origin})`;
  return new AppError(
    'REGISTRY_MISSING',
    `No registry at ${location}${from}: ${found}; expected an existing registry, which this command never creates. ${retryAdvice(false, 'Point HOLDFAST_DB or HOLDFAST_DATABASE_URL at the team registry, or publish a contract first with holdfast publish')}`,
  );
}
