// Braille line charts: dots where hand computation puts them, y labels that
// say the truth (ends, one point, a flat series, a log axis with values ≤ 0),
// and chart rows that grow with the window.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { plotBraille } from '../../../src/ui/render/braille.js';
import { renderChart } from '../../../src/ui/render/chart.js';
import { axisTicks, yScale } from '../../../src/ui/render/chart-scale.js';
import { pinnedChartHeight, pinnedChartRows, textChartRows } from '../../../src/ui/app/lab-layout.js';
import type { ChartState } from '../../../src/ui/state.js';

const braille = { width: 40, color: false, ascii: false, braille: true };
const chartOf = (y: number[], x = y.map((_, i) => i)): ChartState => ({ id: 'c', title: 'T', curves: [{ name: 'c', x, y }] });
/** The plot rows of a one-curve chart: after the title, before the x axis and the legend. */
const plotRows = (lines: string[]) => lines.slice(1, -2);
/** Each labelled row's label, by row. */
const labels = (lines: string[]) => new Map(plotRows(lines).flatMap((line, row) => (line.includes('┤') ? [[row, line.slice(0, 9).trim()] as const] : [])));

describe('braille dots', () => {
  it('a tiny series lands on the dots computed by hand', () => {
    // y 0, 3, 1, 2 on one row of 4 dots over [0, 3]: dot rows 3, 0, 2, 1 in dot columns 0–3.
    // The jump 3 → 0 fills rows 2 (nearer the left sample) and 1 (nearer the right one).
    // Cell 0: (0,3) 0x40, (1,0) 0x08, (0,2) 0x04, (1,1) 0x10 = 0x5C; cell 1: (0,2) 0x04, (1,1) 0x10 = 0x14.
    const { chars } = plotBraille([[0, 3, 1, 2]], 2, 1, 0, 3);
    expect(chars).toEqual([[String.fromCodePoint(0x285c), String.fromCodePoint(0x2814)]]);
    expect(chars[0].join('')).toBe('⡜⠔');
  });

  it('a steep rise across two rows: the lower half of the jump in the left column, the upper in the right', () => {
    // 0 → 7 over 8 dot rows: dot rows 7 then 0; rows 4–6 go left, 1–3 right.
    const { chars } = plotBraille([[0, 7]], 1, 2, 0, 7);
    expect(chars).toEqual([['⢸'], ['⡇']]);
  });

  it('a gap (NaN) draws nothing and joins nothing across it; where curves meet, the first one owns the colour', () => {
    const { chars } = plotBraille([[0, NaN, 3, 3]], 2, 1, 0, 3);
    expect(chars[0].join('')).toBe('⡀⠉'); // dot (0,3); then dots (0,0) and (1,0): no line from the first
    const { owners } = plotBraille(
      [
        [1, 1],
        [1, 0],
      ],
      1,
      1,
      0,
      1,
    );
    expect(owners).toEqual([[0]]);
  });

  it('empty cells are spaces, not blank braille patterns', () => {
    expect(
      plotBraille([[0, 0]], 3, 2, 0, 1)
        .chars.flat()
        .filter((c) => c !== ' '),
    ).toHaveLength(1);
  });
});

describe('braille charts: labels and layout', () => {
  it('fits the width, with the data ends labelled on the top and bottom rows', () => {
    const lines = renderChart(chartOf([3, 8, 1, 10, 4]), braille, 7);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    expect(lines[0]).toBe('T');
    const rows = plotRows(lines);
    expect(rows).toHaveLength(8); // height + 1, as the line charts
    const shown = labels(lines);
    expect(shown.get(0)).toBe('10');
    expect(shown.get(7)).toBe('1');
    expect(rows.join('')).toMatch(/[\u2801-\u28ff]/);
  });

  it('every label between the ends is a round value drawn in its own row', () => {
    for (const [lo, hi, rows] of [
      [0, 10, 8],
      [-0.8088, 1.454, 9],
      [0.05, 2.4, 6],
      [1200, 1375, 12],
    ] as const) {
      const scale = yScale([lo, hi], false);
      const dots = rows * 4;
      for (const [row, text] of axisTicks(lo, hi, rows, 4, scale)) {
        const v = Number(text);
        // The row spans the values of its four dot rows (a dot row covers half a step either side).
        const top = hi - ((4 * row - 0.5) / (dots - 1)) * (hi - lo);
        const bottom = hi - ((4 * row + 3.5) / (dots - 1)) * (hi - lo);
        expect(v, `${text} on row ${row} of [${lo}, ${hi}]`).toBeGreaterThanOrEqual(bottom - 1e-3 * Math.abs(hi));
        expect(v, `${text} on row ${row} of [${lo}, ${hi}]`).toBeLessThanOrEqual(top + 1e-3 * Math.abs(hi));
      }
    }
  });

  it('one point: the value labels the row its line is on, and the x axis says x = once', () => {
    const lines = renderChart(chartOf([2.3], [0.02014]), braille, 5);
    const rows = plotRows(lines);
    const drawn = rows.findIndex((line) => /[\u2801-\u28ff]/.test(line));
    expect(labels(lines).get(drawn)).toBe('2.3');
    expect(lines.at(-2)!.trim()).toBe('x = 0.02014');
  });

  it('a flat series sits mid-plot, labelled with its value; the ends one unit either side', () => {
    const lines = renderChart(chartOf([5, 5, 5, 5]), braille, 5);
    const rows = plotRows(lines);
    const drawn = rows.findIndex((line) => /[\u2801-\u28ff]/.test(line));
    expect(drawn).toBe(3);
    expect([...labels(lines)].sort()).toEqual([
      [0, '6'],
      [3, '5'],
      [5, '4'],
    ]);
  });

  it('log scale: decades evenly spaced, labels are the values themselves, the legend says so', () => {
    const lines = renderChart(chartOf([1, 10, 100, 1000]), { ...braille, logY: true }, 5);
    const shown = labels(lines);
    expect(shown.get(0)).toBe('1000');
    expect(shown.get(5)).toBe('1');
    expect([...shown.values()]).toContain('10');
    expect(lines.at(-1)).toContain('log y');
    // A power law is a straight line: each third of the columns climbs a third of the rows.
    const rowOfCol = (col: number) => plotRows(lines).findIndex((line) => /[\u2801-\u28ff]/.test(line.slice(11 + col, 12 + col)));
    expect(rowOfCol(0)).toBe(5);
    expect(rowOfCol(27)).toBe(0);
    expect(rowOfCol(14)).toBeGreaterThanOrEqual(2);
    expect(rowOfCol(14)).toBeLessThanOrEqual(3);
  });

  it('log scale with values ≤ 0: they are left out and counted; with none > 0 the axis stays linear and says why', () => {
    const some = renderChart(chartOf([0, -1, 10, 100]), { ...braille, logY: true }, 5);
    expect(some.at(-1)).toContain('log y: 2 values ≤ 0 left out');
    expect(labels(some).get(0)).toBe('100');
    expect(labels(some).get(5)).toBe('10');
    // Nothing is drawn where the curve had only values ≤ 0 (the first columns).
    expect(
      plotRows(some)
        .map((line) => line.slice(11, 14).trim())
        .join(''),
    ).toBe('');
    const none = renderChart(chartOf([0, -1, -2]), { ...braille, logY: true }, 5);
    expect(none.at(-1)).toContain('log y: no value > 0, linear');
    expect(labels(none).get(0)).toBe('0');
    expect(labels(none).get(5)).toBe('-2');
  });

  it('the mark goes in the cell of its x and y; a mark at y ≤ 0 on a log axis is not drawn', () => {
    const chart = { ...chartOf([4, 1, 0, 1, 4]), mark: { x: 2, y: 0 } };
    const rows = plotRows(renderChart(chart, braille, 5));
    expect(rows.at(-1)!.indexOf('●') - 11).toBe(Math.floor(Math.round(0.5 * 55) / 2)); // the middle of 28 cells
    expect(renderChart(chart, { ...braille, logY: true }, 5).join('\n')).not.toContain('●');
  });

  it('--ascii keeps the one-glyph-per-row chart, whose labels follow a log axis too', () => {
    const lines = renderChart(chartOf([1, 10, 100]), { ...braille, ascii: true, logY: true }, 4);
    expect(lines.join('\n')).not.toMatch(/[\u2800-\u28ff]/);
    expect(lines[1].trim().startsWith('100 ')).toBe(true);
    expect(lines[5].trim().startsWith('1 ')).toBe(true);
  });

  it('with colour, each curve is painted in its theme colour and the legend matches', () => {
    const chart: ChartState = {
      id: 'c',
      title: 'T',
      curves: [
        { name: 'a', x: [0, 1], y: [0, 1] },
        { name: 'b', x: [0, 1], y: [1, 0] },
      ],
    };
    const lines = renderChart(chart, { ...braille, color: true }, 4);
    expect(lines.join('\n')).toContain('\x1b[36m'); // the dark theme's first curve: cyan
    expect(lines.at(-1)).toContain('\x1b[33m──\x1b[39m b'); // its second: yellow
  });
});

describe('chart rows grow with the window', () => {
  it('at 80×24 as before; taller windows give the pinned chart half of each extra row', () => {
    expect(pinnedChartRows(20)).toBe(8); // 80×24: 24 − header, heading and footer
    expect(pinnedChartRows(12)).toBe(8);
    expect(pinnedChartRows(26)).toBe(11); // 100×30, a projector
    expect(pinnedChartRows(46)).toBe(21); // 200×50
    expect(textChartRows(46, 24)).toBe(19);
    expect(textChartRows(20, 9)).toBe(4);
    // Drawn at: as many rows at 80×24 as before; at 60×16 smaller, so that the text keeps its 3 rows.
    expect(pinnedChartHeight(20)).toBe(5);
    expect(pinnedChartHeight(12)).toBe(3);
  });
});
