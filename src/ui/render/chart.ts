// Line charts: title, plot, x range, legend. Curves are resampled to the width
// available and drawn by chart-plots.ts: in braille where the terminal draws
// Unicode, else one glyph per cell (asciichart, ASCII-safe with --ascii).
import type { ChartState, Curve } from '../state.js';
import { formatNumber, padStart } from '../format.js';
import { extent, yScale } from './chart-scale.js';
import { LABEL_WIDTH, plotBrailleChart, plotLineChart, type Plot } from './chart-plots.js';
import type { DrawStyle } from './style.js';
import { wrapLines } from './text.js';
import { DEFAULT_THEME, paint } from './theme.js';

/**
 * Resamples y(x) to n columns over [xmin, xmax], interpolating linearly between
 * samples (x ascending); drops non-finite values. Outside the curve's own x range
 * it holds the nearest end, or with `gaps` gives NaN there (half a column of slack,
 * so a lone point still lands in a column). The curve's lowest and highest samples
 * keep their values in the columns nearest them: interpolating at the columns'
 * own x would shave the extremes off, and the axis would label a minimum the
 * curve never had (a parabola's vertex between two columns).
 */
export function resample(curve: Curve, n: number, xmin: number, xmax: number, gaps = false): number[] {
  const points = curve.x
    .map((x, i) => [x, curve.y[i]] as const)
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) return [];
  const slack = n > 1 ? (xmax - xmin) / (n - 1) / 2 : Infinity;
  const [first, last] = [points[0][0] - slack, points[points.length - 1][0] + slack];
  const out: number[] = [];
  let j = 0;
  for (let col = 0; col < n; col++) {
    const x = n === 1 ? xmin : xmin + ((xmax - xmin) * col) / (n - 1);
    while (j + 1 < points.length && points[j + 1][0] <= x) j++;
    const [x0, y0] = points[j];
    const next = points[j + 1];
    if (gaps && (x < first || x > last)) out.push(NaN);
    else if (!next || x <= x0) out.push(y0);
    else out.push(y0 + ((next[1] - y0) * (x - x0)) / (next[0] - x0));
  }
  const lowest = points.reduce((a, p) => (p[1] < a[1] ? p : a));
  const highest = points.reduce((a, p) => (p[1] > a[1] ? p : a));
  for (const [x, y] of [lowest, highest]) {
    const col = n === 1 || xmax === xmin ? 0 : Math.round(((x - xmin) / (xmax - xmin)) * (n - 1));
    if (col >= 0 && col < n && !Number.isNaN(out[col])) out[col] = y;
  }
  return out;
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
  const indent = ' '.repeat(LABEL_WIDTH + 2);
  // One x (a single point): one label, not "0.02014 … 0.02014".
  const xAxis = indent + (xmin === xmax ? `x = ${left}` : left + padStart(right, Math.max(1, cols - left.length)));
  const scale = yScale(
    chart.curves.flatMap((c) => c.y),
    Boolean(style.logY),
  );
  const braille = Boolean(style.braille) && !style.ascii;
  // Braille has two dot columns per cell: twice the samples; and it can leave a gap
  // where a curve has no data (asciichart cannot: it holds the curve's ends).
  const sampled = chart.curves.map((c) => resample({ ...c, y: c.y.map(scale.toPlot) }, braille ? 2 * cols : cols, xmin, xmax, braille));
  if (sampled.every((s) => s.length === 0)) return [...wrapLines(chart.title, style.width), '(no finite values)'];
  // Braille labels its ends with the data's own lowest and highest values (a sample may fall
  // between points); the line charts keep the range of what they draw, as they always did.
  const rangeOf = (curves: Curve[], samples: number[][]) =>
    extent(braille ? curves.flatMap((c) => c.y.map(scale.toPlot)).filter(Number.isFinite) : samples.flat());
  const markY = chart.mark && scale.toPlot(chart.mark.y);
  const plotOf = (series: number[][], rows: number, colored: boolean, range: [number, number], withMark: boolean): Plot => {
    const mark = withMark && chart.mark && Number.isFinite(markY) ? { u: (chart.mark.x - xmin) / (xmax - xmin || 1), y: markY! } : undefined;
    const spec = { series, rows, cols, colored, range, scale, mark };
    return braille ? plotBrailleChart(spec, style) : plotLineChart(spec, style);
  };
  // The legend says when the y axis is logarithmic, and what that left out.
  const withNote = (line: string) => (scale.note ? `${line}  · ${scale.note}` : line);

  if (style.color || chart.curves.length === 1) {
    // asciichart needs every series non-empty; braille draws an empty one as nothing, keeping colours in legend order.
    const shown = braille ? sampled : sampled.filter((s) => s.length > 0);
    const plot = plotOf(shown, height + 1, style.color && (braille || chart.curves.length > 1), rangeOf(chart.curves, shown), true);
    const theme = style.theme ?? DEFAULT_THEME;
    const swatch = (i: number) => paint(theme.series[i % theme.series.length], '──', style.color);
    const legend = chart.curves.length > 1 ? chart.curves.map((c, i) => `${swatch(i)} ${c.name}`).join('   ') : chart.curves[0].name;
    return [...wrapLines(chart.title, style.width), ...plot.lines, xAxis, withNote(indent + legend)];
  }
  // Monochrome: curves drawn together would be indistinguishable, so each gets a
  // panel; the panels share one y scale so they still compare.
  const out = wrapLines(chart.title, style.width);
  const shared = rangeOf(chart.curves, sampled);
  chart.curves.forEach((curve, i) => {
    if (sampled[i].length === 0) return;
    const plot = plotOf([sampled[i]], Math.max(height < 4 ? 2 : 4, Math.round(height / 2) + 1) + 1, false, shared, i === 0);
    out.push(`  ${curve.name}:`, ...plot.lines);
  });
  out.push(xAxis);
  if (scale.note) out.push(indent + scale.note);
  return out;
}

/**
 * The chart in at most `maxLines` lines: drawn at `height`, or lower until it
 * fits (monochrome panels, one per curve, take the most); none where even the
 * lowest does not.
 */
export function renderChartWithin(chart: ChartState, style: DrawStyle, height: number, maxLines: number): string[] {
  for (let h = height; h >= 1; h--) {
    const lines = renderChart(chart, style, h);
    if (lines.length <= maxLines) return lines;
  }
  return [];
}
