import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { bce, crossEntropy, mae, mse, softmax } from '../../src/engine/losses.js';
import { lossesLab } from '../../src/labs/losses.js';
import { ParamError } from '../../src/labs/params.js';
import { runLab } from '../../src/labs/run.js';
import { collect, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('loss functions against their closed forms', () => {
  it('MSE and MAE', async () => {
    const m = await mse([1, 2, 4], [1.5, 2, 3]);
    expect(m.terms.map((x) => Number(x.toFixed(6)))).toEqual([0.25, 0, 1]);
    expect(m.value).toBeCloseTo((0.25 + 0 + 1) / 3, 6);
    const a = await mae([1, 2, 4], [1.5, 2, 3]);
    expect(a.value).toBeCloseTo((0.5 + 0 + 1) / 3, 6);
  });

  it('BCE, including the clamp at a prediction of exactly 0', async () => {
    const b = await bce([0.9, 0.2], [1, 0]);
    expect(b.value).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 5);
    const clamped = await bce([0], [1]);
    expect(clamped.value).toBeCloseTo(100, 3); // PyTorch's BCELoss clamps ln at −100
  });

  it("the course's worked example: CE of (0.27, 0.32, 0.41) against class 2 is −ln 0.41 ≈ 0.89", async () => {
    const ce = await crossEntropy([0.27, 0.32, 0.41], [0, 0, 1]);
    expect(ce.value).toBeCloseTo(-Math.log(0.41), 5);
    expect(ce.value).toBeCloseTo(0.89, 2);
    const confident = await crossEntropy([0.05, 0.05, 0.9], [0, 0, 1]);
    expect(confident.value).toBeCloseTo(-Math.log(0.9), 5);
    expect(confident.value).toBeLessThan(ce.value / 5);
  });

  it('softmax', async () => {
    const p = await softmax([1, 2, 3]);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    p.forEach((pi, i) => expect(pi).toBeCloseTo(Math.exp(i + 1) / z, 6));
  });
});

describe('lab 2 losses', () => {
  it('reproduces the worked example by default with metrics keyed mse, mae, bce, ce', async () => {
    const events = await collect(lossesLab);
    const { metrics } = only(events, 'result')[0];
    expect(Object.keys(metrics).sort()).toEqual(['bce', 'ce', 'mae', 'mse']);
    expect(metrics.ce).toBeCloseTo(-Math.log(0.41), 5);
    expect(metrics.mse).toBeCloseTo((0.27 ** 2 + 0.32 ** 2 + 0.59 ** 2) / 3, 5);
    const compare = only(events, 'table').find((t) => t.id === 'ce-compare')!;
    expect(compare.rows[1][2]).toBeCloseTo(-Math.log(0.9), 5);
    expect(only(events, 'series').length).toBeGreaterThan(0);
  });

  it('applies softmax to --logits and then cross entropy', async () => {
    const events = await collect(lossesLab, { params: { logits: [2, 1, 0.1], target: '0', loss: 'ce' } });
    const z = Math.exp(2) + Math.exp(1) + Math.exp(0.1);
    expect(only(events, 'result')[0].metrics.ce).toBeCloseTo(-Math.log(Math.exp(2) / z), 5);
    expect(only(events, 'table').some((t) => t.id === 'softmax')).toBe(true);
  });

  it('takes a one-hot target as well as a class index', async () => {
    const events = await collect(lossesLab, { params: { target: '0,0,1', loss: 'ce' } });
    expect(only(events, 'result')[0].metrics).toEqual({ ce: expect.closeTo(-Math.log(0.41), 5) });
  });

  it('skips BCE and CE with a warning when "all" meets values that are not probabilities', async () => {
    const events = await collect(lossesLab, { params: { pred: [1.5, 2], target: '1,3' } });
    expect(Object.keys(only(events, 'result')[0].metrics).sort()).toEqual(['mae', 'mse']);
    expect(only(events, 'warning').map((w) => w.message).join(' ')).toMatch(/BCE skipped: --pred value 1.5 .* not a probability/);
  });

  it.each([
    [{ pred: [0.2, 0.8], target: '0,1,0' }, /--target has 3 values but there are 2 predictions/],
    [{ target: '3' }, /--target 3 is not a class index: with 3 predictions the classes are 0–2/],
    [{ target: 'cat' }, /--target value "cat" is not a number/],
    [{ pred: [0.5, 1.2, 0.3], loss: 'bce' }, /--pred value 1.2 \(number 2\) is not a probability: BCE needs every prediction in \[0, 1\]/],
    [{ pred: [0.2, 0.8], target: '0.5,0.5', loss: 'ce' }, /CE needs the answer as a class index/],
  ])('rejects bad input %j before any event, naming the value and why', (params, message) => {
    expect(() => runLab(lossesLab, { params })).toThrow(ParamError);
    expect(() => runLab(lossesLab, { params })).toThrow(message);
  });
});
