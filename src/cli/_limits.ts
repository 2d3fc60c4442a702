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

/**
 * Whether to parse the second of two large YAML documents in a worker thread:
 * `HOLDFAST_PARSE_WORKER=1` always, `0` never, unset for the default of load/parse-parallel.ts
 * (only with four or more cores, one of them free; docs/performance.md says why).
 */
export function parseWorker(env: Record<string, string | undefined>): boolean | undefined {
  const value = env.HOLDFAST_PARSE_WORKER;
  if (value === undefined || value === '') return undefined;
  if (value === '1' || value === '0') return value === '1';
  throw new AppError(
    'USAGE',
    `Invalid HOLDFAST_PARSE_WORKER "${value}": expected 1 (use a worker thread) or 0 (never).`,
  );
}
