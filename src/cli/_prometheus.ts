/**
 * The `--prometheus*` flags `usage show` and `deploy compare` share, merged with the project's
 * `[tool.holdfast.prometheus]` settings into a TrafficSource. Private to src/cli; the source
 * module is imported only when Prometheus is used.
 */
import type { Command } from 'commander';
import { AppError, retryAdvice } from '../errors.js';
import type { TrafficSource } from '../usage/window.js';
import type { CliContext } from './context.js';

export interface PrometheusFlags {
  /** A URL, false for --no-prometheus, undefined when neither was given. */
  prometheus?: string | false;
  prometheusSelector?: string;
  prometheusTimeout?: number;
  prometheusMetric?: string[];
  prometheusLabel?: string[];
}

export const DEFAULT_PROMETHEUS_SELECTOR = 'job="{service}"';

export const PROMETHEUS_HELP = `
Prometheus (--prometheus URL, or url in [tool.holdfast.prometheus]): counts and latency per
handler from prometheus-fastapi-instrumentator's metrics, http_requests_total{handler, method,
status} and http_request_duration_seconds{handler, method, le}. The selector picks the service's
series (default ${DEFAULT_PROMETHEUS_SELECTOR}; {service} and {env} are replaced). Other names:
--prometheus-metric requests=NAME / duration=NAME, --prometheus-label handler=NAME / method=NAME
/ status=NAME. Prometheus knows no clients. --no-prometheus reads the registry's ingested logs
even when the configuration names a server. Credentials: user:password@ in the URL (basic auth)
or HOLDFAST_PROMETHEUS_TOKEN=token (bearer).
`;

function seconds(value: string): number {
  const parsed = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(parsed > 0) || parsed > 3600) {
    throw new AppError('USAGE', `Invalid --prometheus-timeout "${value}": expected seconds above 0, at most 3600.`);
  }
  return parsed;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the `--prometheus*` flags. */
export function prometheusOptions(command: Command): Command {
  return command
    .option('--prometheus <url>', 'read traffic from this Prometheus server instead of ingested logs')
    .option(
      '--no-prometheus',
      "read the registry's ingested logs even when the configuration names a Prometheus server",
    )
    .option(
      '--prometheus-selector <matchers>',
      `label matchers for the service's series, {service} and {env} replaced (default ${DEFAULT_PROMETHEUS_SELECTOR})`,
    )
    .option('--prometheus-timeout <seconds>', 'per Prometheus request (default 10)', seconds)
    .option(
      '--prometheus-metric <role=name>',
      'metric names: requests=http_requests_total, duration=http_request_duration_seconds (repeatable)',
      collect,
    )
    .option(
      '--prometheus-label <role=name>',
      'label names: handler=handler, method=method, status=status (repeatable)',
      collect,
    );
}

function roles<R extends string>(flag: string, entries: string[], allowed: readonly R[]): Partial<Record<R, string>> {
  const found: Partial<Record<R, string>> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const role = allowed.find((candidate) => candidate === entry.slice(0, equals).trim());
    const name = entry.slice(equals + 1).trim();
    if (equals < 1 || role === undefined || name === '') {
      throw new AppError(
        'USAGE',
        `Invalid ${flag} "${entry}": expected ROLE=NAME with ROLE one of ${allowed.join(', ')} (e.g. ${allowed[0]}=${flag === '--prometheus-metric' ? 'shop_http_requests_total' : 'route'}).`,
      );
    }
    found[role] = name;
  }
  return found;
}

/**
 * The Prometheus source the flags and configuration ask for, or undefined when traffic comes from
 * the registry (no URL anywhere, or --no-prometheus).
 */
export async function prometheusSource(
  context: CliContext,
  flags: PrometheusFlags,
  target: { service: string; environment: string },
): Promise<TrafficSource | undefined> {
  if (flags.prometheus === false) return undefined;
  const { loadConfig } = await import('../config/index.js');
  const settings = (await loadConfig(context.cwd)).prometheus;
  const url = flags.prometheus ?? settings?.url;
  if (url === undefined) {
    const given = [
      flags.prometheusSelector === undefined ? undefined : '--prometheus-selector',
      flags.prometheusTimeout === undefined ? undefined : '--prometheus-timeout',
      (flags.prometheusMetric ?? []).length === 0 ? undefined : '--prometheus-metric',
      (flags.prometheusLabel ?? []).length === 0 ? undefined : '--prometheus-label',
    ].filter((flag) => flag !== undefined);
    if (given.length > 0) {
      throw new AppError(
        'USAGE',
        `Invalid ${given.join(', ')} without a Prometheus server: expected --prometheus URL (or url in [tool.holdfast.prometheus]). ${retryAdvice(false, 'Add --prometheus URL')}`,
      );
    }
    return undefined;
  }
  const template = flags.prometheusSelector ?? settings?.selector ?? DEFAULT_PROMETHEUS_SELECTOR;
  // Values go inside double quotes in the selector: escape what PromQL's string syntax needs.
  const quoted = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const selector = template
    .replaceAll('{service}', quoted(target.service))
    .replaceAll('{env}', quoted(target.environment));
  const { prometheusTrafficSource } = await import('../usage/prometheus.js');
  return prometheusTrafficSource({
    url,
    selector,
    timeoutMs: (flags.prometheusTimeout ?? settings?.timeoutSeconds ?? 10) * 1000,
    metrics: {
      ...settings?.metrics,
      ...roles('--prometheus-metric', flags.prometheusMetric ?? [], ['requests', 'duration']),
    },
    labels: {
      ...settings?.labels,
      ...roles('--prometheus-label', flags.prometheusLabel ?? [], ['handler', 'method', 'status']),
    },
    unmatchedHandler: settings?.unmatchedHandler,
    bearerToken: context.env.HOLDFAST_PROMETHEUS_TOKEN?.trim() || undefined,
  });
}

/**
 * A duration such as 15m, 1h, 7d, in milliseconds; undefined when it is not one.
 *
 * @example
 * parseDuration('90m'); // 5_400_000
 */
export function parseDuration(value: string): number | undefined {
  const match = /^\s*(\d+)\s*(s|m|h|d)\s*$/.exec(value);
  if (match === null) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
