/**
 * The traffic around a deployment, as the deployment page charts it: hourly windows before and
 * after, and the whole before and after windows per operation.
 *
 * The page's verdict is `compareDeployment`'s (src/registry/compare.ts: minute windows, thresholds,
 * the expected result), the same result `holdfast deploy compare` prints; these hourly windows
 * only chart the hours around it (src/registry/usage-window.ts reads the hourly cells).
 */
import { HOUR_MS } from '../../usage/index.js';
import type { OperationWindowStats, TrafficSource, TrafficWindow } from '../../usage/window.js';

/** Hours charted on each side of a deployment. */
export const WINDOW_HOURS = 6;

export interface HourPoint {
  from: Date;
  after: boolean;
  requests: number;
  /** 5xx responses. */
  errors: number;
  /** The highest p95 among the hour's operations (ms); null without durations. */
  slowestP95: number | null;
}

export interface DeploymentTraffic {
  description: string;
  /** The deployment time the windows split at (rounded down to the hour: counts are hourly). */
  split: Date;
  hours: HourPoint[];
  before: TrafficWindow;
  after: TrafficWindow | null;
  caveats: string[];
}

const hourStart = (time: number): number => time - (((time % HOUR_MS) + HOUR_MS) % HOUR_MS);

export function errorsOf(stats: Pick<OperationWindowStats, 'statusClasses'>): number {
  return stats.statusClasses['5xx'] ?? 0;
}

function point(window: TrafficWindow, after: boolean): HourPoint {
  let requests = 0;
  let errors = 0;
  let slowest: number | null = null;
  for (const operation of window.operations) {
    requests += operation.requests;
    errors += errorsOf(operation);
    if (operation.latencyMs !== null) slowest = Math.max(slowest ?? 0, operation.latencyMs.p95);
  }
  return { from: window.from, after, requests, errors, slowestP95: slowest };
}

/**
 * Windows around `deployedAt`: {@link WINDOW_HOURS} hours before, and up to as many after (never
 * past `until`: now, or the next deployment in the environment).
 */
export async function deploymentTraffic(
  source: TrafficSource,
  deployedAt: Date,
  until: Date,
): Promise<DeploymentTraffic> {
  const split = hourStart(deployedAt.getTime());
  const caveats: string[] = [];
  if (split !== deployedAt.getTime()) {
    caveats.push(
      `the registry counts by the hour: the hour of the deployment (${new Date(split).toISOString().slice(11, 16)} UTC) counts as after`,
    );
  }
  const end = Math.min(split + WINDOW_HOURS * HOUR_MS, hourStart(until.getTime() - 1) + HOUR_MS);
  const starts: Array<{ from: number; after: boolean }> = [];
  for (let hour = split - WINDOW_HOURS * HOUR_MS; hour < end; hour += HOUR_MS) {
    starts.push({ from: hour, after: hour >= split });
  }
  const [hourly, before, after] = await Promise.all([
    Promise.all(starts.map((start) => source.window(new Date(start.from), new Date(start.from + HOUR_MS)))),
    source.window(new Date(split - WINDOW_HOURS * HOUR_MS), new Date(split)),
    end > split ? source.window(new Date(split), new Date(end)) : Promise.resolve(null),
  ]);
  for (const caveat of [...before.caveats, ...(after?.caveats ?? [])]) {
    if (!caveats.includes(caveat)) caveats.push(caveat);
  }
  if (end < split + WINDOW_HOURS * HOUR_MS) {
    caveats.push(
      `the after window is cut at ${new Date(end).toISOString().slice(0, 16).replace('T', ' ')} UTC (now, or the next deployment)`,
    );
  }
  return {
    description: source.description,
    split: new Date(split),
    hours: hourly.map((window, index) => point(window, starts[index]?.after ?? false)),
    before,
    after,
    caveats,
  };
}
