import { describe, expect, it } from 'vitest';
import { compareChart, compareChartId, RunHistory, runNames, runsToCompare, type PastRun } from '../../src/ui/app/compare-runs.js';
import type { ChartState } from '../../src/ui/state.js';

const loss = (...y: number[]): ChartState => ({ id: 'loss', title: 'Loss', curves: [{ name: 'loss', x: y.map((_, i) => i), y }] });
const run = (number: number, params: Record<string, unknown>, charts: Record<string, ChartState> = { loss: loss(1, 0.5) }): PastRun => ({
  number,
  params,
  charts,
  liveChart: Object.keys(charts)[0],
});

describe('compare runs', () => {
  it('names each run by the parameters that differ, in their order', () => {
    const runs = [
      run(1, { optimizer: 'sgd', lr: 0.1, epochs: 5 }),
      run(2, { optimizer: 'adam', lr: 0.1, epochs: 5 }),
      run(3, { optimizer: 'adam', lr: 0.5, epochs: 5 }),
    ];
    expect(runNames(runs)).toEqual(['optimizer=sgd lr=0.1', 'optimizer=adam lr=0.1', 'optimizer=adam lr=0.5']);
    expect(runNames(runs.slice(0, 2))).toEqual(['optimizer=sgd', 'optimizer=adam']);
  });

  it('an empty value reads "", a long one is shortened, so that every run stays on the legend line', () => {
    expect(runNames([run(1, { model: '' }), run(2, { model: 'Flatten, Linear(784,10)' })])).toEqual(['model=""', 'model=Flatten, Linear…']);
  });

  it('runs with the same parameters are named by their number; lists and floats read as on the command line', () => {
    expect(runNames([run(4, { lr: 0.1 }), run(7, { lr: 0.1 })])).toEqual(['run 4', 'run 7']);
    expect(runNames([run(1, { hidden: [16, 8], lr: 0.1 + 0.2 }), run(2, { hidden: [32], lr: 0.3 })])).toEqual(['hidden=16,8', 'hidden=32']);
  });

  it('keeps the last 3 finished runs of each lab, numbered across the session', () => {
    const history = new RunHistory();
    for (const lr of [0.1, 0.2, 0.3, 0.4]) history.record('mlp', { params: { lr }, charts: { loss: loss(lr) } });
    expect(history.record('descent', { params: {}, charts: {} })).toBe(5);
    expect(history.runs('mlp').map((r) => [r.number, r.params.lr])).toEqual([
      [2, 0.2],
      [3, 0.3],
      [4, 0.4],
    ]);
    expect(history.runs('descent')).toHaveLength(1);
    expect(history.runs('other')).toEqual([]);
    expect(history.nextNumber).toBe(6);
  });

  it('a run in progress is the newest of the 3 compared', () => {
    const finished = [run(1, { lr: 1 }), run(2, { lr: 2 }), run(3, { lr: 3 })];
    expect(runsToCompare(finished, undefined).map((r) => r.number)).toEqual([1, 2, 3]);
    expect(runsToCompare(finished, run(4, { lr: 4 })).map((r) => r.number)).toEqual([2, 3, 4]);
    expect(runsToCompare([], run(1, {})).map((r) => r.number)).toEqual([1]);
  });

  it('overlays the same chart id of each run, one curve a run, the newest title with the suffix', () => {
    const runs = [run(1, { optimizer: 'sgd' }, { loss: loss(1, 0.8) }), run(2, { optimizer: 'adam' }, { loss: { ...loss(1, 0.2), title: 'Loss (adam)' } })];
    const chart = compareChart(runs, 'loss', ' · compare runs')!;
    expect(chart.id).toBe('loss');
    expect(chart.title).toBe('Loss (adam) · compare runs');
    expect(chart.curves.map((c) => [c.name, c.y])).toEqual([
      ['optimizer=sgd', [1, 0.8]],
      ['optimizer=adam', [1, 0.2]],
    ]);
    expect(chart.mark).toBeUndefined();
  });

  it('a chart of several curves: each named by run and curve; runs without the chart are left out (and out of the names)', () => {
    const twoCurves: ChartState = {
      id: 'acc',
      title: 'Accuracy',
      curves: [
        { name: 'train', x: [1], y: [0.5] },
        { name: 'val', x: [1], y: [0.4] },
      ],
    };
    const runs = [run(1, { lr: 0.1, epochs: 3 }, { acc: twoCurves }), run(2, { lr: 0.5, epochs: 9 }, {}), run(3, { lr: 0.5, epochs: 3 }, { acc: twoCurves })];
    expect(compareChart(runs, 'acc')!.curves.map((c) => c.name)).toEqual(['lr=0.1 · train', 'lr=0.1 · val', 'lr=0.5 · train', 'lr=0.5 · val']);
    expect(compareChart(runs, 'nothing')).toBeUndefined();
  });

  it('compares the chart in view, else the newest run’s kept chart', () => {
    const runs = [run(1, {}, { a: loss(1) }), run(2, {}, { b: loss(2) })];
    expect(compareChartId(runs, 'a')).toBe('a');
    expect(compareChartId(runs)).toBe('b');
    expect(compareChartId([run(1, {}, {})])).toBeUndefined();
  });
});
