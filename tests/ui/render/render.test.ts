import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/ui/format.js';
import { axisLabel, renderChart, renderChartWithin, resample } from '../../../src/ui/render/chart.js';
import { progressBar } from '../../../src/ui/render/progress.js';
import { renderMatrix, renderTable } from '../../../src/ui/render/table.js';
import { renderEpochLine, renderText } from '../../../src/ui/render/text.js';

const style = { width: 80, color: false, ascii: false };

describe('text rendering', () => {
  it('keeps table columns aligned with wide CJK characters', () => {
    const lines = renderTable(
      {
        kind: 'table',
        id: 't',
        title: '各類別正確率',
        columns: ['類別', 'n'],
        rows: [
          ['貓', 1],
          ['airplane', 22],
          ['飛機', 333],
        ],
      },
      style,
    );
    const bars = lines
      .slice(1)
      .filter((l) => l.includes('│'))
      .map((l) => stringWidth(l.slice(0, l.indexOf('│'))));
    expect(new Set(bars).size).toBe(1);
    expect(lines.at(-1)).toMatch(/^飛機 +│ 333$/);
  });

  it('shortens the widest column to fit the width, with an ellipsis', () => {
    const long = 'x'.repeat(200);
    const lines = renderTable({ kind: 'table', id: 't', title: 'T', columns: ['a', 'message'], rows: [['k', long]] }, style);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toMatch(/…$/);
  });

  it('formats numbers as a person reads them', () => {
    expect([formatNumber(0.891598), formatNumber(12), formatNumber(1e-5), formatNumber(2.5e12), formatNumber(NaN), formatNumber(-Infinity)]).toEqual([
      '0.8916',
      '12',
      '1.00e-5',
      '2.50e+12',
      'NaN',
      '-Inf',
    ]);
  });

  it('underlines a heading as wide as it is displayed', () => {
    const [title, rule] = renderText({ kind: 'text', style: 'heading', text: '損失函數' }, style);
    expect(stringWidth(rule)).toBe(stringWidth(title));
  });

  it('marks the diagonal of a confusion matrix and shades by row share', () => {
    const lines = renderMatrix(
      {
        kind: 'matrix',
        id: 'm',
        title: 'CM',
        labels: ['a', 'b'],
        counts: [
          [9, 1],
          [0, 10],
        ],
      },
      style,
    );
    expect(lines[2]).toMatch(/^a +\[9\]█ +1░$/);
    expect(lines[3]).toMatch(/^b +0 +\[10\]█$/);
  });

  it('draws progress bars in both character sets', () => {
    expect(progressBar(5, 10, 12, false)).toBe('[█████░░░░░]');
    expect(progressBar(10, 10, 6, true)).toBe('[####]');
  });
});

describe('charts', () => {
  it('resamples linearly between points and holds the ends', () => {
    expect(resample({ name: 'c', x: [0, 10], y: [0, 100] }, 3, 0, 10)).toEqual([0, 50, 100]);
    expect(resample({ name: 'c', x: [2, 4], y: [1, 3] }, 5, 0, 4)).toEqual([1, 1, 1, 2, 3]);
    expect(resample({ name: 'c', x: [0, 1, 2], y: [1, NaN, 3] }, 3, 0, 2)).toEqual([1, 2, 3]);
  });

  it("keeps a curve's lowest and highest values when fewer columns than samples fall between them (a parabola's vertex)", () => {
    // 81 samples of (w − 2.1)² + 0.05 over [−6, 10] onto 66 columns: the vertex (w = 2.1) falls between two columns.
    const x = Array.from({ length: 81 }, (_, i) => 2.1 - 8 + (16 * i) / 80);
    const y = x.map((w) => (w - 2.1) ** 2 + 0.05);
    const out = resample({ name: 'L', x, y }, 66, x[0], x[80]);
    expect(Math.min(...out)).toBeCloseTo(0.05, 12);
    expect(Math.max(...out)).toBeCloseTo(64.05, 12);
  });

  it('fills the width, labels the x range, and puts the mark on its column and row', () => {
    const chart = { id: 'c', title: 'L(w)', curves: [{ name: 'L', x: [0, 1, 2, 3, 4], y: [4, 1, 0, 1, 4] }], mark: { x: 2, y: 0 } };
    const lines = renderChart(chart, style, 8);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('L(w)');
    const marked = lines.find((l) => l.includes('●'))!;
    const plotStart = marked.indexOf('┤') >= 0 ? marked.indexOf('┤') : marked.indexOf('┼');
    const column = marked.indexOf('●') - plotStart - 1;
    expect(Math.abs(column - Math.round((80 - 12) / 2))).toBeLessThanOrEqual(1); // the middle column
    expect(lines.indexOf(marked)).toBe(lines.length - 3); // the lowest plot row (y = 0), above the x range and the legend
    expect(lines.at(-2)!.trim()).toMatch(/^0 +4$/);
  });

  it('in monochrome gives each curve a panel on one shared scale', () => {
    const chart = {
      id: 'c',
      title: 'T',
      curves: [
        { name: 'a', x: [0, 1], y: [0, 1] },
        { name: 'b', x: [0, 1], y: [0, 10] },
      ],
    };
    const lines = renderChart(chart, style, 8);
    const labels = lines.filter((l) => /^ +[\d.]+ [┤┼]/.test(l)).map((l) => Number(l.trim().split(' ')[0]));
    expect(Math.max(...labels)).toBe(10);
    expect(lines).toContain('  a:');
    expect(lines).toContain('  b:');
  });
});

describe('epoch lines', () => {
  const epoch = {
    kind: 'metric',
    scope: 'epoch',
    step: 10,
    total: 10,
    elapsedMs: 12_300,
    values: { loss: 0.21134, acc: 0.93911, val_loss: 0.23451, val_acc: 0.93333 },
  } as const;
  it('are Keras verbose=2 lines where they fit (and always in text mode)', () => {
    expect(renderEpochLine(epoch)).toBe('epoch 10/10 - 12.3s - loss: 0.2113 - acc: 0.9391 - val_loss: 0.2345 - val_acc: 0.9333');
  });
  it('keep one form through a run, whatever its values (lr 0.1 → 3 switched it)', () => {
    const at = (lr: number) =>
      renderEpochLine(
        { kind: 'metric', scope: 'epoch', step: 614, total: 3000, elapsedMs: 12, values: { loss: 0.25, acc: 0.96, test_loss: 0.3, test_acc: 0.95, lr } },
        99,
      );
    expect(at(0.1)).toMatch(/^epoch 614\/3000 {2}12ms {2}loss /);
    expect(at(3)).toMatch(/^epoch 614\/3000 {2}12ms {2}loss /);
  });
  it('take a compact form at 80 columns, so val_acc does not wrap', () => {
    const line = renderEpochLine(epoch, 79);
    expect(line).toBe('epoch 10/10  12.3s  loss 0.2113  acc 0.9391  val_loss 0.2345  val_acc 0.9333');
    expect(line.length).toBeLessThanOrEqual(79);
  });
});

describe('the x axis', () => {
  it('labels its ends with the decimals the range needs', () => {
    expect(axisLabel(0.02014, 2.98)).toBe('0.02');
    expect(axisLabel(3, 2.98)).toBe('3');
    expect(axisLabel(64, 960)).toBe('64');
    expect(axisLabel(0.5012, 0.03)).toBe('0.501');
  });

  it('a chart of one point says x = that point once', () => {
    const lines = renderChart(
      { id: 'c', title: 'Loss', curves: [{ name: 'train', x: [0.02014], y: [2.3] }] } as never,
      { width: 80, color: false, ascii: true },
      6,
    );
    const axis = lines.find((line) => line.includes('x = '));
    expect(axis?.trim()).toBe('x = 0.02014');
  });
});

describe('following the end of the text', () => {
  it('starts the view at a block, not in the middle of a chart', async () => {
    const { followTop } = await import('../../../src/ui/app/hooks/use-scroll.js');
    // Blocks start at lines 0, 12 and 30; 40 lines in a 20-row view: the plain bottom is line 20.
    expect(followTop(20, [0, 12, 30], 40)).toBe(30);
    // No block starts in the last 20 lines (a block taller than the view): its end shows.
    expect(followTop(20, [0, 12], 40)).toBe(20);
    expect(followTop(0, [0, 5], 10)).toBe(0);
  });
});

describe('epoch lines with five metrics', () => {
  it('fit 80 columns in the tightest form', () => {
    const epoch = {
      kind: 'metric',
      scope: 'epoch',
      step: 199,
      total: 300,
      elapsedMs: 8,
      values: { loss: 0.09861, acc: 0.964, test_loss: 0.11434, test_acc: 0.952, lr: 0.1 },
    } as const;
    const line = renderEpochLine(epoch, 79);
    expect(line).toBe('epoch 199/300 8ms loss 0.09861 acc 0.964 test_loss 0.1143 test_acc 0.952 lr 0.1');
    expect(line.length).toBeLessThanOrEqual(79);
  });
});

describe('a chart within so many lines', () => {
  const fourCurves = { id: 'c', title: 'compare', curves: ['a', 'b', 'c', 'd'].map((name, i) => ({ name, x: [0, 1, 2], y: [i, i + 1, i + 3] })) };
  const mono = { width: 80, color: false, ascii: false };
  it('is drawn at the height asked where it fits, lower where not, and not at all where even the lowest does not', () => {
    expect(renderChartWithin(fourCurves, { ...mono, color: true }, 8, 21)).toEqual(renderChart(fourCurves, { ...mono, color: true }, 8));
    const panels = renderChartWithin(fourCurves, mono, 8, 21); // one panel per curve in monochrome
    expect(renderChart(fourCurves, mono, 8).length).toBeGreaterThan(21);
    expect(panels.length).toBeLessThanOrEqual(21);
    for (const name of ['a', 'b', 'c', 'd']) expect(panels).toContain(`  ${name}:`);
    expect(renderChartWithin(fourCurves, mono, 8, 6)).toEqual([]);
  });
});
