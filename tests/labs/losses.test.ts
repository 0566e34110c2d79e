import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { bce, crossEntropy, crossEntropyFromLogits, mae, mse, softmax } from '../../src/engine/maths/losses.js';
import { withBackend } from '../../src/engine/backend.js';
import { lossesLab } from '../../src/labs/course/losses/lab.js';
import { ParamError } from '../../src/labs/kit/params.js';
import { streamLab } from '../../src/labs/kit/run.js';
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

  it.each([
    [[0, -88], 1, 88 + Math.log1p(Math.exp(-88))],
    [[100, -100], 1, 200 + Math.log1p(Math.exp(-200))],
    [[1000, 0, -1000], 2, 2000 + Math.log1p(Math.exp(-1000))],
    [[2, 1, 0.1], 0, -2 + Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1))],
  ])('CE from logits %j, class %i, is logsumexp(z) − z_y as nn.CrossEntropyLoss computes it, on cpu and wasm', async (logits, target, expected) => {
    const oneHot = logits.map((_, i) => (i === target ? 1 : 0));
    for (const backend of ['cpu', 'wasm'] as const) {
      const ce = await withBackend(backend, () => crossEntropyFromLogits(logits, oneHot));
      expect(ce.value / expected).toBeCloseTo(1, 5);
    }
  });

  it('CE from probabilities follows nll_loss(log p): p = 0 on the true class is ∞, other classes add 0', async () => {
    const ce = await crossEntropy([0, 1], [1, 0]);
    expect(ce.value).toBe(Infinity);
    expect(ce.terms).toEqual([Infinity, 0]);
    const zeroElsewhere = await crossEntropy([0, 0.5, 0.5], [0, 0, 1]);
    expect(zeroElsewhere.value).toBeCloseTo(Math.log(2), 6);
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
    // One chart per loss curve, so each keeps its own scale: MSE = (1 − p)² stays within [0, 1].
    const series = only(events, 'series');
    expect(series.map((c) => c.chart)).toEqual(['loss-vs-p-mse', 'loss-vs-p-mae', 'loss-vs-p-bce']);
    expect(Math.max(...series[0].y)).toBeCloseTo((1 - 0.01) ** 2, 5);
  });

  it('BCE, the loss of yes/no answers, gets a binary example of its own beside the 3-class one', async () => {
    const events = await collect(lossesLab);
    const { metrics } = only(events, 'result')[0];
    // tumour diagnosis: y = (0.8, 0.3, 0.9) against ŷ = (1, 0, 1)
    expect(metrics.bce).toBeCloseTo(-(Math.log(0.8) + Math.log(1 - 0.3) + Math.log(0.9)) / 3, 5);
    const table = only(events, 'table').find((t) => t.id === 'loss-bce')!;
    expect(table.rows.slice(0, 3).map((r) => [r[1], r[2]])).toEqual([
      [0.8, 1],
      [0.3, 0],
      [0.9, 1],
    ]);
    expect(only(events, 'text').some((e) => /BCE is the loss of binary classification.*tumour diagnosis/.test(e.text))).toBe(true);
  });

  // torch.nn.BCEWithLogitsLoss()(torch.tensor(z), torch.tensor(t)), PyTorch 1.13: a sigmoid on each score.
  it.each([
    [[2, -3, 0], [1, 0, 1], 0.289554],
    [[0.5], [1], 0.474077],
    [[100, -100, 3], [0, 1, 1], 66.6829],
  ])('BCE from --logits %j, target %j, is nn.BCEWithLogitsLoss (%f)', async (logits, target, torchValue) => {
    // Its formula, written out: mean of max(z, 0) − z·t + ln(1 + e^(−|z|)).
    const formula = logits.reduce((s, z, i) => s + Math.max(z, 0) - z * target[i] + Math.log1p(Math.exp(-Math.abs(z))), 0) / logits.length;
    const events = await collect(lossesLab, { params: { logits, target: target.join(','), loss: 'bce' } });
    const { metrics, values } = only(events, 'result')[0];
    expect(metrics.bce).toBeCloseTo(formula, 5);
    expect(metrics.bce).toBeCloseTo(torchValue, 4);
    expect(values!.predictions).toEqual(logits.map((z) => expect.closeTo(1 / (1 + Math.exp(-z)), 6)));
    expect(only(events, 'table').find((t) => t.id === 'sigmoid')).toBeDefined();
    expect(only(events, 'table').find((t) => t.id === 'softmax')).toBeUndefined();
    expect(only(events, 'table').find((t) => t.id === 'loss-bce')!.title).toContain('nn.BCEWithLogitsLoss');
  });

  it('CE of one score with --target 0 is class 0 of 1: nn.CrossEntropyLoss gives 0', async () => {
    const events = await collect(lossesLab, { params: { logits: [3], target: '0', loss: 'ce' } });
    expect(only(events, 'warning')).toEqual([]);
    expect(only(events, 'result')[0].metrics.ce).toBe(0);
  });

  // nn.CrossEntropyLoss with class probabilities (PyTorch ≥ 1.10): −Σ ŷ·log_softmax(z); NLL on ln p alike.
  it('CE takes class probabilities as the answer, from probabilities and from scores', async () => {
    const target = [0.2, 0.3, 0.5];
    const fromProbs = await collect(lossesLab, { params: { pred: [0.1, 0.2, 0.7], target: target.join(','), loss: 'ce' } });
    expect(only(fromProbs, 'result')[0].metrics.ce).toBeCloseTo(-(0.2 * Math.log(0.1) + 0.3 * Math.log(0.2) + 0.5 * Math.log(0.7)), 5);
    const z = [1, 2, 3];
    const lse = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
    const fromScores = await collect(lossesLab, { params: { logits: z, target: target.join(','), loss: 'ce' } });
    expect(only(fromScores, 'result')[0].metrics.ce).toBeCloseTo(-target.reduce((a, t, i) => a + t * (z[i] - lse), 0), 5);
    const refused = await collect(lossesLab, { params: { pred: [0.1, 0.2, 0.7], target: '0.2,1.3,0.5', loss: 'all' } });
    expect(only(refused, 'warning').map((w) => w.message)).toContain(
      'CE skipped: CE needs the answer as a class index (--target 2), one-hot (--target 0,0,1) or class probabilities in [0, 1] (--target 0.2,0.3,0.5)',
    );
  });

  it('a BCE term that float32 clamps (p = 0.99999999 is 1 in float32, so ln(1 − p) = ln 0) is marked clamped', async () => {
    expect(Math.fround(0.99999999)).toBe(1);
    const events = await collect(lossesLab, { params: { pred: [0.99999999], target: '0', loss: 'bce' } });
    const table = only(events, 'table').find((t) => t.id === 'loss-bce')!;
    expect(table.rows[0]).toEqual([0, 0.99999999, 0, 100, 'ln clamped at −100']);
  });

  it('the formulas and their notes are in Chinese in zh-TW', async () => {
    const events = await collect(lossesLab, { params: {}, lang: 'zh-TW' });
    const formulas = only(events, 'text')
      .filter((e) => e.style === 'formula')
      .map((e) => e.text)
      .join('\n');
    expect(formulas).toContain('（ln 截在 −100，和 nn.BCELoss 一樣）');
    expect(formulas).toContain('（這裡 N = 批次大小 = 1）');
    expect(formulas).not.toMatch(/clamped|as nn\.BCELoss does|batch size/);
  });

  it('applies softmax to --logits and then cross entropy', async () => {
    const events = await collect(lossesLab, { params: { logits: [2, 1, 0.1], target: '0', loss: 'ce' } });
    const z = Math.exp(2) + Math.exp(1) + Math.exp(0.1);
    expect(only(events, 'result')[0].metrics.ce).toBeCloseTo(-Math.log(Math.exp(2) / z), 5);
    expect(only(events, 'table').some((t) => t.id === 'softmax')).toBe(true);
  });

  it('CE of 0 and 1 against the answers 1, 0: ∞ shown, no ce metric, a warning; BCE marks its clamped terms', async () => {
    const events = await collect(lossesLab, { params: { pred: [0, 1], target: '1,0' } });
    const { metrics } = only(events, 'result')[0];
    expect(metrics.ce).toBeUndefined();
    expect(metrics.bce).toBeCloseTo(100, 3); // −max(ln 0, −100), as nn.BCELoss
    expect(
      only(events, 'warning')
        .map((w) => w.message)
        .join(' '),
    ).toMatch(/CE = ∞: the true class has probability 0/);
    expect(
      only(events, 'table')
        .find((t) => t.id === 'loss-ce')!
        .rows.at(-1)![3],
    ).toBe('∞');
    const bceTable = only(events, 'table').find((t) => t.id === 'loss-bce')!;
    expect(bceTable.columns.at(-1)).toBe('note');
    expect(bceTable.rows.slice(0, 2).map((r) => r[4])).toEqual(['ln clamped at −100', 'ln clamped at −100']);
    expect(only(events, 'text').some((e) => e.text.includes('(ln clamped at −100, as nn.BCELoss does)'))).toBe(true);
  });

  it('takes a one-hot target as well as a class index', async () => {
    const events = await collect(lossesLab, { params: { target: '0,0,1', loss: 'ce' } });
    expect(only(events, 'result')[0].metrics).toEqual({ ce: expect.closeTo(-Math.log(0.41), 5) });
  });

  it('skips BCE and CE with a warning when "all" meets values that are not probabilities', async () => {
    const events = await collect(lossesLab, { params: { pred: [1.5, 2], target: '1,3' } });
    expect(Object.keys(only(events, 'result')[0].metrics).sort()).toEqual(['mae', 'mse']);
    expect(
      only(events, 'warning')
        .map((w) => w.message)
        .join(' '),
    ).toMatch(/BCE skipped: --pred value 1.5 .* not a probability/);
  });

  it.each([
    [{ pred: [0.2, 0.8], target: '0,1,0' }, /--target has 3 values but there are 2 predictions/],
    [{ target: '3' }, /--target 3 is not a class index: with 3 predictions the classes are 0–2/],
    [{ target: 'cat' }, /--target value "cat" is not a number/],
    [{ pred: [0.5, 1.2, 0.3], loss: 'bce' }, /--pred value 1.2 \(number 2\) is not a probability: BCE needs every prediction in \[0, 1\]/],
    // class probabilities (0.5,0.5) are an answer CE takes, as nn.CrossEntropyLoss ≥ 1.10; 1.5 is none
    [{ pred: [0.2, 0.8], target: '-0.5,1.5', loss: 'ce' }, /CE needs the answer as a class index/],
  ])('rejects bad input %j before any event, naming the value and why', (params, message) => {
    expect(() => streamLab(lossesLab, { params })).toThrow(ParamError);
    expect(() => streamLab(lossesLab, { params })).toThrow(message);
  });
});
