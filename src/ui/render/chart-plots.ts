// The plot rows of a line chart, y labels and axis included: in braille (2×4
// dots a cell) or with asciichart (one glyph a cell; ASCII-safe with --ascii).
// Both take series already resampled to the columns and put in plot space.
import asciichart from 'asciichart';
import { formatNumber, padStart } from '../format.js';
import { DOTS_PER_COL, DOTS_PER_ROW, dotRow, plotBraille } from './braille.js';
import { axisTicks, type YScale } from './chart-scale.js';
import type { DrawStyle } from './style.js';
import { DEFAULT_THEME, paint, sgr, type Look } from './theme.js';

export const LABEL_WIDTH = 9;
const ASCII_SYMBOLS = ['+', '|', '-', '-', '-', '\\', '/', '\\', '/', '|'];
const MARK = { unicode: '●', ascii: 'O' };

export interface PlotSpec {
  /** One sample per column (per dot column in braille), in plot space. */
  series: number[][];
  rows: number;
  cols: number;
  /** Each series in its theme colour. */
  colored: boolean;
  /** The plot-space range from the bottom row to the top. */
  range: [number, number];
  scale: YScale;
  /** A point to mark: u in [0, 1] across, y in plot space. */
  mark?: { u: number; y: number };
}

export interface Plot {
  lines: string[];
}

const label = (text: string) => padStart(text, LABEL_WIDTH).slice(-LABEL_WIDTH);

/** asciichart's rows: a label on every row, curves of ─╭╮╰╯│ (+-|/\ in ASCII). */
export function plotLineChart(spec: PlotSpec, style: DrawStyle): Plot {
  const { series, rows, cols, range, scale, mark } = spec;
  const [min, max] = range;
  const theme = style.theme ?? DEFAULT_THEME;
  // asciichart rounds min·ratio and max·ratio separately from each value, which
  // can put a value one row off its label. Plotting y − min from 0 keeps the
  // rows and the labels on one grid; the labels add min back.
  const lines = asciichart
    .plot(
      series.map((s) => s.map((y) => y - min)),
      {
        height: rows - 1,
        min: 0,
        max: max - min,
        format: (v) => label(formatNumber(scale.fromPlot(v + min))),
        colors: spec.colored ? theme.series.map((look) => sgr(look, true).on) : undefined,
        symbols: style.ascii ? ASCII_SYMBOLS : undefined,
      },
    )
    .split('\n');
  if (mark && max > min) {
    // Row layout: the label, a space, the axis, then one cell per column. Rows with colour codes are left alone.
    const col = Math.round(mark.u * (cols - 1));
    const row = lines.length - 1 - Math.round(((Math.min(max, Math.max(min, mark.y)) - min) / (max - min)) * (lines.length - 1));
    const pos = LABEL_WIDTH + 2 + col;
    const line = lines[row];
    if (line !== undefined && col >= 0 && col < cols && !line.includes('\x1b'))
      lines[row] = line.slice(0, pos) + (style.ascii ? MARK.ascii : MARK.unicode) + line.slice(pos + 1);
  }
  // The label never holds colour codes: asciichart's first one comes with the axis glyph after it.
  return { lines: lines.map((line) => paint(theme.axis, line.slice(0, LABEL_WIDTH), style.color) + line.slice(LABEL_WIDTH)) };
}

/** Braille rows: labels at the ends and at round values between, each curve's cells in its colour. */
export function plotBrailleChart(spec: PlotSpec, style: DrawStyle): Plot {
  const { series, rows, cols, range, scale, mark } = spec;
  const [lo, hi] = range;
  const theme = style.theme ?? DEFAULT_THEME;
  const { chars, owners } = plotBraille(series, cols, rows, lo, hi);
  const MARKED = -2;
  if (mark) {
    const col = Math.floor(Math.round(mark.u * (DOTS_PER_COL * cols - 1)) / DOTS_PER_COL);
    const row = Math.floor(dotRow(mark.y, lo, hi, DOTS_PER_ROW * rows) / DOTS_PER_ROW);
    if (col >= 0 && col < cols) [chars[row][col], owners[row][col]] = [MARK.unicode, MARKED];
  }
  const values = series.flat().filter(Number.isFinite);
  const flat = values.every((v) => v === values[0]) ? values[0] : undefined;
  const ticks = axisTicks(lo, hi, rows, DOTS_PER_ROW, scale, flat);
  const lookOf = (owner: number): Look | undefined =>
    owner === MARKED ? theme.mark : owner >= 0 && spec.colored ? theme.series[owner % theme.series.length] : undefined;
  const lines = chars.map((cells, r) => {
    const tick = ticks.get(r);
    let line = paint(theme.axis, `${label(tick ?? '')} ${tick === undefined ? '│' : '┤'}`, style.color);
    // One colour code per run of cells of one owner, not per cell.
    for (let c = 0; c < cols;) {
      let end = c + 1;
      while (end < cols && owners[r][end] === owners[r][c]) end++;
      const look = lookOf(owners[r][c]);
      const run = cells.slice(c, end).join('');
      line += look ? paint(look, run, style.color) : run;
      c = end;
    }
    return line;
  });
  return { lines };
}
