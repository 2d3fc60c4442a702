/**
 * `--usage ENV[:DAYS]` and `--ignore-unused`, shared by `diff`, `check` and `can-i-deploy`:
 * parsing and validating the flags, and ranking a comparison by the registry's usage counts.
 * Private to src/cli. Imports nothing heavy (start-up stays fast).
 */
import { type Command, Option } from 'commander';
import { AppError } from '../errors.js';
import type { ComparisonResult, Level } from '../rules/types.js';
import { withApi } from './_registry.js';
import type { CliContext } from './context.js';

/** The default window, in days (the registry's `DEFAULT_USAGE_DAYS`, repeated so help loads nothing). */
export const USAGE_DAYS = 30;
const MAX_DAYS = 36_500;

export interface UsageFlags {
  /** `ENV[:DAYS]`; `true` for a bare `--usage` where the environment has a default (can-i-deploy). */
  usage?: string | true;
  ignoreUnused?: boolean;
}

export interface UsageSpec {
  /** Null when left out (`--usage` or `--usage :7`): the command's own environment. */
  environment: string | null;
  days: number;
}

/**
 * Adds `--usage` and `--ignore-unused`. With `defaultEnvironment` (can-i-deploy: the --to
 * environment) the environment may be left out: `--usage`, `--usage :7`.
 */
export function addUsageFlags(command: Command, settings: { defaultEnvironment?: string } = {}): Command {
  const usage =
    settings.defaultEnvironment === undefined
      ? new Option(
          '--usage <ENV[:DAYS]>',
          `show the calls of each finding's operation in ENV over the last DAYS days (default ${USAGE_DAYS}), from the registry's ingested access logs; breaking findings most called first`,
        )
      : new Option(
          '--usage [ENV[:DAYS]]',
          `show the calls of each finding's operation in ENV (default: ${settings.defaultEnvironment}) over the last DAYS days (default ${USAGE_DAYS}); breaking findings most called first`,
        );
  return command
    .addOption(usage)
    .addOption(
      new Option(
        '--ignore-unused',
        'with --usage: downgrade breaking findings on operations with no call in the window to warnings (each says so)',
      ),
    );
}

const SYNTAX = 'ENV[:DAYS], for example --usage production or --usage production:7';

/**
 * Parses `ENV[:DAYS]`. `allowNoEnvironment`: an empty ENV means the command's own environment.
 *
 * @example
 * parseUsageSpec('production:7'); // { environment: 'production', days: 7 }
 */
export function parseUsageSpec(value: string | true, allowNoEnvironment = false): UsageSpec {
  if (value === true) return { environment: null, days: USAGE_DAYS };
  const colon = value.lastIndexOf(':');
  const environment = (colon === -1 ? value : value.slice(0, colon)).trim();
  const daysText = colon === -1 ? null : value.slice(colon + 1).trim();
  if (environment === '' && !allowNoEnvironment) {
    throw new AppError('USAGE', `Invalid --usage "${value}": no environment; expected ${SYNTAX}.`);
  }
  let days = USAGE_DAYS;
  if (daysText !== null) {
    const parsed = Number(daysText);
    if (!/^\d+$/.test(daysText) || !Number.isSafeInteger(parsed) || parsed < 1 || parsed > MAX_DAYS) {
      throw new AppError(
        'USAGE',
        `Invalid --usage "${value}": "${daysText}" is not a number of days from 1 to ${MAX_DAYS}; expected ${SYNTAX}.`,
      );
    }
    days = parsed;
  }
  return { environment: environment === '' ? null : environment, days };
}

/** The parsed `--usage`, or undefined without it; `--ignore-unused` alone is a usage error. */
export function usageSpecOf(flags: UsageFlags, allowNoEnvironment = false): UsageSpec | undefined {
  if (flags.usage === undefined) {
    if (flags.ignoreUnused === true) {
      throw new AppError(
        'USAGE',
        '--ignore-unused needs --usage: it downgrades findings on operations nobody called in a usage window; expected --usage ENV[:DAYS] as well, for example --usage production --ignore-unused.',
      );
    }
    return undefined;
  }
  return parseUsageSpec(flags.usage, allowNoEnvironment);
}

/** The service `--usage` reads: `--service`, else `service` in the configuration; a usage error otherwise. */
export function usageService(flag: string | undefined, configured: string | undefined, spec: UsageSpec): string {
  const service = flag ?? configured;
  if (service === undefined || service.trim() === '') {
    throw new AppError(
      'USAGE',
      `Missing the service for --usage ${spec.environment ?? ''}: the registry counts calls per service; expected --service NAME, or service = "NAME" in [tool.holdfast] (service: NAME in holdfast.yaml).`,
    );
  }
  return service;
}

/**
 * Reads the window's counts from the registry (or the server `--server`/HOLDFAST_SERVER names) and applies them to `result`: usage on each
 * finding, findings ordered by calls, and with `ignoreUnused` breaking findings on operations
 * nobody called downgraded. Returns the new result and whether it still blocks at `failOn`.
 */
export async function rankByUsage(
  context: CliContext,
  result: ComparisonResult,
  settings: {
    service: string;
    spec: UsageSpec & { environment: string };
    ignoreUnused: boolean;
    failOn: Level | 'never';
    /** `--server`: read the counts from a holdfast server (else HOLDFAST_SERVER, else the local registry). */
    server?: string;
  },
): Promise<{ result: ComparisonResult; blocked: boolean }> {
  const [{ applyUsage }, table] = await Promise.all([
    import('../policy/usage.js'),
    withApi(
      context,
      settings.server,
      ({ api }) =>
        api.usageByOperation({
          service: settings.service,
          environment: settings.spec.environment,
          days: settings.spec.days,
          ignoreUnused: settings.ignoreUnused,
        }),
      { mustExist: true },
    ),
  ]);
  const outcome = applyUsage(result, table, { ignoreUnused: settings.ignoreUnused, failOn: settings.failOn });
  return { result: outcome.result, blocked: outcome.blocked };
}
