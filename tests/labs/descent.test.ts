import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { closedForm, diverged, lossAndGrad, oneParamData } from '../../src/engine/maths/descent.js';
import { createRng } from '../../src/engine/random.js';
import { descentLab } from '../../src/labs/course/descent/lab.js';
import { collect, numericDerivative, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('gradient descent on one parameter', () => {
  const data = oneParamData(createRng(7), 25);

  it('autodiff gives the analytic gradient 2(w·mean x² − mean xy) and the loss L(w)', async () => {
    const exact = closedForm(data);
    for (const w of [-3, 0, 1.3, 2, 5]) {
      const { loss, grad } = await lossAndGrad(data, w);
      const n = data.x.length;
      const direct = data.x.reduce((s, x, i) => s + (w * x - data.y[i]) ** 2, 0) / n;
      expect(loss).toBeCloseTo(direct, 3);
      expect(grad).toBeCloseTo(exact.grad(w), 3);
      expect(grad).toBeCloseTo(numericDerivative(exact.loss, w), 3);
    }
  });

  it('η just above the critical rate: judged diverging by the trend, as the closed form w_t − w* = (1 − 2η·mean x²)^t (w₀ − w*) says', async () => {
    const events = await collect(descentLab, { params: { lr: 1.08, steps: 200 } });
    const { metrics } = only(events, 'result')[0];
    const meanX2 = 1 / metrics.criticalLr; // the lab's critical rate is 1 / mean x²
    const predicted = Math.abs(1 - 2 * 1.08 * meanX2) ** 200 * Math.abs(-3 - metrics.wStar);
    expect(1.08).toBeGreaterThan(metrics.criticalLr);
    expect(Math.abs(metrics.w - metrics.wStar) / predicted).toBeCloseTo(1, 2);
    expect(metrics.diverged).toBe(1);
    const warning = only(events, 'warning')
      .map((w) => w.message)
      .join(' ');
    expect(warning).toMatch(/diverging: the distance from w\* grew from 5\.11 to 84\.9 and L from 24\.4 to 6730 in 200 steps/);
    expect(warning).toMatch(/above the critical rate 1\.07/);
    expect(only(events, 'text').some((e) => e.text.includes('Still oscillating'))).toBe(false);
  });

  it('at exactly its critical rate, and a hair either side of it, names the three cases: oscillates at constant size, converges, diverges', async () => {
    const first = await collect(descentLab, { params: { steps: 30 } });
    const { criticalLr, wStar } = only(first, 'result')[0].metrics;
    // The closed form: w_t − w* = (1 − 2η·mean x²)^t (w₀ − w*), mean x² = 1 / criticalLr; at η = criticalLr the factor is −1.
    expect(Math.abs(1 - 2 * criticalLr * (1 / criticalLr))).toBe(1);
    for (const lr of [criticalLr, criticalLr * (1 - 1e-9), criticalLr * (1 + 1e-9)]) {
      const events = await collect(descentLab, { params: { lr, steps: 30 } });
      const { metrics } = only(events, 'result')[0];
      expect(metrics.diverged).toBe(0);
      expect(only(events, 'warning')).toEqual([]);
      const text = only(events, 'text').find((e) => e.text.startsWith('Oscillates at a constant size'));
      expect(text?.text).toContain('neither converges nor diverges');
      // The distance stays |w₀ − w*| (w₀ = −3) at every step, to float32's precision.
      expect(Math.abs(metrics.w - wStar)).toBeCloseTo(Math.abs(-3 - wStar), 2);
    }
    const below = await collect(descentLab, { params: { lr: criticalLr * 0.99, steps: 30 } });
    expect(only(below, 'result')[0].metrics.diverged).toBe(0);
    expect(only(below, 'text').some((e) => e.text.includes('Still oscillating around w*'))).toBe(true);
    const above = await collect(descentLab, { params: { lr: criticalLr * 1.01, steps: 30 } });
    expect(only(above, 'result')[0].metrics.diverged).toBe(1);
  });

  it('converges to the least-squares w* with a good learning rate', async () => {
    const events = await collect(descentLab, { params: { lr: 0.3, steps: 60 } });
    const { metrics } = only(events, 'result')[0];
    expect(metrics.diverged).toBe(0);
    expect(metrics.w).toBeCloseTo(metrics.wStar, 3);
    // one step event per update plus the start point, with w, grad and loss
    const steps = only(events, 'metric');
    expect(steps).toHaveLength(61);
    expect(Object.keys(steps[1].values)).toEqual(['w', 'grad', 'loss']);
    // each update is w ← w − η·grad
    expect(steps[1].values.w).toBeCloseTo(steps[0].values.w - 0.3 * steps[0].values.grad, 5);
  });

  it('detects divergence, says so in words, and ends the run cleanly', async () => {
    const events = await collect(descentLab, { params: { lr: 5, steps: 200 } });
    const { metrics } = only(events, 'result')[0];
    expect(metrics.diverged).toBe(1);
    expect(metrics.steps).toBeLessThan(200);
    expect(only(events, 'warning')[0].message).toMatch(/diverged at step \d+: .* too large/);
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it('diverged() catches huge, infinite and NaN values', () => {
    expect(diverged(1, 1)).toBe(false);
    expect(diverged(2e6, 1)).toBe(true);
    expect(diverged(1, Infinity)).toBe(true);
    expect(diverged(NaN, 1)).toBe(true);
  });

  it('--compare shows a crawling, a converging and a diverging learning rate', async () => {
    const events = await collect(descentLab, { params: { compare: true } });
    const table = only(events, 'table').find((t) => t.id === 'compare')!;
    expect(table.rows.map((r) => String(r[4]))).toEqual(['still far from w*', 'converged', expect.stringMatching(/^diverged at step/)]);
    const curves = new Set(
      only(events, 'point')
        .filter((p) => p.chart === 'compare')
        .map((p) => p.name),
    );
    expect(curves.size).toBe(3);
  });

  it('marks the current w on the L(w) curve at every step', async () => {
    const events = await collect(descentLab, { params: { steps: 3 } });
    const marks = only(events, 'series').map((s) => s.mark!);
    const ws = only(events, 'metric').map((m) => m.values.w);
    expect(marks.map((m) => m.x)).toEqual(ws);
  });

  it('--compare draws w per step for each η on its own scale: the small one crawls, the large one zigzags across w* by (1 − 2η·mean x²)', async () => {
    const events = await collect(descentLab, { params: { compare: true } });
    const points = (chart: string) => only(events, 'point').filter((p) => p.chart === chart);
    const { metrics } = only(events, 'result')[0];
    const { wStar } = only(await collect(descentLab, { params: {} }), 'result')[0].metrics;
    const small = points('compare-w-0').map((p) => p.y);
    expect(small).toHaveLength(21);
    small.slice(1).forEach((w, i) => expect(w).toBeGreaterThan(small[i])); // crawling up towards w* from w⁰ = −3
    expect(small.at(-1)!).toBeLessThan(wStar);
    const large = points('compare-w-2').map((p) => p.y - wStar);
    expect(large.length).toBeGreaterThan(3);
    const meanX2 = 1 / only(await collect(descentLab, { params: {} }), 'result')[0].metrics.criticalLr;
    const factor = 1 - 2 * metrics.lr2 * meanX2; // below −1: each step crosses w* and lands further away
    expect(factor).toBeLessThan(-1);
    large.slice(1).forEach((d, i) => expect(d / large[i]).toBeCloseTo(factor, 3));
  });
});
