// The playground's engine: seeded data sets, features, the network's gradients
// against closed forms and central differences, and no leaked tensors.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { DATASETS, generate, multigaussValue, split, taskOf } from '../../src/engine/playground/datasets.js';
import { featureRows } from '../../src/engine/playground/features.js';
import { penalty, PlaygroundNet, type StepSettings } from '../../src/engine/playground/network.js';
import { PlaygroundData, planeGrid } from '../../src/engine/playground/training.js';
import { createRng } from '../../src/engine/random.js';
import { tf } from '../../src/engine/tf.js';
import { FieldMaker } from '../../src/labs/course/playground/field.js';
import { numericDerivative } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const plain: StepSettings = { lr: 0.1, activation: 'tanh', regularization: 'none', regRate: 0 };

describe('playground data sets', () => {
  it.each(DATASETS.map((d) => [d]))('%s: n points, seeded (same seed, same points; another seed, others), labels of its task', (name) => {
    const a = generate(name, createRng(5), 300, 0.1);
    const b = generate(name, createRng(5), 300, 0.1);
    const c = generate(name, createRng(6), 300, 0.1);
    expect(a).toEqual(b);
    expect(a.x1).not.toEqual(c.x1);
    for (const key of ['x1', 'x2', 'label'] as const) expect(a[key]).toHaveLength(300);
    if (taskOf(name) === 'classification') {
      expect(new Set(a.label)).toEqual(new Set([0, 1]));
      const ones = a.label.filter((l) => l === 1).length;
      expect(ones).toBeGreaterThan(90); // both classes well represented (noise moves a few)
      expect(ones).toBeLessThan(210);
    } else {
      // multigauss's bumps stay within ±1; plane's (x + y)/10 is not clamped (up to 1.8 with noise, as Playground's).
      for (const l of a.label) expect(Math.abs(l)).toBeLessThanOrEqual(name === 'plane' ? 1.8 : 1);
    }
  });

  it('without noise, each label follows its rule: XOR by the signs, circle by the radius, plane (x₁ + x₂)/10, multigauss the strongest bump', () => {
    const xor = generate('xor', createRng(1), 400, 0);
    xor.label.forEach((l, i) => expect(l).toBe(xor.x1[i] * xor.x2[i] >= 0 ? 1 : 0));
    const circle = generate('circle', createRng(1), 400, 0);
    circle.label.forEach((l, i) => expect(l).toBe(Math.hypot(circle.x1[i], circle.x2[i]) < 2.5 ? 1 : 0));
    const plane = generate('plane', createRng(1), 400, 0);
    plane.label.forEach((l, i) => expect(l).toBeCloseTo((plane.x1[i] + plane.x2[i]) / 10, 12));
    expect(multigaussValue(-4, 2.5)).toBe(1);
    expect(multigaussValue(0, 2.5)).toBe(-1);
    expect(multigaussValue(0, 0)).toBe(0);
  });

  // TensorFlow Playground's dataset.ts as published: classifyTwoGaussData's variance is
  // d3.scale.linear().domain([0, .5]).range([0.5, 4]) of noise, and normalRandom(mean, variance)
  // draws mean + √variance · N(0, 1); regressPlane's label is d3.scale.linear().domain([-10, 10]).range([-1, 1])
  // of x + y + noise, a scale that does not clamp.
  it.each([0, 0.25, 0.5])("gauss at noise %f has Playground's spread: standard deviation √(0.5 + 7·noise) around (±2, ±2)", (noise) => {
    const points = generate('gauss', createRng(11), 20_000, noise);
    const ones = points.x1.filter((_, i) => points.label[i] === 1);
    const mean = ones.reduce((a, b) => a + b, 0) / ones.length;
    const std = Math.sqrt(ones.reduce((a, b) => a + (b - mean) ** 2, 0) / (ones.length - 1));
    const playground = Math.sqrt(0.5 + ((4 - 0.5) * noise) / 0.5);
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.abs(std - playground) / playground).toBeLessThan(0.03);
  });

  it("plane's labels are not clamped: with noise they pass ±1, as Playground's regressPlane gives", () => {
    const points = generate('plane', createRng(12), 2000, 0.5);
    const beyond = points.label.filter((l) => Math.abs(l) > 1).length;
    expect(beyond).toBeGreaterThan(20);
    // Largest possible: (6 + 6 + 2 · 6 · 0.5) / 10 = 1.8.
    expect(Math.max(...points.label.map(Math.abs))).toBeLessThanOrEqual(1.8);
  });

  it('splits round(n · ratio) points for training and the rest for testing, each point once, seeded', () => {
    const points = generate('gauss', createRng(2), 333, 0);
    const { train, test } = split(points, 0.3, createRng(9));
    expect(train.label).toHaveLength(100);
    expect(test.label).toHaveLength(233);
    const key = (p: typeof train, i: number) => `${p.x1[i]},${p.x2[i]}`;
    const all = [...train.x1.map((_, i) => key(train, i)), ...test.x1.map((_, i) => key(test, i))].sort();
    expect(all).toEqual(points.x1.map((_, i) => key(points, i)).sort());
    expect(split(points, 0.3, createRng(9))).toEqual({ train, test });
  });

  it('features are the closed forms, row by row', () => {
    const rows = featureRows([2, -1], [3, 0.5], ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
    const expected = [2, 3, 4, 9, 6, Math.sin(2), Math.sin(3), -1, 0.5, 1, 0.25, -0.5, Math.sin(-1), Math.sin(0.5)];
    expected.forEach((v, i) => expect(rows[i]).toBeCloseTo(v, 6));
  });

  it('the plane grid puts cell centres row by row from the top left', () => {
    const grid = planeGrid(2, 2, 6);
    expect(grid.x1).toEqual([-3, 3, -3, 3]);
    expect(grid.x2).toEqual([3, 3, -3, -3]);
  });
});

describe('the playground network', () => {
  it('L1 and L2 penalties: values Σ|w| and Σw²/2, gradients sign(w) and w, as central differences say', async () => {
    const t = tf();
    const w = [0.7, -1.2, 0.3, -0.05];
    const W = t.tensor2d(w, [2, 2]);
    for (const [kind, value, slope] of [
      ['l1', (v: number[]) => v.reduce((s, x) => s + Math.abs(x), 0), Math.sign],
      ['l2', (v: number[]) => v.reduce((s, x) => s + (x * x) / 2, 0), (x: number) => x],
    ] as const) {
      const p = penalty([W], kind);
      expect((await p.data())[0]).toBeCloseTo(value(w), 5);
      const grad = t.grad((x) => penalty([x], kind))(W);
      const g = Array.from(await grad.data());
      g.forEach((gi, i) => {
        expect(gi).toBeCloseTo(slope(w[i]), 5);
        const f = (x: number) => value(w.map((wj, j) => (j === i ? x : wj)));
        expect(gi).toBeCloseTo(numericDerivative(f, w[i], 1e-4), 3);
      });
      t.dispose([p, grad]);
    }
    W.dispose();
  });

  it("without a hidden layer the gradient is logistic regression's Xᵀ(σ(Xw + b) − y)/n, plus λw under L2 and λ·sign(w) under L1", async () => {
    const t = tf();
    const net = new PlaygroundNet([2, 1], 'classification', createRng(3));
    const [{ W, b }] = await net.weights();
    const X = [
      [1, 2],
      [-0.5, 0.3],
      [2, -1],
    ];
    const y = [1, 0, 0];
    const x = t.tensor2d(X);
    const yt = t.tensor2d(y, [3, 1]);
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    const residual = X.map((row, n) => sigma(row[0] * W[0] + row[1] * W[1] + b[0]) - y[n]);
    const dW = [0, 1].map((k) => X.reduce((s, row, n) => s + row[k] * residual[n], 0) / 3);
    const db = residual.reduce((s, r) => s + r, 0) / 3;
    const lambda = 0.3;
    for (const [regularization, extra] of [
      ['none', () => 0],
      ['l2', (w: number) => lambda * w],
      ['l1', (w: number) => lambda * Math.sign(w)],
    ] as const) {
      const grads = net.gradients(x, yt, { ...plain, regularization, regRate: lambda });
      const [gW, gb] = await Promise.all(grads.map((g) => g.data()));
      dW.forEach((d, k) => expect(gW[k]).toBeCloseTo(d + extra(W[k]), 5));
      expect(gb[0]).toBeCloseTo(db, 5); // biases carry no penalty
      t.dispose(grads);
    }
    t.dispose([x, yt]);
    net.dispose();
  });

  it('leaks no tensors: numTensors is the same after each epoch, evaluation and map', async () => {
    const t = tf();
    const rng = createRng(4);
    const points = split(generate('circle', rng, 200, 0), 0.5, rng);
    const data = new PlaygroundData(points, ['x1', 'x2', 'x1sq']);
    const net = new PlaygroundNet([3, 4, 2, 1], 'classification', rng);
    const maps = new FieldMaker(data, ['x1', 'x2', 'x1sq'], 'classification', 12, points);
    const counts: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      data.epoch(net, rng, 10, { ...plain, regularization: 'l2', regRate: 0.01 });
      await data.evaluate(net, plain);
      await maps.field(net, 'relu', epoch, 'map');
      counts.push(t.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    net.dispose();
    data.dispose();
  });
});
