// Lab 9 run headless with fixed seeds: each of the claims reproduced by
// the lab itself, its field events, live changes and its refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import type { LabEvent } from '../../src/labs/kit/events.js';
import { LiveParams } from '../../src/labs/kit/live.js';
import { ParamError, resolveParams } from '../../src/labs/kit/params.js';
import { playgroundLab } from '../../src/labs/course/playground/lab.js';
import { divergedWarning } from '../../src/labs/course/playground/text.js';
import { streamLab } from '../../src/labs/kit/run.js';
import { collect, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const run = (params: Record<string, unknown>, lang: 'en' | 'zh-TW' = 'en') => collect(playgroundLab, { params: { 'field-every': 0, ...params }, lang });
const result = (events: LabEvent[]) => only(events, 'result')[0].metrics;
const texts = (events: LabEvent[]) => only(events, 'text').map((e) => e.text);

describe('lab 9 playground: what it must teach (default epoch budget, seed 42)', () => {
  it('XOR with no hidden layer stays at or below 80 % test accuracy, and the lab says it plateaued: one line', async () => {
    const events = await run({ dataset: 'xor', hidden: [] });
    expect(result(events).testAcc).toBeLessThanOrEqual(0.8);
    expect(result(events).plateau).toBe(1);
    expect(texts(events).some((t) => t.includes('A perceptron draws one straight line') && t.includes('75 %'))).toBe(true);
  });

  it('XOR with one hidden layer of 4 tanh units passes 95 % test accuracy', async () => {
    const events = await run({ dataset: 'xor', hidden: [4], activation: 'tanh' });
    expect(result(events).testAcc).toBeGreaterThanOrEqual(0.95);
    expect(result(events).oscillated).toBe(0);
  });

  it('circle with x₁², x₂² and no hidden layer passes 95 %: features instead of depth', async () => {
    const events = await run({ dataset: 'circle', features: 'x1sq,x2sq', hidden: [] });
    expect(result(events).testAcc).toBeGreaterThanOrEqual(0.95);
    expect(texts(events).some((t) => t.includes('Feature engineering instead of depth'))).toBe(true);
  });

  it('spiral with sin features and two hidden layers of 8 passes 90 % within the default epochs', async () => {
    const events = await run({ dataset: 'spiral', features: 'x1,x2,sinx1,sinx2', hidden: [8, 8], lr: 0.03 });
    expect(result(events).epochs).toBe(playgroundLab.params.find((p) => p.name === 'epochs')!.default);
    expect(result(events).testAcc).toBeGreaterThanOrEqual(0.9);
  });

  it('too large a learning rate makes the loss jump up and down, and the lab says so', async () => {
    const events = await run({ dataset: 'xor', lr: 3, epochs: 100 });
    expect(result(events).oscillated).toBe(1);
    expect(texts(events).some((t) => t.includes('η = 3 is too large'))).toBe(true);
  });

  it('linear regression on the plane diverges above the critical rate 1 / mean x² = 1/12 and converges below it', async () => {
    // Points uniform in [−6, 6]²: mean x₁² = mean x₂² = 12, so MSE's Hessian is about 2·12·I and η* ≈ 1/12 ≈ 0.083.
    const above = await run({ dataset: 'plane', hidden: [], lr: 0.1, epochs: 100 });
    expect(result(above).diverged).toBe(1);
    expect(only(above, 'warning')[0].message).toMatch(/^diverged at epoch \d+: .* η = 0.1 is too large/);
    const below = await run({ dataset: 'plane', hidden: [], lr: 0.06, epochs: 100 });
    expect(result(below).diverged).toBe(0);
  });

  it('no hidden layer on plane and multigauss is linear regression (MSE, no σ, no boundary), in both languages; on classification data logistic regression', async () => {
    for (const dataset of ['plane', 'multigauss']) {
      for (const lang of ['en', 'zh-TW'] as const) {
        const said = texts(await run({ dataset, hidden: [], epochs: 1 }, lang)).join(' ');
        expect(said).toContain(lang === 'en' ? 'this is linear regression' : '線性回歸 (linear regression)');
        expect(said).not.toMatch(/logistic regression|邏輯回歸|σ = 0\.5/);
      }
    }
    expect(texts(await run({ dataset: 'circle', hidden: [], epochs: 1 })).join(' ')).toContain('this is logistic regression');
  });

  it('a divergence says why from the loss it saw: past the limit while still a number, or no longer a number', () => {
    expect(divergedWarning(8, 3, 1044).en).toMatch(/^diverged at epoch 8: the loss reached 1040, past 1000\./);
    expect(divergedWarning(8, 3, 1044)['zh-TW']).toContain('損失達到 1040，超過 1000');
    expect(divergedWarning(2, 3, Infinity).en).toMatch(/^diverged at epoch 2: the loss is no longer a finite number\./);
    expect(divergedWarning(2, 3, NaN).en).toContain('no longer a finite number');
  });
});

describe('lab 9 events', () => {
  it('field events at epoch 0, every field-every epochs and the last, each a full grid with every point and neuron', async () => {
    const events = await collect(playgroundLab, {
      params: { hidden: [3, 2], features: 'x1,x2,x1x2', epochs: 25, 'field-every': 10, resolution: 12, points: 200, 'train-ratio': 0.6 },
    });
    const fields = only(events, 'field');
    expect(fields.map((f) => f.step)).toEqual([0, 10, 20, 25]);
    const f = fields.at(-1)!;
    expect(f.values).toHaveLength(12 * 12);
    expect([f.cols, f.rows]).toEqual([12, 12]);
    for (const v of f.values) expect(v >= 0 && v <= 1).toBe(true); // probabilities of class 1
    expect(f.points.x).toHaveLength(200);
    expect(f.points.test.filter(Boolean)).toHaveLength(80);
    expect(f.network!.layers).toEqual([3, 2, 1]);
    expect(f.network!.inputs).toEqual(['x₁', 'x₂', 'x₁x₂']);
    expect(f.network!.weights.map((w) => w.length)).toEqual([3 * 3, 3 * 2, 2 * 1]);
    expect(f.network!.neurons.map((layer) => layer.length)).toEqual([3, 3, 2, 1]);
    for (const layer of f.network!.neurons) for (const map of layer) expect(map).toHaveLength(f.network!.thumb ** 2);
    // The output neuron's own map is the field itself, coarser: they agree on the side of the boundary.
    const metrics = only(events, 'metric');
    expect(metrics).toHaveLength(25);
    expect(Object.keys(metrics[0].values)).toEqual(['loss', 'acc', 'test_loss', 'test_acc', 'lr']);
  });

  it('regression: the map spans [−1, 1] and no accuracy is reported', async () => {
    const events = await run({ dataset: 'plane', hidden: [], epochs: 30, lr: 0.05 });
    expect(only(events, 'field').at(-1)!.range).toEqual([-1, 1]);
    expect(result(events).testAcc).toBeUndefined();
    expect(result(events).testLoss).toBeLessThan(0.01); // a plane is exactly what no hidden layer fits
  });

  it('the same seed gives the same stream of numbers; a run leaks no tensors', async () => {
    const before = tf().memory().numTensors;
    const params = { epochs: 5, points: 200, resolution: 8 };
    const [a, b] = [await run(params), await run(params)];
    expect(tf().memory().numTensors).toBe(before);
    const numbers = (events: LabEvent[]) => events.filter((e) => e.kind === 'metric' || e.kind === 'field').map((e) => JSON.stringify({ ...e, elapsedMs: 0 }));
    expect(numbers(a)).toEqual(numbers(b));
  });
});

describe('lab 9 live parameters', () => {
  it('a learning rate pushed during the 5th pace is used from epoch 5 on, and the run says so before that epoch', async () => {
    const live = new LiveParams();
    let paces = 0;
    const events: LabEvent[] = [];
    const pace = async () => {
      paces++;
      if (paces === 5) live.push('lr', 0.5);
    };
    for await (const e of streamLab(playgroundLab, { backend: 'cpu', params: { epochs: 8, points: 200, 'field-every': 0 }, live, pace })) events.push(e);
    const lrs = only(events, 'metric').map((m) => m.values.lr);
    expect(lrs).toEqual([0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5]);
    const note = events.findIndex((e) => e.kind === 'text' && e.text === 'Changed while running: --lr 0.1 → 0.5 (from the next step).');
    const epoch5 = events.findIndex((e) => e.kind === 'metric' && e.step === 5);
    expect(note).toBeGreaterThan(-1);
    expect(note).toBeLessThan(epoch5);
    expect(events[0]).toMatchObject({ kind: 'start', params: { lr: 0.1 } }); // what the run started with
  });

  it('a parameter that is not live, or a bad value, is refused with a warning and changes nothing', async () => {
    const live = new LiveParams();
    live.push('hidden', [8]);
    live.push('lr', 99);
    const events = await collect(playgroundLab, { params: { epochs: 2, points: 200, 'field-every': 0 }, live });
    expect(only(events, 'warning').map((w) => w.message)).toEqual([
      '--hidden cannot change while the lab runs: rerun it with the new value',
      '--lr must be a number from 1e-5 to 10 (got 99)',
    ]);
    expect(only(events, 'field').at(-1)!.network!.layers).toEqual([4, 1]);
    expect(only(events, 'metric').map((m) => m.values.lr)).toEqual([0.1, 0.1]);
  });
});

describe('lab 9 bad input', () => {
  const check = (given: Record<string, unknown>) => () => {
    const params = resolveParams(playgroundLab.params, given);
    playgroundLab.validate!(params);
  };
  it.each([
    [{ hidden: '4,x' }, '--hidden must be 0–6 comma-separated numbers, each from 1 to 8 (got "4,x")'],
    [{ hidden: '4.5' }, '--hidden 4.5: each hidden layer needs a whole number of neurons, 1 to 8 (got 4.5)'],
    [{ features: 'x1,x3' }, "--features: unknown feature 'x3' (the features: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)"],
    [{ features: ' , ' }, '--features needs at least one input feature (from x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2), e.g. --features x1,x2'],
  ])('%j: %s', (given, message) => {
    expect(check(given)).toThrow(ParamError);
    expect(check(given)).toThrow(message);
  });

  it('accepts "" as no hidden layer and the spellings x1^2, sin(x2)', () => {
    expect(resolveParams(playgroundLab.params, { hidden: '' }).hidden).toEqual([]);
    expect(check({ features: 'x1^2, sin(x2)' })).not.toThrow();
  });
});
