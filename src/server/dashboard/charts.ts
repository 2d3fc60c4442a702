/**
 * Before/after bar charts as inline SVG, drawn on the server: one row per operation, its value in
 * the window before a deployment and in the window after it as two bars, each written out next
 * to its bar with "before" or "after", so colour is not the only cue. Colours come from CSS
 * classes (the stylesheet follows the theme); no inline style, so the page's CSP holds.
 */
import { type Html, html } from './html.js';

export interface ChartRow {
  /** `POST /orders`. */
  label: string;
  /** Null: nothing measured on that side (no bar). */
  before: number | null;
  after: number | null;
}

export interface ChartOptions {
  id: string;
  title: string;
  /** Axis, bar and summary formatting: `12 %`, `340 ms`, `14.2/min`. */
  format: (value: number) => string;
  /** A sentence under the chart (and first in its description): the whole service, before and after. */
  summary: string;
  /** Lowest top of the scale (an error-rate chart of zeros still shows 0–1 %). */
  minimumTop?: number;
}

const WIDTH = 480;
const LEFT = 8;
/** Room right of the longest bar for its value. */
const RIGHT = 96;
const TOP = 8;
const BOTTOM = 22;
const LABEL = 15;
const BAR = 10;
const GAP = 10;
const ROW = LABEL + BAR * 2 + 2 + GAP;

/** A tidy top for the axis: 1, 2, 2.5 or 5 times a power of ten, at least `value`. */
export function niceTop(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const side = (value: number | null, word: string, format: (value: number) => string): string =>
  `${word} ${value === null ? 'no data' : format(value)}`;

/**
 * One row per operation, two bars each (before above after), on one scale.
 *
 * @example
 * pairedBarChart([{ label: 'POST /orders', before: 0.5, after: 44 }], { id: 'chart-errors', title: '5xx rate', format: (v) => `${v} %`, summary: '…' })
 */
export function pairedBarChart(rows: readonly ChartRow[], options: ChartOptions): Html {
  const measured = rows.flatMap((row) => [row.before, row.after]).filter((value): value is number => value !== null);
  const top = niceTop(Math.max(options.minimumTop ?? 0, ...measured));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const height = TOP + rows.length * ROW + BOTTOM;
  const x = (value: number): number => LEFT + (value / top) * plotWidth;
  const ticks = [0, top / 2, top];
  const plotBottom = TOP + rows.length * ROW;
  const bar = (value: number | null, after: boolean, y: number): Html => {
    const word = after ? 'after' : 'before';
    const text = side(value, word, options.format);
    const width = value === null ? 0 : Math.max(value > 0 ? 1 : 0, x(value) - LEFT);
    return html`${
      value === null
        ? ''
        : html`<rect class="${after ? 'chart-after' : 'chart-before'}" x="${LEFT}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${BAR}"><title>${text}</title></rect>`
    }<text class="chart-value" x="${(LEFT + width + 4).toFixed(1)}" y="${(y + BAR - 1).toFixed(1)}">${text}</text>`;
  };
  return html`<figure class="chart" id="${options.id}">
<figcaption id="${options.id}-title">${options.title}</figcaption>
<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" focusable="false">
  <desc id="${options.id}-desc">${options.summary} ${rows
    .map(
      (row) =>
        `${row.label}: ${side(row.before, 'before', options.format)}, ${side(row.after, 'after', options.format)}`,
    )
    .join('; ')}.</desc>
  ${ticks.map(
    (
      tick,
    ) => html`<line class="chart-grid" x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${TOP}" y2="${plotBottom}"></line>
  <text class="chart-axis" x="${x(tick).toFixed(1)}" y="${plotBottom + 14}" text-anchor="${tick === 0 ? 'start' : tick === top ? 'end' : 'middle'}">${options.format(tick)}</text>`,
  )}
  ${rows.map((row, index) => {
    const y = TOP + index * ROW;
    return html`<text class="chart-label" x="${LEFT}" y="${y + LABEL - 4}">${row.label}</text>
  ${bar(row.before, false, y + LABEL)}
  ${bar(row.after, true, y + LABEL + BAR + 2)}`;
  })}
</svg>
<p class="summary">${options.summary}</p>
</figure>`;
}
