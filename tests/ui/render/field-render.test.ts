// The map, the network view and lab 9's panel as text: sizes, glyphs, colour
// or not, Unicode or ASCII.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { FieldEvent } from '../../../src/labs/kit/events.js';
import { fieldLegend, pointMarks, renderFieldBlock, renderFieldMap, sampleGrid } from '../../../src/ui/render/field.js';
import { renderFieldPanel } from '../../../src/ui/render/field-panel.js';
import { renderNetwork, weightGlyph } from '../../../src/ui/render/network-view.js';
import { reduceAll } from '../../../src/ui/state.js';
import { fieldEvent } from '../../helpers.js';

const ESC = '\x1b';
const strip = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, '');

/** A 2×2 field: class 1 on the right half; a training point of class 1 top right, a test point of class 0 bottom left. */
function field(): FieldEvent {
  return fieldEvent({
    step: 3,
    rows: 2,
    values: [0, 1, 0, 1],
    points: { x: [3, -3], y: [3, -3], label: [1, 0], test: [false, true] },
    network: {
      inputs: ['x₁', 'x₂'],
      layers: [2, 1],
      weights: [
        [1, -1, 0.05, 2],
        [-2, 0.5],
      ],
      thumb: 2,
      neurons: [
        [
          [-1, 1, -1, 1],
          [1, 1, -1, -1],
        ],
        [
          [0, 1, 0, 1],
          [1, 0, 1, 0],
        ],
        [[0.2, 0.8, 0.2, 0.8]],
      ],
    },
  });
}

describe('the field map', () => {
  it('samples bilinearly between cell centres and scales by the range', () => {
    const grid = { cols: 2, rows: 1, values: [0, 1], range: [0, 1] as const };
    expect(sampleGrid(grid, 0.25, 0.5)).toBe(0); // a cell centre
    expect(sampleGrid(grid, 0.5, 0.5)).toBe(0.5); // half way
    expect(sampleGrid(grid, 1, 0.5)).toBe(1); // held at the edge
    expect(sampleGrid({ ...grid, range: [-1, 1] }, 0.25, 0.5)).toBe(0.5);
  });

  it('puts each point in its cell: the training point (class 1) top right, the test point (class 0) bottom left', () => {
    const marks = pointMarks(field(), 4, 2);
    expect([...marks.entries()]).toEqual([
      [3, { positive: true, test: false }],
      [5, { positive: false, test: true }],
    ]);
  });

  it('without colour: one shade per cell, X for a class-1 training point and o for a class-0 test point, no escape codes', () => {
    const lines = renderFieldMap(field(), 8, 4, { width: 80, color: false, ascii: true });
    // Class 0 (blank) on the left, class 1 (#) on the right, shading across the boundary in the middle.
    expect(lines.map((l) => l[0] + l.slice(-1))).toEqual(Array(4).fill(' #'));
    expect(lines[1][6]).toBe('X');
    expect(lines[3][2]).toBe('o');
    expect(lines.join('')).not.toContain(ESC);
    const unicode = renderFieldMap(field(), 8, 4, { width: 80, color: false, ascii: false });
    expect(unicode[0]).toMatch(/^ +[░▒▓]*█+$/);
  });

  it('with colour and Unicode: half blocks with 256-colour foreground and background, every line as wide as asked', () => {
    const lines = renderFieldMap(field(), 10, 5, { width: 80, color: true, ascii: false });
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(stringWidth(line)).toBe(10);
    expect(lines.join('')).toContain('▀');
    expect(lines[0]).toContain(`${ESC}[48;5;33m`); // the class-1 blue
    expect(lines[0]).toContain(`${ESC}[48;5;208m`); // the class-0 orange
    expect(strip(lines.join(''))).toContain('●');
    expect(strip(lines.join(''))).toContain('○');
    // --ascii with colour: coloured spaces, letters for the points, nothing outside ASCII
    const ascii = renderFieldMap(field(), 10, 5, { width: 80, color: true, ascii: true });
    expect(strip(ascii.join(''))).toMatch(/^[ -~]+$/);
  });

  it('a text block fills the width, square, with the legend', () => {
    const lines = renderFieldBlock(field(), { width: 40, color: false, ascii: true });
    expect(lines[0]).toBe('map');
    expect(lines).toHaveLength(1 + 20 + 1);
    for (const line of lines.slice(1, -1)) expect(line).toHaveLength(40);
    expect(lines.at(-1)).toBe(fieldLegend(field(), { width: 40, color: false, ascii: true }));
    expect(lines.at(-1)).toBe("X=1 O=0 train  x o test  0 ' .:+#' 1");
    // A regression map: X above 0, O below.
    expect(fieldLegend({ ...field(), range: [-1, 1] }, { width: 40, color: false, ascii: true })).toBe("X>0 O<0 train  x o test  -1 ' .:+#' 1");
  });

  it('a small map draws every k-th point so that points cover at most a quarter of it', () => {
    const many = {
      ...field(),
      points: { x: Array(100).fill(3), y: Array.from({ length: 100 }, (_, i) => -6 + 0.12 * i), label: Array(100).fill(1), test: Array(100).fill(false) },
    };
    expect(pointMarks(many, 4, 4).size).toBeLessThanOrEqual(4);
  });
});

describe('the network view', () => {
  it('weights by sign and size: + and # for positive, - and = for negative, . for small', () => {
    const mono = { width: 80, color: false, ascii: true };
    expect([2, 0.9, 0.1, -0.9, -2].map((w) => weightGlyph(w, 2, mono)).join('')).toBe('#+.-=');
    const bars = [0.1, 2, -2].map((w) => weightGlyph(w, 2, { ...mono, color: true, ascii: false }));
    expect(strip(bars[0])).toBe('▁');
    expect(strip(bars[1])).toBe('█');
    expect(bars[1]).toContain('38;5;33m'); // positive: blue
    expect(bars[2]).toContain('38;5;208m'); // negative: orange
  });

  it('one column per layer, each neuron a map with its incoming weights, within the space given', () => {
    const lines = renderNetwork(field().network!, 40, 10, { width: 40, color: false, ascii: true });
    expect(lines[0]).toMatch(/^in +h1 +out$/);
    expect(lines.length).toBeLessThanOrEqual(10);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    // h1's neurons get 1 and 0.05, then −1 and 2 (from x₁, x₂); the output −2 and 0.5: scaled by the largest, 2.
    const text = lines.join('\n');
    expect(text).toMatch(/x1 .*\+\. .*=\+/);
    expect(text).toMatch(/x2 .*-# /);
    const tight = renderNetwork(field().network!, 12, 2, { width: 12, color: false, ascii: true });
    expect(tight.length).toBeLessThanOrEqual(2);
  });

  it('counts the neurons it leaves out: a layer of 6 with room for 3 lines of neurons shows 2 and says "+4 more"', () => {
    const thumb = (v: number) => [v, v, v, v];
    const network = {
      inputs: ['x₁', 'x₂'],
      layers: [6, 1],
      weights: [Array(12).fill(0.5), Array(6).fill(0.5)],
      thumb: 2,
      neurons: [[thumb(0), thumb(1)], Array.from({ length: 6 }, (_, i) => thumb(i / 6)), [thumb(0.5)]],
    };
    const lines = renderNetwork(network, 80, 4, { width: 80, color: false, ascii: true });
    // A title line, then one line per neuron: the last line is the notice, in place of the third neuron.
    expect(lines).toHaveLength(4);
    expect(lines[3].trim()).toBe('+4 more neurons');
    const neuronLines = lines.slice(1, 3).filter((line) => line.trim() !== '');
    expect(neuronLines).toHaveLength(2);
  });
});

describe("lab 9's panel", () => {
  const state = reduceAll([
    { kind: 'metric', scope: 'epoch', step: 3, total: 10, values: { loss: 0.5, acc: 0.75, test_loss: 0.6, test_acc: 0.7, lr: 0.1 } },
    ...[1, 2, 3].flatMap((x) => [
      { kind: 'point', chart: 'loss', title: 'Loss', name: 'train', x, y: 1 / x } as const,
      { kind: 'point', chart: 'loss', title: 'Loss', name: 'test', x, y: 1.1 / x } as const,
    ]),
    field(),
  ]);
  it.each([
    [80, 13, true, false],
    [80, 13, false, true],
    [200, 39, true, false],
  ])('at %i×%i (colour %s, ascii %s) the map, the epoch, the losses and the network fit', (width, height, color, ascii) => {
    const lines = renderFieldPanel(state, state.fields.output, width, height, { width, color, ascii });
    expect(lines.length).toBe(height);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    const text = lines.map(strip).join('\n');
    const dot = ascii ? '-' : '·';
    expect(text).toContain(`epoch 3/10 ${dot} loss 0.5 / 0.6 (train/test)`);
    expect(text).toContain(ascii ? 'acc 75.0% / 70.0% - eta 0.1' : 'acc 75.0% / 70.0% · η 0.1');
    expect(text).toMatch(/in +h1 +out/);
    if (!color) expect(text).not.toContain(ESC);
    if (ascii) expect(text).toMatch(/^[ -~\n]+$/);
  });

  it('in Traditional Chinese, with the English terms the course keeps', () => {
    const text = renderFieldPanel(state, state.fields.output, 80, 13, { width: 80, color: false, ascii: false }, 'zh-TW').join('\n');
    expect(text).toContain('第 3/10 回合 · 損失 0.5 / 0.6（訓練/測試）');
    expect(text).toContain('正確率 75.0% / 70.0% · η 0.1');
    expect(text).not.toMatch(/\b(epoch|loss|acc)\b/);
  });
});
