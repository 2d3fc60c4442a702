import { AppError } from '../errors.js';

/**
 * The input size cap in bytes: `--max-input-mb` when given, else `HOLDFAST_MAX_INPUT_MB`, else
 * undefined (load/limits.ts has the default, 64 MB).
 */
export function maxInputBytes(env: Record<string, string | undefined>, flag?: string): number | undefined {
  const [name, value] =
    flag !== undefined ? ['--max-input-mb', flag] : ['HOLDFAST_MAX_INPUT_MB', env.HOLDFAST_MAX_INPUT_MB];
  if (value === undefined || value === '') return undefined;
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new AppError('USAGE', `Invalid ${name} "${value}": expected a positive number of megabytes, such as 64.`);
  }
  return Math.floor(megabytes * 1024 * 1024);
}
