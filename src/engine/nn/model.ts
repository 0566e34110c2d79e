// The course's MLP on TensorFlow.js without tf.layers: one weight matrix and
// bias per Linear, and a forward pass. Training lives in trainer.ts.
import { currentProfile } from '../backend.js';
import type { LayerSpec } from './model-spec.js';
import type { Rng } from '../random.js';
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf.js';

export interface DenseParams {
  /** Index of the Linear layer in the spec. */
  index: number;
  /** [in, out]: x·W (PyTorch stores the transpose, [out, in]). */
  W: Tensor2D;
  b: Tensor1D;
}

export type Weights = { W: Float32Array; b: Float32Array }[];

export interface Mlp {
  layers: readonly LayerSpec[];
  /**
   * Plain tensors, not tf.Variables: an update replaces them. On the wasm
   * backend a Variable.assign of the first layer's weights cost ~250 µs per
   * step, more than the arithmetic of the update.
   */
  params: DenseParams[];
  /** Logits for a batch [n, features]; with `params` given, computes with those (for autodiff). */
  forward(x: Tensor, params?: readonly Tensor[]): Tensor2D;
  /** The parameters as one list: W0, b0, W1, b1, … */
  flatParams(): Tensor[];
  /** Replaces the parameters (the old ones are the caller's to dispose). */
  setFlatParams(values: Tensor[]): void;
  dispose(): void;
}

/**
 * x·W + b with its own gradient. Where the backend's profile asks for it
 * (wasm), products with a transposed operand — exactly dW = xᵀ·dy and
 * dx = dy·Wᵀ of the backward pass — transpose explicitly first, which keeps
 * them on the fast path. The first layer's input is data: its gradient is
 * never needed, so x is not an input of the op there and dy·Wᵀ (the costliest
 * product of the step) is skipped.
 */
/** a·b with either side transposed, the way this backend does it fastest (BackendProfile.explicitTranspose). */
export function transposingMatMul(explicitTranspose: boolean) {
  const tfjs = tf();
  return (a: Tensor2D, b: Tensor2D, transposeA: boolean, transposeB: boolean): Tensor2D =>
    explicitTranspose ? tfjs.matMul(transposeA ? tfjs.transpose(a) : a, transposeB ? tfjs.transpose(b) : b) : tfjs.matMul(a, b, transposeA, transposeB);
}

function denseOps(explicitTranspose: boolean) {
  const tfjs = tf();
  const matMulT = transposingMatMul(explicitTranspose);
  const grad = tfjs.customGrad(((...args: unknown[]) => {
    const [x, W, b, save] = args as [Tensor2D, Tensor2D, Tensor1D, (tensors: Tensor[]) => void];
    save([x, W]);
    return {
      value: tfjs.add(tfjs.matMul(x, W), b),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, Ws] = saved as [Tensor2D, Tensor2D];
        const d = dy as Tensor2D;
        return [matMulT(d, Ws, false, true), matMulT(xs, d, true, false), tfjs.sum(d, 0)];
      },
    };
  }) as Parameters<typeof tfjs.customGrad>[0]) as (x: Tensor, W: Tensor, b: Tensor) => Tensor2D;
  const onData = (x: Tensor2D, W: Tensor, b: Tensor): Tensor2D =>
    (
      tfjs.customGrad(((...args: unknown[]) => {
        const [Wi, bi, save] = args as [Tensor2D, Tensor1D, (tensors: Tensor[]) => void];
        save([Wi]);
        return {
          value: tfjs.add(tfjs.matMul(x, Wi), bi),
          gradFunc: (dy: Tensor) => [matMulT(x, dy as Tensor2D, true, false), tfjs.sum(dy, 0)],
        };
      }) as Parameters<typeof tfjs.customGrad>[0]) as (W: Tensor, b: Tensor) => Tensor2D
    )(W, b);
  return { hidden: grad, onData };
}

/** PyTorch's defaults: LeakyReLU slope 0.01, ELU α = 1, Softmax over classes. */
function activation(layer: LayerSpec, x: Tensor): Tensor {
  const tfjs = tf();
  switch (layer.type) {
    case 'ReLU':
      return tfjs.relu(x);
    case 'Sigmoid':
      return tfjs.sigmoid(x);
    case 'Tanh':
      return tfjs.tanh(x);
    case 'LeakyReLU':
      return tfjs.leakyRelu(x, 0.01);
    case 'ELU':
      return tfjs.elu(x);
    case 'Softmax':
      return tfjs.softmax(x);
    default:
      return x;
  }
}

/** Initial values like PyTorch's nn.Linear: W and b uniform in ±1/√in, drawn from the seeded rng. */
export function initialWeights(layers: readonly LayerSpec[], rng: Rng): Weights {
  return layers.flatMap((layer) => {
    if (layer.type !== 'Linear') return [];
    const bound = 1 / Math.sqrt(layer.in);
    const W = new Float32Array(layer.in * layer.out);
    for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-bound, bound);
    const b = new Float32Array(layer.out);
    for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-bound, bound);
    return [{ W, b }];
  });
}

/** Builds the model on the current backend from given weights (one pair per Linear, in order). */
export function createMlp(layers: readonly LayerSpec[], weights: Weights): Mlp {
  const tfjs = tf();
  const dense = denseOps(currentProfile(tfjs).explicitTranspose);
  const linears = layers.flatMap((layer, index) => (layer.type === 'Linear' ? [{ layer, index }] : []));
  const params: DenseParams[] = linears.map(({ layer, index }, i) => ({
    index,
    W: tfjs.tensor2d(weights[i].W, [layer.in, layer.out]),
    b: tfjs.tensor1d(weights[i].b),
  }));
  const slotOf = new Map(linears.map(({ index }, i) => [index, i]));
  const model: Mlp = {
    layers,
    params,
    forward(x, given) {
      const flat = given ?? model.flatParams();
      let h = (x.rank === 2 ? x : tfjs.reshape(x, [x.shape[0], -1])) as Tensor2D;
      let first = true;
      layers.forEach((layer, index) => {
        const slot = slotOf.get(index);
        if (slot === undefined) {
          h = activation(layer, h) as Tensor2D;
          return;
        }
        const [W, b] = [flat[2 * slot], flat[2 * slot + 1]];
        h = first ? dense.onData(h, W, b) : dense.hidden(h, W, b);
        first = false;
      });
      return h;
    },
    flatParams: () => params.flatMap((p) => [p.W, p.b]),
    setFlatParams(values) {
      params.forEach((p, i) => {
        p.W = values[2 * i] as Tensor2D;
        p.b = values[2 * i + 1] as Tensor1D;
      });
    },
    dispose() {
      tfjs.dispose(model.flatParams());
    },
  };
  return model;
}

export async function readWeights(model: Mlp): Promise<Weights> {
  return Promise.all(model.params.map(async (p) => ({ W: (await p.W.data()) as Float32Array, b: (await p.b.data()) as Float32Array })));
}

/**
 * Cross entropy of logits against class indices, mean over the batch, as
 * PyTorch's nn.CrossEntropyLoss (log-softmax + NLL).
 */
export function crossEntropy(logits: Tensor2D, labels: Tensor1D, classes: number): Tensor {
  const tfjs = tf();
  return tfjs.losses.softmaxCrossEntropy(tfjs.oneHot(labels, classes), logits);
}
