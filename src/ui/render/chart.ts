// Line charts with asciichart. Its width equals the series length, so curves
// are resampled to the width available; x-axis ends are printed below.
import asciichart from 'asciichart';
import type { ChartState, Curve } from '../state.js';
import { formatNumber, padStart } from '../format.js';
import type { DrawStyle } from './style.js';
import { wrapLines } from './text.js';

const LABEL_WIDTH = 9;
const ASCII_SYMBOLS = ['+', '|', '-', '-', '-', '\\', '/', '\\', '/', '|'];
const COLORS = [asciichart.cyan, asciichart.yellow, asciichart.magenta, asciichart.green, asciichart.red, asciichart.blue];
const MARK = { unicode: '●', ascii: 'O' };

/**
 * Resamples y(x) to n columns over [xmin, xmax], interpolating linearly between
 * samples (x ascending); drops non-finite values. Outside the curve's own x range
 * it holds the nearest end.
 */
export function resample(curve: Curve, n: number, xmin: number, xmax: number): number[] {
  const points = curve.x
    .map((x, i) => [x, curve.y[i]] as const)
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) return [];
  const out: number[] = [];
  let j = 0;
  for (let col = 0; col < n; col++) {
    const x = n === 1 ? xmin : xmin + ((xmax - xmin) * col) / (n - 1);
    while (j + 1 < points.length && points[j + 1][0] <= x) j++;
    const [x0, y0] = points[j];
    const next = points[j + 1];
    if (!next || x <= x0) out.push(y0);
    else out.push(y0 + ((next[1] - y0) * (x - x0)) / (next[0] - x0));
  }
  return out;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function plot(series: number[][], height: number, style: DrawStyle, colors: boolean, range = extent(series.flat())): { lines: string[]; min: number; max: number } {
  const [min, max] = range;
  // asciichart rounds min·ratio and max·ratio separately from each value, which
  // can put a value one row off its label. Plotting y − min from 0 keeps the
  // rows and the labels on one grid; the labels add min back.
  const text = asciichart.plot(
    series.map((s) => s.map((y) => y - min)),
    {
      height,
      min: 0,
      max: max - min,
      format: (v) => padStart(formatNumber(v + min), LABEL_WIDTH).slice(-LABEL_WIDTH),
      colors: colors ? COLORS : undefined,
      symbols: style.ascii ? ASCII_SYMBOLS : undefined,
    },
  );
  return { lines: text.split('\n'), min, max };
}

/** Overlays the mark at the column of x and the row of y (no colour codes in marked rows). */
function overlayMark(lines: string[], chart: ChartState, cols: number, xmin: number, xmax: number, min: number, max: number, style: DrawStyle): void {
  const mark = chart.mark;
  if (!mark || !Number.isFinite(mark.y) || max === min) return;
  const col = Math.round(((mark.x - xmin) / (xmax - xmin || 1)) * (cols - 1));
  const rows = lines.length - 1;
  const row = rows - Math.round(((Math.min(max, Math.max(min, mark.y)) - min) / (max - min)) * rows);
  const line = lines[row];
  // Row layout: LABEL_WIDTH label characters, a space, the axis, then one cell per column.
  const pos = LABEL_WIDTH + 2 + col;
  if (line === undefined || col < 0 || col >= cols || line.includes('\x1b')) return;
  lines[row] = line.slice(0, pos) + (style.ascii ? MARK.ascii : MARK.unicode) + line.slice(pos + 1);
}

/** An end of the x axis, with as many decimals as the range needs: 0.02 … 3, not 0.02014 … 3. */
export function axisLabel(value: number, range: number): string {
  if (!(range > 0) || Math.abs(value) >= 1e7 || (value !== 0 && Math.abs(value) < 1e-3)) return formatNumber(value);
  // Enough to tell the ends apart, and two significant digits of a value below 1.
  const forRange = 1 - Math.floor(Math.log10(range));
  const forValue = value !== 0 && Math.abs(value) < 1 ? 1 - Math.floor(Math.log10(Math.abs(value))) : 0;
  const decimals = Math.max(0, Math.min(6, Math.max(forRange, forValue)));
  return String(Number(value.toFixed(decimals)));
}

/** Chart lines: title, plot, x range, legend. Without colour, each curve gets its own plot. */
export function renderChart(chart: ChartState, style: DrawStyle, height = 10): string[] {
  const xs = chart.curves.flatMap((c) => c.x).filter(Number.isFinite);
  if (xs.length === 0) return [...wrapLines(chart.title, style.width), '(no data yet)'];
  const [xmin, xmax] = [Math.min(...xs), Math.max(...xs)];
  // The whole width: lecture screens want big charts.
  const cols = Math.max(8, style.width - LABEL_WIDTH - 3);
  const [left, right] = [axisLabel(xmin, xmax - xmin), axisLabel(xmax, xmax - xmin)];
  // One x (a single point): one label, not "0.02014 … 0.02014".
  const xAxis = (label: string) =>
    ' '.repeat(LABEL_WIDTH + 2) + (xmin === xmax ? `x = ${left}` : left + padStart(right, Math.max(1, cols - left.length))) + (label ? `  ${label}` : '');
  const sampled = chart.curves.map((c) => resample(c, cols, xmin, xmax));
  if (sampled.every((s) => s.length === 0)) return [...wrapLines(chart.title, style.width), '(no finite values)'];

  if (style.color || chart.curves.length === 1) {
    const { lines, min, max } = plot(sampled.filter((s) => s.length > 0), height, style, style.color && chart.curves.length > 1);
    overlayMark(lines, chart, cols, xmin, xmax, min, max, style);
    const legend =
      chart.curves.length > 1 ? chart.curves.map((c, i) => `${COLORS[i % COLORS.length]}──${asciichart.reset} ${c.name}`).join('   ') : chart.curves[0].name;
    return [...wrapLines(chart.title, style.width), ...lines, xAxis(''), ' '.repeat(LABEL_WIDTH + 2) + legend];
  }
  // Monochrome: curves drawn together would be indistinguishable, so each gets a
  // panel; the panels share one y scale so they still compare.
  const out = wrapLines(chart.title, style.width);
  const shared = extent(sampled.flat());
  chart.curves.forEach((curve, i) => {
    if (sampled[i].length === 0) return;
    const { lines, min, max } = plot([sampled[i]], Math.max(4, Math.round(height / 2) + 1), style, false, shared);
    if (i === 0) overlayMark(lines, chart, cols, xmin, xmax, min, max, style);
    out.push(`  ${curve.name}:`, ...lines);
  });
  out.push(xAxis(''));
  return out;
}
