// Activation functions and their derivatives, computed with TensorFlow.js on
// the current backend. Derivatives come from autodiff (tf.grad), which tests
// check against the closed forms.
import { takeArrays, tf, type Tensor } from '../tf.js';

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'maxout'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface ActivationOptions {
  /** ELU's α: x for x ≥ 0, else α(eˣ − 1). */
  alpha: number;
}

/** Leaky ReLU's slope for x < 0, as in the course: max(0.1x, x). */
export const LEAKY_SLOPE = 0.1;
/** Maxout's two linear pieces for a scalar input: max(w₁x + b₁, w₂x + b₂). */
export const MAXOUT_PIECES = [
  { w: 1, b: 0 },
  { w: -0.5, b: -1 },
] as const;

export function activationFn(name: ActivationName, { alpha }: ActivationOptions): (x: Tensor) => Tensor {
  const tfjs = tf();
  switch (name) {
    case 'sigmoid':
      return (x) => tfjs.sigmoid(x);
    case 'tanh':
      return (x) => tfjs.tanh(x);
    case 'relu':
      return (x) => tfjs.relu(x);
    case 'leaky-relu':
      return (x) => tfjs.leakyRelu(x, LEAKY_SLOPE);
    case 'elu':
      // tf.elu fixes α = 1; the course's ELU takes any α. expm1 of min(x, 0)
      // keeps the unused branch finite for large x. The α branch takes x ≤ 0, so
      // at the kink autodiff gives the left-hand slope α, as torch's elu_backward
      // (written −x ≥ 0: tfjs has a gradient for GreaterEqual, none for Greater).
      return (x) => tfjs.where(tfjs.greaterEqual(tfjs.neg(x), 0), tfjs.mul(tfjs.expm1(tfjs.minimum(x, 0)), alpha), x);
    case 'maxout': {
      const [p1, p2] = MAXOUT_PIECES;
      return (x) => tfjs.maximum(tfjs.add(tfjs.mul(x, p1.w), p1.b), tfjs.add(tfjs.mul(x, p2.w), p2.b));
    }
  }
}

export interface ActivationCurve {
  name: ActivationName;
  x: number[];
  y: number[];
  /** dy/dx from autodiff. */
  dy: number[];
}

/** f(x) and f'(x) at each x, for each named activation. */
export async function activationCurves(names: readonly ActivationName[], xs: readonly number[], options: ActivationOptions): Promise<ActivationCurve[]> {
  const tfjs = tf();
  // Tensors leave tidy and are read outside it (reading inside makes tidy walk every element).
  const tensors = tfjs.tidy(() => {
    const x = tfjs.tensor1d(xs as number[]);
    return names.map((name) => {
      const f = activationFn(name, options);
      const grad = tfjs.grad((input: Tensor) => f(input));
      return [f(x), grad(x)] as const;
    });
  });
  const arrays = await takeArrays(...tensors.flat());
  return names.map((name, i) => ({ name, x: [...xs], y: arrays[2 * i], dy: arrays[2 * i + 1] }));
}

/** A perceptron on a batch of 2-D inputs: a = Xw + b (linear transform), y = σ(a). */
export async function perceptron(
  inputs: readonly (readonly [number, number])[],
  w: readonly [number, number],
  b: number,
): Promise<{ a: number[]; y: number[] }> {
  const tfjs = tf();
  const [a, y] = tfjs.tidy(() => {
    const X = tfjs.tensor2d(inputs.map((row) => [...row]));
    const a = tfjs.add(tfjs.matMul(X, tfjs.tensor2d([[w[0]], [w[1]]])), b).reshape([-1]);
    return [a, tfjs.sigmoid(a)];
  });
  const [aValues, yValues] = await takeArrays(a, y);
  return { a: aValues, y: yValues };
}

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
