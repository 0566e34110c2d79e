// A playground network drawn compactly: one column per layer, each neuron as a
// small map of its own output over the plane (Playground's thumbnails), and
// before it one glyph per incoming weight: its sign by colour (or + and −) and
// its size by height (or by a heavier glyph). Pure: strings out.
import type { FieldNetwork } from '../../labs/kit/events.js';
import { displayWidth, padEnd } from '../format.js';
import { paintGrid, type Grid } from './field.js';
import type { DrawStyle } from './style.js';
import { DEFAULT_THEME } from './theme.js';
import { asciiText } from './ascii.js';

const BARS = '▁▂▃▄▅▆▇█';

/** One glyph for a weight w, scaled by the largest |w| in the network. */
export function weightGlyph(w: number, largest: number, style: DrawStyle): string {
  const s = largest > 0 ? Math.min(1, Math.abs(w) / largest) : 0;
  const weights = (style.theme ?? DEFAULT_THEME).data.weights;
  const colored = (glyph: string) => `\x1b[38;5;${w >= 0 ? weights.positive : weights.negative}m${glyph}\x1b[39m`;
  if (style.color && !style.ascii) return colored(BARS[Math.min(BARS.length - 1, Math.floor(s * BARS.length))]);
  const glyph = s < 0.2 ? '.' : w >= 0 ? (s >= 0.6 ? '#' : '+') : s >= 0.6 ? '=' : '-';
  return style.color ? colored(glyph) : glyph;
}

/** A neuron's values as a grid scaled symmetrically by its own largest |value| (its sign shows), or by a given range. */
function neuronGrid(values: number[], thumb: number, range?: readonly [number, number]): Grid {
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  return { cols: thumb, rows: thumb, values, range: range ?? [-largest, largest] };
}

interface Column {
  title: string;
  width: number;
  /** Lines of each neuron, `rows` per neuron. */
  neurons: string[][];
}

/**
 * The network in at most width × height cells. Thumbnails are 2h × h cells
 * (h = 3, 2 or 1: the largest that fits); without room for the weight glyphs,
 * only the thumbnails; neurons that do not fit are counted on the last line.
 */
export function renderNetwork(
  net: FieldNetwork,
  width: number,
  height: number,
  style: DrawStyle,
  outputRange?: readonly [number, number],
  lang?: string,
): string[] {
  const tallest = Math.max(net.inputs.length, ...net.layers);
  const largest = net.weights.flat().reduce((m, w) => Math.max(m, Math.abs(w)), 0);
  // x₁² as x1^2 where only ASCII may be drawn (events from a run arrive so already).
  const inputs = style.ascii ? net.inputs.map(asciiText) : net.inputs;
  const labelWidth = Math.max(...inputs.map(displayWidth));
  const build = (rows: number, withWeights: boolean): Column[] =>
    [net.inputs.length, ...net.layers].map((count, l) => {
      const thumbs = net.neurons[l].map((values) =>
        paintGrid(neuronGrid(values, net.thumb, l === net.layers.length ? outputRange : undefined), 2 * rows, rows, style),
      );
      const inCount = l === 0 ? 0 : l === 1 ? net.inputs.length : net.layers[l - 2];
      const prefixWidth = l === 0 ? labelWidth + 1 : withWeights ? inCount + 1 : 0;
      const neurons = thumbs.slice(0, count).map((lines, j) => {
        const prefix =
          l === 0
            ? padEnd(inputs[j], labelWidth) + ' '
            : withWeights
              ? Array.from({ length: inCount }, (_, i) => weightGlyph(net.weights[l - 1][i * count + j], largest, style)).join('') + ' '
              : '';
        return lines.map((line, r) => (r === 0 ? prefix : ' '.repeat(prefixWidth)) + line);
      });
      const title = l === 0 ? 'in' : l === net.layers.length ? 'out' : `h${l}`;
      return { title, width: Math.max(prefixWidth + 2 * rows, title.length), neurons };
    });
  const fits = (columns: Column[]) => columns.reduce((sum, c) => sum + c.width, 0) + 2 * (columns.length - 1) <= width;
  let columns: Column[] | undefined;
  let rows = 1;
  for (const [h, withWeights] of [
    [3, true],
    [2, true],
    [1, true],
    [1, false],
  ] as const) {
    const candidate = build(h, withWeights);
    if (fits(candidate) && (1 + tallest * h <= height || h === 1)) {
      [columns, rows] = [candidate, h];
      break;
    }
  }
  columns ??= build(1, false);
  const shown = Math.max(1, Math.min(tallest, Math.floor((height - 1) / rows)));
  const lines = [
    columns
      .map((c) => padEnd(c.title, c.width))
      .join('  ')
      .trimEnd(),
  ];
  for (let r = 0; r < shown * rows; r++) {
    const neuron = Math.floor(r / rows);
    const cells = columns.map((c) => (neuron < c.neurons.length ? c.neurons[neuron][r % rows] : '') ?? '');
    lines.push(
      cells
        .map((cell, i) => padEnd(cell, columns![i].width))
        .join('  ')
        .trimEnd(),
    );
  }
  // The notice takes the last shown neuron's line: that neuron is one of those not shown.
  const more = tallest - shown + 1;
  if (shown < tallest) lines[lines.length - 1] = padEnd(lang === 'zh-TW' ? `另有 ${more} 個神經元` : `+${more} more neurons`, width);
  return lines.slice(0, Math.max(1, height));
}
