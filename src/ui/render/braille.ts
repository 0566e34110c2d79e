// Line plots in braille: each character cell holds 2×4 dots (U+2800 plus one
// bit per dot), so a curve gets twice the columns and four times the rows of
// one glyph per cell. Pure: numbers in, cells out; chart.ts adds axes and colour.

/** The bit of the dot at (dx, dy) in a cell: dots 1–3 and 7 down the left, 4–6 and 8 down the right. */
const DOT_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

export const DOTS_PER_ROW = 4;
export const DOTS_PER_COL = 2;

export interface BrailleCells {
  /** rows × cols characters: a braille pattern, or a space for an empty cell. */
  chars: string[][];
  /** The series that owns each cell's colour (the first one drawn there), or -1. */
  owners: number[][];
}

/** The dot row (0 at the top) of a value in [lo, hi], on a plot `dots` dots tall. */
export function dotRow(value: number, lo: number, hi: number, dots: number): number {
  const clamped = Math.min(hi, Math.max(lo, value));
  return Math.round(((hi - clamped) / (hi - lo || 1)) * (dots - 1));
}

/**
 * Series of cols·2 samples each (one per dot column, in plot space; NaN for
 * none), drawn as lines: each sample is a dot, and a jump between neighbours is filled in,
 * each dot in the column of the sample it is nearer. Where curves cross, a
 * cell holds the dots of both and the colour of the earlier series.
 */
export function plotBraille(series: readonly (readonly number[])[], cols: number, rows: number, lo: number, hi: number): BrailleCells {
  const dots = rows * DOTS_PER_ROW;
  const bits = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  const owners = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
  const set = (x: number, y: number, owner: number) => {
    const [row, col] = [Math.floor(y / DOTS_PER_ROW), Math.floor(x / DOTS_PER_COL)];
    if (row < 0 || row >= rows || col < 0 || col >= cols) return;
    bits[row][col] |= DOT_BITS[y % DOTS_PER_ROW][x % DOTS_PER_COL];
    owners[row][col] = owner;
  };
  // The last drawn owns a cell's colour: draw backwards so the first series (train, the main curve) is on top.
  for (let s = series.length - 1; s >= 0; s--) {
    let previous: number | undefined;
    series[s].slice(0, cols * DOTS_PER_COL).forEach((value, x) => {
      // NaN: no data there (a gap), and nothing to join across it.
      if (!Number.isFinite(value)) return (previous = undefined);
      const y = dotRow(value, lo, hi, dots);
      set(x, y, s);
      if (previous !== undefined) {
        const [a, b] = [previous, y];
        for (let r = Math.min(a, b) + 1; r < Math.max(a, b); r++) set(Math.abs(r - a) <= Math.abs(r - b) ? x - 1 : x, r, s);
      }
      previous = y;
    });
  }
  const chars = bits.map((line) => line.map((b) => (b === 0 ? ' ' : String.fromCodePoint(0x2800 + b))));
  return { chars, owners };
}
