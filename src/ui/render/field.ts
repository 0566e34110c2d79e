// A field (a function of the plane) as a heat map in text: with colour, each
// character cell is a half block '▀' whose two colours are two pixels
// (Playground's orange for class 0 through white to blue for class 1); without
// colour one shade per cell. Data points go on top. Pure: strings out.
import type { FieldEvent } from '../../labs/kit/events.js';
import type { DrawStyle } from './style.js';
import { DEFAULT_THEME } from './theme.js';

export const SHADES = { unicode: [' ', '░', '▒', '▓', '█'], ascii: [' ', '.', ':', '+', '#'] };
const GLYPHS = {
  color: { train: '●', test: '○' },
  mono: { positive: { train: 'X', test: 'x' }, negative: { train: 'O', test: 'o' } },
};
const RESET = '\x1b[0m';

export interface Grid {
  cols: number;
  rows: number;
  values: readonly number[];
  range: readonly [number, number];
}

/** The grid's value at (u, v) in [0, 1]² (u left to right, v top to bottom), bilinear between cell centres, scaled to [0, 1] by its range. */
export function sampleGrid(grid: Grid, u: number, v: number): number {
  const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, x));
  const gx = clamp(u * grid.cols - 0.5, grid.cols - 1);
  const gy = clamp(v * grid.rows - 0.5, grid.rows - 1);
  const [c0, r0] = [Math.floor(gx), Math.floor(gy)];
  const [c1, r1] = [Math.min(c0 + 1, grid.cols - 1), Math.min(r0 + 1, grid.rows - 1)];
  const [fx, fy] = [gx - c0, gy - r0];
  const at = (r: number, c: number) => grid.values[r * grid.cols + c];
  const top = at(r0, c0) * (1 - fx) + at(r0, c1) * fx;
  const bottom = at(r1, c0) * (1 - fx) + at(r1, c1) * fx;
  const value = top * (1 - fy) + bottom * fy;
  const [lo, hi] = grid.range;
  const scaled = (value - lo) / (hi - lo || 1);
  return Number.isFinite(scaled) ? Math.max(0, Math.min(1, scaled)) : 0.5;
}

const pick = <T>(levels: readonly T[], s: number): T => levels[Math.min(levels.length - 1, Math.floor(s * levels.length))];

/** A point to draw in a cell: its side of the scale and whether it is a test point. */
export interface Mark {
  positive: boolean;
  test: boolean;
}

/**
 * The data points by cell (row · cols + col); a training point wins a cell over a
 * test point. A small map shows every k-th point, so that points cover at most a
 * quarter of its cells and the map stays visible between them.
 */
export function pointMarks(field: FieldEvent, cols: number, rows: number): Map<number, Mark> {
  const marks = new Map<number, Mark>();
  const every = Math.max(1, Math.ceil(field.points.x.length / ((cols * rows) / 4)));
  const [x0, x1] = field.x;
  const [y0, y1] = field.y;
  const [lo, hi] = field.range;
  field.points.x.forEach((px, i) => {
    if (i % every !== 0) return;
    const col = Math.floor(((px - x0) / (x1 - x0)) * cols);
    const row = Math.floor(((y1 - field.points.y[i]) / (y1 - y0)) * rows);
    if (col < 0 || col >= cols || row < 0 || row >= rows) return;
    const key = row * cols + col;
    const mark = { positive: (field.points.label[i] - lo) / (hi - lo) >= 0.5, test: field.points.test[i] };
    if (!marks.get(key) || marks.get(key)!.test) marks.set(key, mark);
  });
  return marks;
}

/** Colour escapes for a cell, written only when they change along the line. */
function colorWriter() {
  let last = '';
  return (fg: number | undefined, bg: number, text: string) => {
    const code = `${fg === undefined ? '' : `\x1b[38;5;${fg}m`}\x1b[48;5;${bg}m`;
    const out = code === last ? text : RESET + code + text;
    last = code;
    return out;
  };
}

/** A grid drawn in cols × rows character cells, with optional marks on top. */
export function paintGrid(grid: Grid, cols: number, rows: number, style: DrawStyle, marks = new Map<number, Mark>()): string[] {
  const halfBlocks = style.color && !style.ascii;
  // The theme's data colours: class 0 (orange) through the boundary (near white) to class 1 (blue), and
  // points in darker tones of their class's colour, so they stand out on their own side.
  const { ramp, points } = (style.theme ?? DEFAULT_THEME).data;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const write = colorWriter();
    let line = '';
    for (let c = 0; c < cols; c++) {
      const u = (c + 0.5) / cols;
      const mark = marks.get(r * cols + c);
      if (!style.color) {
        const glyphs = GLYPHS.mono[mark?.positive ? 'positive' : 'negative'];
        line += mark ? glyphs[mark.test ? 'test' : 'train'] : pick(style.ascii ? SHADES.ascii : SHADES.unicode, sampleGrid(grid, u, (r + 0.5) / rows));
        continue;
      }
      const top = pick(ramp, sampleGrid(grid, u, halfBlocks ? (r + 0.25) / rows : (r + 0.5) / rows));
      const bottom = halfBlocks ? pick(ramp, sampleGrid(grid, u, (r + 0.75) / rows)) : top;
      if (mark) {
        const glyph = style.ascii
          ? GLYPHS.mono[mark.positive ? 'positive' : 'negative'][mark.test ? 'test' : 'train']
          : GLYPHS.color[mark.test ? 'test' : 'train'];
        line += write(points[mark.positive ? 'positive' : 'negative'], bottom, glyph);
      } else line += halfBlocks ? write(top, bottom, '▀') : write(undefined, top, ' ');
    }
    lines.push(style.color ? line + RESET : line);
  }
  return lines;
}

/** The field's map with its points, cols × rows cells. */
export function renderFieldMap(field: FieldEvent, cols: number, rows: number, style: DrawStyle): string[] {
  return paintGrid(field, cols, rows, style, pointMarks(field, cols, rows));
}

/** One line saying what the glyphs and shades mean. */
export function fieldLegend(field: FieldEvent, style: DrawStyle): string {
  const [lo, hi] = field.range.map((v) => String(v));
  // Which mark is which class: X class 1 (a value above 0 for regression), O the other; lower case the test points.
  const marks = field.range[0] < 0 ? 'X>0 O<0' : 'X=1 O=0';
  // The test points' glyphs only where the map shows them (t hides them).
  const tests = field.points.test.some(Boolean);
  if (!style.color) {
    const shades = (style.ascii ? SHADES.ascii : SHADES.unicode).join('');
    return `${marks} train${tests ? '  x o test' : ''}  ${lo} '${shades}' ${hi}`;
  }
  const swatches = (style.theme ?? DEFAULT_THEME).data.ramp.map((c) => `\x1b[48;5;${c}m \x1b[49m`).join('');
  // In colour a point takes its class's colour, the ends of the scale beside it.
  const glyphs = style.ascii ? `${marks} train${tests ? '  x o test' : ''}` : `● train${tests ? '  ○ test' : ''}`;
  return `${glyphs}  ${lo} ${swatches}${RESET} ${hi}`;
}

/** The map for a block of text: the whole width, square (a cell is about twice as tall as wide), then the legend. */
export function renderFieldBlock(field: FieldEvent, style: DrawStyle): string[] {
  const cols = Math.max(8, style.width);
  const rows = Math.max(4, Math.round(cols / 2));
  return [field.title, ...renderFieldMap(field, cols, rows, style), fieldLegend(field, style)];
}

/** What the map shows of its field: the test points or not, the output as it is or as its two classes. */
export interface FieldView {
  hideTest: boolean;
  discrete: boolean;
}

/** The field as the view asks (Playground's "show test data" and "discretize output"): the field's data untouched. */
export function fieldAsShown(field: FieldEvent, view: FieldView): FieldEvent {
  if (!view.hideTest && !view.discrete) return field;
  const [lo, hi] = field.range;
  const middle = (lo + hi) / 2;
  const keep = field.points.test.map((test) => !(view.hideTest && test));
  const kept = <T>(list: T[]) => list.filter((_, i) => keep[i]);
  return {
    ...field,
    values: view.discrete ? field.values.map((v) => (v >= middle ? hi : lo)) : field.values,
    points: { x: kept(field.points.x), y: kept(field.points.y), label: kept(field.points.label), test: kept(field.points.test) },
  };
}
