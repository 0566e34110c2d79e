// Pictures to keep: each chart, confusion matrix and decision map of a run as an SVG
// file, drawn by Vega-Lite and Vega (no browser, no canvas).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldSpec, lineChartSpec, matrixSpec, runPlots } from '../../../src/ui/plots/specs.js';
import { renderSvg, writePlots } from '../../../src/ui/plots/write-plots.js';
import { reduceAll } from '../../../src/ui/state.js';
import { getLab } from '../../../src/labs/registry.js';
import { collect, fieldEvent } from '../../helpers.js';

describe('plots as SVG', () => {
  it('a line chart: every curve as a line, its title, the marked point; non-finite values left out', async () => {
    const spec = lineChartSpec({
      id: 'loss',
      title: 'Loss per step',
      curves: [
        { name: 'train', x: [1, 2, 3], y: [1, 0.5, 0.25] },
        { name: 'test', x: [1, 2, 3], y: [1.2, Infinity, 0.3] },
      ],
      mark: { x: 2, y: 0.5 },
    });
    expect((spec.data as { values: unknown[] }).values).toHaveLength(5);
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('Loss per step');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2); // train and test
    expect(svg).toMatch(/aria-label="x: 2; y: 0\.5"[^>]*aria-roledescription="point"/); // the mark
    expect(svg).toContain('train');
    expect(svg).toContain('test');
  });

  it('a confusion matrix: one cell per (true, predicted) pair with its count', async () => {
    const svg = await renderSvg(
      matrixSpec({
        kind: 'matrix',
        id: 'cm',
        title: 'Confusion',
        labels: ['a', 'b', 'c'],
        counts: [
          [5, 1, 0],
          [2, 7, 1],
          [0, 0, 9],
        ],
      }),
    );
    expect(svg).toContain('Confusion');
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(9);
    expect(svg).toContain('aria-label="predicted: b; true: b; count: 7"');
    expect(svg.match(/aria-roledescription="text mark"[^>]*>\d+<\/text>/g)!.map((t) => /(\d+)<\/text>$/.exec(t)![1])).toEqual([
      '5',
      '1',
      '0',
      '2',
      '7',
      '1',
      '0',
      '0',
      '9',
    ]);
  });

  it('a decision map: cols × rows cells and every data point', async () => {
    const spec = fieldSpec(
      fieldEvent({
        title: 'Decision boundary',
        cols: 4,
        rows: 3,
        values: [0, 0.2, 0.8, 1, 0.1, 0.5, 0.9, 1, 0, 0.4, 0.6, 1],
        points: { x: [-3, 3], y: [1, -1], label: [0, 1], test: [false, true] },
      }),
    );
    const svg = await renderSvg(spec);
    expect(svg).toContain('Decision boundary');
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(12);
    expect(svg).toContain('aria-label="x: −3; y: 1; label: 0; test: train"');
    expect(svg).toContain('aria-label="x: 3; y: −1; label: 1; test: test"');
  });

  it("a lab run's pictures, written as <lab>-<id>.svg: lab 3's two charts", async () => {
    const state = reduceAll(await collect(getLab('descent'), { params: { steps: 4 } }));
    expect(runPlots(state).map((p) => p.id)).toEqual(['curve', 'loss']);
    const folder = join(mkdtempSync(join(tmpdir(), 'nnlab-plots-')), 'new');
    const written = await writePlots(state, folder);
    expect(readdirSync(folder).sort()).toEqual(['descent-curve.svg', 'descent-loss.svg']);
    expect(written).toHaveLength(2);
    for (const path of written) expect(readFileSync(path, 'utf8')).toMatch(/^<svg [^]*<\/svg>$/);
    expect(await writePlots(reduceAll([]), folder)).toEqual([]); // nothing to draw: nothing written
  });
});
