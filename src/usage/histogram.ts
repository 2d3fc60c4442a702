/**
 * A mergeable latency histogram with fixed logarithmic buckets (the DDSketch idea, without its
 * bucket collapsing): bucket `i` holds the durations in `(γ^(i-1), γ^i]` milliseconds, with
 * `γ = (1 + α) / (1 - α)` and `α = 0.01`. Because the buckets are the same for every histogram,
 * merging is adding counts bucket by bucket, in any order, across files, hours and databases.
 *
 * Error bound: a quantile is answered with the bucket's midpoint `2γ^i / (γ + 1)`, which is within
 * a relative error of `α` (1 %) of the true duration at that rank (the `⌊q·(n-1)⌋`-th smallest).
 * Durations at or below 1 µs count in a zero bucket (reported as 0); durations above ~27.8 hours
 * share the last bucket (answered with the observed maximum). Size: at most ~1,500 buckets, usually a few dozen (latencies cluster).
 *
 * @example
 * const histogram = new LatencyHistogram();
 * histogram.add(12.5); histogram.add(80);
 * histogram.quantile(0.95) // ≈ 80, within 1 %
 */

/** Relative accuracy of every quantile: 1 %. */
export const RELATIVE_ACCURACY = 0.01;
const gamma = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const logGamma = Math.log(gamma);
/** Durations at or below this (milliseconds) go to the zero bucket. */
export const MIN_TRACKED_MS = 0.001;
/** Durations above this (milliseconds, 1e8 ms ≈ 27.8 h) share the last bucket. */
export const MAX_TRACKED_MS = 1e8;
const maxIndex = Math.ceil(Math.log(MAX_TRACKED_MS) / logGamma);

/** The stored form: stable, JSON-friendly, enough to merge and to answer quantiles. */
export interface HistogramData {
  /** Relative accuracy the buckets were made for; histograms merge only with the same value. */
  alpha: number;
  count: number;
  /** Sum of durations (ms), for the mean. */
  sum: number;
  min: number;
  max: number;
  /** Durations ≤ 1 µs. */
  zero: number;
  /** `[bucket index, count]`, ascending by index, no zero counts. */
  bins: Array<[number, number]>;
}

export class LatencyHistogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  zero = 0;
  readonly bins = new Map<number, number>();

  /** Records one duration in milliseconds (negative or non-finite values are ignored). */
  add(milliseconds: number): void {
    this.addAt(milliseconds, LatencyHistogram.bucketOf(milliseconds));
  }

  /**
   * The bucket a duration goes to (-Infinity: the zero bucket, NaN: ignored). One `Math.log`: computed
   * once per line and given to every histogram the line counts in (`addAt`).
   */
  static bucketOf(milliseconds: number): number {
    if (!(milliseconds >= 0) || milliseconds === Number.POSITIVE_INFINITY) return Number.NaN;
    if (milliseconds <= MIN_TRACKED_MS) return Number.NEGATIVE_INFINITY;
    const index = Math.ceil(Math.log(milliseconds) / logGamma);
    return Math.min(index, maxIndex);
  }

  /** Records a duration whose bucket `bucketOf` already computed. */
  addAt(milliseconds: number, bucket: number): void {
    if (Number.isNaN(bucket)) return;
    this.count += 1;
    this.sum += milliseconds;
    if (milliseconds < this.min) this.min = milliseconds;
    if (milliseconds > this.max) this.max = milliseconds;
    if (bucket === Number.NEGATIVE_INFINITY) {
      this.zero += 1;
      return;
    }
    this.bins.set(bucket, (this.bins.get(bucket) ?? 0) + 1);
  }

  /** Adds another histogram's counts to this one (commutative and associative). */
  merge(other: LatencyHistogram | HistogramData): this {
    if ('alpha' in other && other.alpha !== RELATIVE_ACCURACY) {
      throw new RangeError(`histograms of accuracy ${other.alpha} and ${RELATIVE_ACCURACY} cannot be merged`);
    }
    if (other.count === 0) return this;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.zero += other.zero;
    const entries: Iterable<[number, number]> = other.bins instanceof Map ? other.bins.entries() : other.bins;
    for (const [index, count] of entries) this.bins.set(index, (this.bins.get(index) ?? 0) + count);
    return this;
  }

  /**
   * The duration (ms) at quantile `q` (0..1), within 1 % of the true value; undefined when empty.
   * Exact for the zero bucket (0) and clamped to the observed min and max.
   */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.floor(Math.min(Math.max(q, 0), 1) * (this.count - 1));
    let seen = this.zero;
    if (seen > rank) return 0;
    const indexes = [...this.bins.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      seen += this.bins.get(index) ?? 0;
      if (seen > rank) {
        // The overflow bucket has no upper bound: the observed maximum is the honest answer.
        if (index === maxIndex) return this.max;
        const estimate = (2 * gamma ** index) / (gamma + 1);
        return Math.min(Math.max(estimate, this.min), this.max);
      }
    }
    return this.max;
  }

  toJSON(): HistogramData {
    const bins = [...this.bins.entries()].sort((a, b) => a[0] - b[0]);
    return {
      alpha: RELATIVE_ACCURACY,
      count: this.count,
      sum: this.sum,
      min: this.count === 0 ? 0 : this.min,
      max: this.count === 0 ? 0 : this.max,
      zero: this.zero,
      bins,
    };
  }

  static fromJSON(data: HistogramData): LatencyHistogram {
    return new LatencyHistogram().merge(data);
  }
}
