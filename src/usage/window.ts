/**
 * Traffic over a time window, per operation, whatever it was counted from: the registry's
 * ingested access logs or a Prometheus server. `holdfast deploy compare` asks a source for the
 * window before a deployment and the window after it; `usage show --prometheus` asks for one.
 *
 * A source is bound to one service and environment when it is created; `window` only takes times.
 *
 * @example
 * const before = await source.window(new Date(deployedAt - hour), new Date(deployedAt));
 * const after = await source.window(new Date(deployedAt), new Date(deployedAt + hour));
 */

/** Status classes as counted: `1xx` … `5xx`. */
export type WindowStatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export interface OperationWindowStats {
  /** `METHOD /template`, as the contract spells it: `GET /items/{item_id}`. */
  operation: string;
  /** Requests in the window (all status classes). */
  requests: number;
  /** Requests per status class; classes with no request may be absent. */
  statusClasses: Partial<Record<WindowStatusClass, number>>;
  /** Milliseconds; null when the source has no duration for this operation in the window. */
  latencyMs: { p50: number; p95: number; p99: number } | null;
}

export interface TrafficWindow {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  operations: OperationWindowStats[];
  /**
   * What the source could not give for this window, in words for the report: "no durations in
   * these logs", "the log's hourly counts cover 14:00-16:00, wider than the window".
   */
  caveats: string[];
  /**
   * Optional: how far the source's data reaches, when it can tell (the registry: the end of the
   * latest minute with an ingested request). Before `to`, the window is not all in yet: deploy
   * compare treats it as incomplete. Undefined: as far as the source knows, complete.
   */
  coveredUntil?: Date;
  /**
   * Optional: requests of the window whose log line had no timestamp (counted at the file's
   * modification time), so their place before or after the deployment is a guess.
   */
  untimedRequests?: number;
}

export interface TrafficSource {
  /** For reports: "access logs in the registry (sqlite:…)", "Prometheus at http://…". */
  readonly description: string;
  window(from: Date, to: Date): Promise<TrafficWindow>;
}
