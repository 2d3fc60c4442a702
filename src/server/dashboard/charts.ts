/**
 * Before/after bar charts as inline SVG, drawn on the server: one bar per hour, the hours before a
 * deployment in one colour and the hours after it in another, a dashed line at the deployment, and
 * "before"/"after" written on the chart so colour is not the only cue. Colours come from CSS
 * classes (the stylesheet follows the theme); no inline style, so the page's CSP holds.
 */
import { type Html, html } from './html.js';

export interface ChartPoint {
  /** Start of the hour. */
  from: Date;
  /** Null: nothing measured in that hour (no bar). */
  value: number | null;
  after: boolean;
}

export interface ChartOptions {
  id: string;
  title: string;
  /** Axis and summary formatting: `12 %`, `340 ms`, `1,200`. */
  format: (value: number) => string;
  /** The deployment time, drawn as a marker. */
  marker: Date;
  /** Lowest top of the scale (an error-rate chart of zeros still shows 0–1 %). */
  minimumTop?: number;
}

const WIDTH = 480;
const HEIGHT = 200;
const LEFT = 56;
const RIGHT = 8;
const TOP = 18;
const BOTTOM = 26;

/** A tidy top for the y axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceTop(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const hourLabel = (date: Date): string => date.toISOString().slice(11, 16);

export function beforeAfterChart(points: readonly ChartPoint[], options: ChartOptions): Html {
  const measured = points.filter((point) => point.value !== null).map((point) => point.value ?? 0);
  const top = niceTop(Math.max(options.minimumTop ?? 0, ...measured));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = points.length === 0 ? plotWidth : plotWidth / points.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value: number): number => TOP + plotHeight - (value / top) * plotHeight;
  const first = points[0]?.from.getTime() ?? options.marker.getTime();
  const hour = 3_600_000;
  const markerX = LEFT + ((options.marker.getTime() - first) / hour) * slot;
  const ticks = [0, top / 2, top];
  const before = points.filter((point) => !point.after && point.value !== null);
  const after = points.filter((point) => point.after && point.value !== null);
  const mean = (list: ChartPoint[]): number | null =>
    list.length === 0 ? null : list.reduce((sum, point) => sum + (point.value ?? 0), 0) / list.length;
  const meanBefore = mean(before);
  const meanAfter = mean(after);
  const summary = `Hourly average before: ${meanBefore === null ? 'no data' : options.format(meanBefore)}; after: ${
    meanAfter === null ? 'no data' : options.format(meanAfter)
  }.`;
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return html`<figure class="chart" id="${options.id}">
<figcaption id="${options.id}-title">${options.title}</figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" focusable="false">
  <desc id="${options.id}-desc">${summary} ${points
    .map(
      (point) =>
        `${hourLabel(point.from)} ${point.after ? 'after' : 'before'}: ${point.value === null ? 'no data' : options.format(point.value)}`,
    )
    .join('; ')}.</desc>
  ${ticks.map(
    (
      tick,
    ) => html`<line class="chart-grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"></line>
  <text class="chart-axis" x="${LEFT - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${options.format(tick)}</text>`,
  )}
  ${points.map((point, index) => {
    const x = LEFT + index * slot + (slot - barWidth) / 2;
    const label =
      index % labelEvery === 0
        ? html`<text class="chart-axis" x="${(LEFT + index * slot + slot / 2).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle">${hourLabel(point.from)}</text>`
        : '';
    if (point.value === null) return label;
    const barTop = y(point.value);
    return html`<rect class="${point.after ? 'chart-after' : 'chart-before'}" x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0, TOP + plotHeight - barTop).toFixed(1)}"><title>${hourLabel(point.from)} UTC, ${point.after ? 'after' : 'before'}: ${options.format(point.value)}</title></rect>${label}`;
  })}
  <line class="chart-marker" x1="${markerX.toFixed(1)}" x2="${markerX.toFixed(1)}" y1="${TOP - 4}" y2="${TOP + plotHeight}"></line>
  <text class="chart-marker-label" x="${(markerX - 4).toFixed(1)}" y="${TOP - 6}" text-anchor="end">before</text>
  <text class="chart-marker-label" x="${(markerX + 4).toFixed(1)}" y="${TOP - 6}">after</text>
</svg>
<p class="summary">${summary}</p>
</figure>`;
}
