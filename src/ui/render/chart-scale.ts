// The y axis of a line chart: linear, or log10. Curves are drawn in "plot
// space" (y itself, or log10 y); labels always show the values themselves.
import { formatNumber } from '../format.js';

export interface YScale {
  log: boolean;
  /** A value in plot space; NaN where it cannot be drawn (≤ 0 on a log axis): the curve then joins its neighbours. */
  toPlot(y: number): number;
  /** Plot space back to a value, for labels. */
  fromPlot(v: number): number;
  /** For the legend: that the axis is logarithmic, what it left out, or why it is not. */
  note?: string;
}

const LINEAR: YScale = { log: false, toPlot: (y) => y, fromPlot: (v) => v };

/**
 * A log axis where asked for and possible. Zero and negative values have no
 * logarithm: they are left out and counted in the note; with no value > 0 at
 * all, the axis stays linear and the note says why.
 */
export function yScale(values: readonly number[], log: boolean): YScale {
  if (!log) return LINEAR;
  const finite = values.filter(Number.isFinite);
  const leftOut = finite.filter((y) => y <= 0).length;
  if (leftOut === finite.length) return { ...LINEAR, note: 'log y: no value > 0, linear' };
  return {
    log: true,
    toPlot: (y) => (y > 0 ? Math.log10(y) : NaN),
    fromPlot: (v) => 10 ** v,
    note: leftOut > 0 ? `log y: ${leftOut} ${leftOut === 1 ? 'value' : 'values'} ≤ 0 left out` : 'log y',
  };
}

/** The lowest and highest value; a flat series gets one unit (a decade on a log axis) either side, so it sits mid-plot. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** 1, 2 or 5 times a power of ten, the nearest at or above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw * 0.999)!;
}

/** Round values in [lo, hi] (plot space), about `count` of them: multiples of a nice step; on a log axis powers of ten, then 2× and 5×. */
export function roundValues(lo: number, hi: number, count: number, log: boolean): number[] {
  if (!(hi > lo)) return [];
  if (log) {
    const decades: number[] = [];
    for (let k = Math.ceil(lo); k <= Math.floor(hi); k++) decades.push(k);
    if (decades.length >= Math.min(2, count)) return decades;
    // Less than a decade shown: 1, 2 and 5 of each power of ten in range.
    const more: number[] = [];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) for (const m of [1, 2, 5]) more.push(k + Math.log10(m));
    return more.filter((v) => v >= lo && v <= hi);
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * The y labels of a plot `rows` cells tall, each cell `dotsPerRow` dots tall, over
 * [lo, hi] in plot space: the top row says hi and the bottom row lo (the data's
 * own ends); round values go on the row that draws them, with a free row between
 * labels. A flat series (`flat`: its one value) is labelled on its own row instead.
 */
export function axisTicks(lo: number, hi: number, rows: number, dotsPerRow: number, scale: YScale, flat?: number): Map<number, string> {
  const label = (v: number) => formatNumber(scale.fromPlot(v));
  const dots = rows * dotsPerRow;
  const rowOf = (v: number) => Math.floor(Math.round(((hi - v) / (hi - lo)) * (dots - 1)) / dotsPerRow);
  const labels = new Map<number, string>();
  const free = (row: number) => ![...labels.keys()].some((taken) => Math.abs(taken - row) < 2);
  if (flat !== undefined) labels.set(rowOf(flat), label(flat));
  const ends: [number, number][] =
    rows < 2
      ? [[0, hi]]
      : [
          [0, hi],
          [rows - 1, lo],
        ];
  for (const [row, v] of ends) if (flat === undefined || free(row)) labels.set(row, label(v));
  if (flat !== undefined) return labels;
  for (const v of roundValues(lo, hi, Math.max(1, Math.floor(rows / 2)), scale.log)) {
    const row = rowOf(v);
    if (free(row)) labels.set(row, label(v));
  }
  return labels;
}
