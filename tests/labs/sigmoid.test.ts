import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/labs/kit/events.js';
import { ParamError } from '../../src/labs/kit/params.js';
import { streamLab } from '../../src/labs/kit/run.js';
import { getLab } from '../../src/labs/registry.js';

/** From the registry: a lab's number is its place in the course. */
const sigmoidLab = getLab('sigmoid');
import { collect, only } from '../helpers.js';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe('lab 1 sigmoid', () => {
  it('wraps its events in one start and one end, and every event survives a JSON round trip', async () => {
    const events = await collect(sigmoidLab);
    expect(events[0]).toMatchObject({ kind: 'start', schema: SCHEMA_VERSION, lab: 'sigmoid', number: 1, backend: 'cpu', seed: 42 });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    expect(only(events, 'start')).toHaveLength(1);
    expect(only(events, 'end')).toHaveLength(1);
    for (const event of events) expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  it('tabulates the perceptron with the given parameters', async () => {
    const events = await collect(sigmoidLab, { params: { w1: 2, w2: 0.5, b: -1 } });
    const table = only(events, 'table').find((t) => t.id === 'perceptron')!;
    expect(table.rows).toHaveLength(9);
    for (const [x1, x2, a, y] of table.rows as number[][]) {
      expect(a).toBeCloseTo(2 * x1 + 0.5 * x2 - 1, 5);
      expect(y).toBeCloseTo(sig(2 * x1 + 0.5 * x2 - 1), 5);
    }
  });

  it('plots f and f′ of each activation over the chosen range, and carries the values in the result', async () => {
    const events = await collect(sigmoidLab, { params: { fn: 'tanh', xmin: -2, xmax: 2, points: 5 } });
    const series = only(events, 'series');
    expect(series.map((s) => [s.chart, s.name])).toEqual([
      ['tanh', 'f(x)'],
      ['tanh-derivative', "f'(x)"],
    ]);
    expect(series[0].x).toEqual([-2, -1, 0, 1, 2]);
    series[0].y.forEach((y, i) => expect(y).toBeCloseTo(Math.tanh(series[0].x[i]), 5));
    const result = only(events, 'result')[0];
    const tanh = (result.values!.activations as Record<string, { x: number[]; dy: number[] }>).tanh;
    tanh.x.forEach((x, i) => expect(tanh.dy[i]).toBeCloseTo(1 - Math.tanh(x) ** 2, 5));
    expect(result.metrics.sigmoidOfBias).toBeCloseTo(sig(0.5), 6);
  });

  it('rejects an empty range before any event', () => {
    expect(() => streamLab(sigmoidLab, { params: { xmin: 3, xmax: 1 } })).toThrow(ParamError);
    expect(() => streamLab(sigmoidLab, { params: { xmin: 3, xmax: 1 } })).toThrow(/--xmin must be less than --xmax/);
  });

  it('speaks Traditional Chinese with English terms when asked', async () => {
    const events = await collect(sigmoidLab, { lang: 'zh-TW' });
    expect(only(events, 'start')[0].title).toContain('感知器');
    expect(only(events, 'text').some((t) => t.text.includes('啟動函數'))).toBe(true);
  });

  it('at the kink x = 0 the derivative is the left-hand one, as torch: ReLU 0, Leaky ReLU its slope, ELU α (here 0.5)', async () => {
    const events = await collect(sigmoidLab, { params: { alpha: 0.5 } });
    const table = only(events, 'table').find((t) => t.id === 'activation-derivatives')!;
    const atZero = table.rows.find((row) => row[0] === 0)!;
    const column = (name: string) => atZero[table.columns.indexOf(`${name}'`)];
    expect(column('relu')).toBe(0);
    expect(column('leaky-relu')).toBeCloseTo(0.1, 6);
    expect(column('elu')).toBeCloseTo(0.5, 6); // torch: elu_backward gives α·e⁰ at x ≤ 0
    // Either side of the kink, the closed forms: α·eˣ on the left, 1 on the right.
    const left = table.rows.find((row) => row[0] === -1)!;
    expect(left[table.columns.indexOf("elu'")]).toBeCloseTo(0.5 * Math.exp(-1), 5);
    expect(table.rows.find((row) => row[0] === 0.5)![table.columns.indexOf("elu'")]).toBe(1);
    expect(only(events, 'text').some((e) => e.text.includes('ELU′(0) = α = 0.5'))).toBe(true);
  });
});
