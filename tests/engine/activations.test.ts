import { beforeAll, describe, expect, it } from 'vitest';
import { activationCurves, ACTIVATIONS, linspace, perceptron, type ActivationName } from '../../src/engine/maths/activations.js';
import { selectBackend } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { numericDerivative } from '../helpers.js';

const ALPHA = 0.7;
// Closed forms as the course states them, written out independently of the engine.
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const closed: Record<ActivationName, { f: (x: number) => number; df: (x: number) => number }> = {
  sigmoid: { f: sig, df: (x) => sig(x) * (1 - sig(x)) },
  tanh: { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  relu: { f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) },
  'leaky-relu': { f: (x) => Math.max(0.1 * x, x), df: (x) => (x > 0 ? 1 : 0.1) },
  elu: { f: (x) => (x >= 0 ? x : ALPHA * (Math.exp(x) - 1)), df: (x) => (x >= 0 ? 1 : ALPHA * Math.exp(x)) },
  maxout: { f: (x) => Math.max(x, -0.5 * x - 1), df: (x) => (x > -2 / 3 ? 1 : -0.5) },
};

// Avoid the kinks (0 and maxout's −2/3) where the derivative is a convention.
const xs = [-5, -3.2, -1.1, -0.4, 0.3, 0.9, 2.5, 4.75];

describe('activation functions on TensorFlow.js', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it.each(ACTIVATIONS)('%s matches its closed form and derivative', async (name) => {
    const [curve] = await activationCurves([name], xs, { alpha: ALPHA });
    xs.forEach((x, i) => {
      expect(curve.y[i]).toBeCloseTo(closed[name].f(x), 5);
      expect(curve.dy[i]).toBeCloseTo(closed[name].df(x), 4);
      // and the autodiff derivative agrees with a central difference of the closed form
      expect(curve.dy[i]).toBeCloseTo(numericDerivative(closed[name].f, x), 3);
    });
  });

  it('gives σ(0) = 0.5 with slope 0.25, and ReLU(0) = 0', async () => {
    const [s, r] = await activationCurves(['sigmoid', 'relu'], [0], { alpha: 1 });
    expect(s.y[0]).toBe(0.5);
    expect(s.dy[0]).toBe(0.25);
    expect(r.y[0]).toBe(0);
  });

  it('computes the perceptron a = w·x + b, y = σ(a)', async () => {
    const { a, y } = await perceptron(
      [
        [1, 2],
        [-1, 0.5],
      ],
      [0.5, -1],
      0.25,
    );
    expect(a[0]).toBeCloseTo(0.5 - 2 + 0.25, 6);
    expect(a[1]).toBeCloseTo(-0.5 - 0.5 + 0.25, 6);
    expect(y[0]).toBeCloseTo(sig(-1.25), 6);
    expect(y[1]).toBeCloseTo(sig(-0.75), 6);
  });

  it('leaks no tensors', async () => {
    await activationCurves([...ACTIVATIONS], xs, { alpha: 1 });
    const before = tf().memory().numTensors;
    await activationCurves([...ACTIVATIONS], xs, { alpha: 1 });
    await perceptron([[1, 1]], [1, 1], 0);
    expect(tf().memory().numTensors).toBe(before);
  });

  it('spaces points evenly, ends included', () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});
