// The course's MLP on TensorFlow.js without tf.layers: one weight matrix and
// bias per Linear, a forward pass, and an explicit training step that the lab
// calls batch by batch (like the course's train_epoch), so a screen can pause,
// step and stop between batches.
import type { LayerSpec } from './model-spec.js';
import type { Rng } from './random.js';
import type { Split } from './data/dataset.js';
import { takeArrays, tf, type Tensor, type Tensor1D, type Tensor2D } from './tf.js';

export interface DenseParams {
  /** Index of the Linear layer in the spec. */
  index: number;
  /** [in, out]: x·W (PyTorch stores the transpose, [out, in]). */
  W: Tensor2D;
  b: Tensor1D;
}

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
 * x·W + b with its own gradient. tfjs-backend-wasm 4.22 runs only
 * non-transposed products on XNNPACK and falls back to a slow loop for
 * transposed ones — exactly dW = xᵀ·dy and dx = dy·Wᵀ of the backward pass.
 * Transposing explicitly first keeps all products on the fast path
 * (PERFORMANCE.md: 3.4 s of 5.3 s of model.fit went to that loop). The first
 * layer's input is data: its gradient is never needed, so x is not an input of
 * the op there and dy·Wᵀ (the costliest product of the step) is skipped.
 */
function denseOps(explicitTranspose: boolean) {
  const t = tf();
  const matMulT = (a: Tensor2D, b: Tensor2D, transposeA: boolean, transposeB: boolean) =>
    explicitTranspose ? t.matMul(transposeA ? t.transpose(a) : a, transposeB ? t.transpose(b) : b) : t.matMul(a, b, transposeA, transposeB);
  const grad = t.customGrad(((...args: unknown[]) => {
    const [x, W, b, save] = args as [Tensor2D, Tensor2D, Tensor1D, (tensors: Tensor[]) => void];
    save([x, W]);
    return {
      value: t.add(t.matMul(x, W), b),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, Ws] = saved as [Tensor2D, Tensor2D];
        const d = dy as Tensor2D;
        return [matMulT(d, Ws, false, true), matMulT(xs, d, true, false), t.sum(d, 0)];
      },
    };
  }) as Parameters<typeof t.customGrad>[0]) as (x: Tensor, W: Tensor, b: Tensor) => Tensor2D;
  const onData = (x: Tensor2D, W: Tensor, b: Tensor): Tensor2D =>
    (
      t.customGrad(((...args: unknown[]) => {
        const [Wi, bi, save] = args as [Tensor2D, Tensor1D, (tensors: Tensor[]) => void];
        save([Wi]);
        return {
          value: t.add(t.matMul(x, Wi), bi),
          gradFunc: (dy: Tensor) => [matMulT(x, dy as Tensor2D, true, false), t.sum(dy, 0)],
        };
      }) as Parameters<typeof t.customGrad>[0]) as (W: Tensor, b: Tensor) => Tensor2D
    )(W, b);
  return { hidden: grad, onData };
}

/**
 * Cross entropy of logits against class indices, mean over the batch, as
 * PyTorch's nn.CrossEntropyLoss (log-softmax + NLL).
 */
export function crossEntropy(logits: Tensor2D, labels: Tensor1D, classes: number): Tensor {
  const t = tf();
  return t.losses.softmaxCrossEntropy(t.oneHot(labels, classes), logits);
}

/** PyTorch's defaults: LeakyReLU slope 0.01, ELU α = 1, Softmax over classes. */
function activation(layer: LayerSpec, x: Tensor): Tensor {
  const t = tf();
  switch (layer.type) {
    case 'ReLU':
      return t.relu(x);
    case 'Sigmoid':
      return t.sigmoid(x);
    case 'Tanh':
      return t.tanh(x);
    case 'LeakyReLU':
      return t.leakyRelu(x, 0.01);
    case 'ELU':
      return t.elu(x);
    case 'Softmax':
      return t.softmax(x);
    default:
      return x;
  }
}

/** Initial values like PyTorch's nn.Linear: W and b uniform in ±1/√in, drawn from the seeded rng. */
export function initialWeights(layers: readonly LayerSpec[], rng: Rng): { W: Float32Array; b: Float32Array }[] {
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
export function createMlp(layers: readonly LayerSpec[], weights: { W: Float32Array; b: Float32Array }[]): Mlp {
  const t = tf();
  const dense = denseOps(t.getBackend() === 'wasm');
  const linears = layers.flatMap((layer, index) => (layer.type === 'Linear' ? [{ layer, index }] : []));
  const params: DenseParams[] = linears.map(({ layer, index }, i) => ({
    index,
    W: t.tensor2d(weights[i].W, [layer.in, layer.out]),
    b: t.tensor1d(weights[i].b),
  }));
  const slotOf = new Map(linears.map(({ index }, i) => [index, i]));
  const model: Mlp = {
    layers,
    params,
    forward(x, given) {
      const flat = given ?? model.flatParams();
      let h = (x.rank === 2 ? x : t.reshape(x, [x.shape[0], -1])) as Tensor2D;
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
      t.dispose(model.flatParams());
    },
  };
  return model;
}

export async function readWeights(model: Mlp): Promise<{ W: Float32Array; b: Float32Array }[]> {
  return Promise.all(model.params.map(async (p) => ({ W: (await p.W.data()) as Float32Array, b: (await p.b.data()) as Float32Array })));
}

export type OptimizerName = 'sgd' | 'adam';

/** θ ← θ − η·g (SGD), or Adam with PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8). */
class Optimizer {
  private m: Tensor[] | undefined;
  private v: Tensor[] | undefined;
  private steps = 0;

  constructor(
    private readonly kind: OptimizerName,
    private readonly lr: number,
  ) {}

  /** New parameter tensors; the caller disposes the old ones. */
  update(params: Tensor[], grads: Tensor[]): Tensor[] {
    const t = tf();
    if (this.kind === 'sgd') return t.tidy(() => params.map((p, i) => t.sub(p, t.mul(grads[i], this.lr))));
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    this.steps++;
    const m = t.tidy(() => grads.map((g, i) => (this.m ? t.add(t.mul(this.m[i], b1), t.mul(g, 1 - b1)) : t.mul(g, 1 - b1))));
    const v = t.tidy(() => grads.map((g, i) => (this.v ? t.add(t.mul(this.v[i], b2), t.mul(t.square(g), 1 - b2)) : t.mul(t.square(g), 1 - b2))));
    t.dispose([...(this.m ?? []), ...(this.v ?? [])]);
    [this.m, this.v] = [m, v];
    // As torch.optim.Adam: θ ← θ − (η / bc₁) · m / (√v / √bc₂ + ε), bcₖ = 1 − βₖᵗ.
    const bc1 = 1 - b1 ** this.steps;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.steps);
    return t.tidy(() => params.map((p, i) => t.sub(p, t.div(t.mul(m[i], this.lr / bc1), t.add(t.div(t.sqrt(v[i]), sqrtBc2), eps)))));
  }

  dispose(): void {
    tf().dispose([...(this.m ?? []), ...(this.v ?? [])]);
  }
}

/**
 * One training step per call: pred = model(x); loss = CE(pred, y); backward; step.
 * Loss and accuracy accumulate on the device and are read only when asked, so
 * batches do not wait for each other.
 */
export class Trainer {
  private readonly optimizer: Optimizer;
  /** [Σ loss · batch size, Σ correct] since the last reset, on the device. */
  private sums: Tensor | undefined;
  private seen = 0;

  constructor(
    private readonly model: Mlp,
    optimizer: OptimizerName,
    lr: number,
    private readonly classes: number,
  ) {
    this.optimizer = new Optimizer(optimizer, lr);
  }

  step(x: Tensor2D, y: Tensor1D): void {
    const t = tf();
    const params = this.model.flatParams();
    let correct: Tensor | undefined;
    let loss: Tensor;
    let grads: Tensor[];
    try {
      ({ value: loss, grads } = t.valueAndGrads((...ps: Tensor[]) => {
        const logits = this.model.forward(x, ps);
        correct = t.keep(t.sum(t.equal(t.argMax(logits, 1), y)));
        return crossEntropy(logits, y, this.classes);
      })(params));
    } catch (err) {
      correct?.dispose();
      throw err;
    }
    const next = this.optimizer.update(params, grads);
    this.model.setFlatParams(next);
    const n = x.shape[0];
    const previous = this.sums;
    this.sums = t.tidy(() => {
      const batch = t.stack([t.mul(loss, n), t.cast(correct!, 'float32')]);
      return previous ? t.add(previous, batch) : batch;
    });
    t.dispose([loss, correct!, ...grads, ...params, ...(previous ? [previous] : [])]);
    this.seen += n;
  }

  /** Mean loss and accuracy over the steps since the last reset (one sync with the device). */
  async running(): Promise<{ loss: number; acc: number; samples: number }> {
    if (!this.sums || this.seen === 0) return { loss: NaN, acc: NaN, samples: 0 };
    const [loss, correct] = await this.sums.data();
    return { loss: loss / this.seen, acc: correct / this.seen, samples: this.seen };
  }

  reset(): void {
    this.sums?.dispose();
    this.sums = undefined;
    this.seen = 0;
  }

  dispose(): void {
    this.reset();
    this.optimizer.dispose();
  }
}

/**
 * Batches built on the JavaScript side: copying rows into a reused buffer and
 * uploading it costs microseconds, where tf.gather on the wasm backend took
 * about 1 ms per batch of 32.
 */
export class BatchMaker {
  private x: Float32Array;
  private y: Int32Array;

  constructor(
    private readonly split: Split,
    private readonly width: number,
    batchSize: number,
  ) {
    this.x = new Float32Array(batchSize * width);
    this.y = new Int32Array(batchSize);
  }

  /** Runs fn on the batch of these rows, then frees the batch (also when fn throws). */
  async use<T>(rows: readonly number[], fn: (x: Tensor2D, y: Tensor1D) => T | Promise<T>): Promise<T> {
    const [x, y] = this.make(rows);
    try {
      return await fn(x, y);
    } finally {
      tf().dispose([x, y]);
    }
  }

  make(rows: readonly number[]): [Tensor2D, Tensor1D] {
    const t = tf();
    const { width, split } = this;
    rows.forEach((row, i) => {
      this.x.set(split.x.subarray(row * width, (row + 1) * width), i * width);
      this.y[i] = split.y[row];
    });
    const n = rows.length;
    return [t.tensor2d(this.x.subarray(0, n * width), [n, width]), t.tensor1d(this.y.subarray(0, n), 'int32')];
  }
}

export interface Evaluation {
  loss: number;
  acc: number;
  predictions: Int32Array;
}

/** Loss, accuracy and predicted classes on a whole split, uploaded in chunks. */
export async function evaluate(model: Mlp, split: Split, classes: number, chunk = 2000): Promise<Evaluation> {
  const t = tf();
  const width = split.x.length / split.n;
  let lossSum = 0;
  let correct = 0;
  const predictions = new Int32Array(split.n);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const [loss, pred] = t.tidy(() => {
      const xb = t.tensor2d(split.x.subarray(start * width, (start + size) * width), [size, width]);
      const yb = t.tensor1d(split.y.subarray(start, start + size), 'int32');
      const logits = model.forward(xb);
      return [t.mul(crossEntropy(logits, yb, classes), size), t.argMax(logits, 1)];
    });
    const [[lossValue], predValues] = await takeArrays(loss, pred);
    lossSum += lossValue;
    predictions.set(predValues, start);
  }
  for (let i = 0; i < split.n; i++) if (predictions[i] === split.y[i]) correct++;
  return { loss: lossSum / split.n, acc: correct / split.n, predictions };
}

/** Predicted classes only (a submission, or a loaded model). */
export async function predictClasses(model: Mlp, x: Float32Array, n: number, chunk = 2000): Promise<Int32Array> {
  const t = tf();
  const width = x.length / n;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const pred = t.tidy(() => t.argMax(model.forward(t.tensor2d(x.subarray(start * width, (start + size) * width), [size, width])), 1));
    const [values] = await takeArrays(pred);
    out.set(values, start);
  }
  return out;
}

export interface LayerStats {
  layer: number;
  shape: [number, number];
  weightMean: number;
  weightStd: number;
  weightMaxAbs: number;
  /** ‖∂L/∂W‖ on one batch. */
  gradNorm: number;
  gradMeanAbs: number;
}

/** Weight statistics and the gradient on one batch, per Linear layer. */
export async function layerStats(model: Mlp, x: Tensor2D, y: Tensor1D, classes: number): Promise<LayerStats[]> {
  const t = tf();
  const stats = t.tidy(() => {
    const grads = t.grads((...ps: Tensor[]) => crossEntropy(model.forward(x, ps), y, classes))(model.flatParams());
    return model.params.map((p, i) => {
      const W = p.W;
      const g = grads[2 * i];
      const mean = t.mean(W);
      return t.stack([mean, t.sqrt(t.mean(t.square(t.sub(W, mean)))), t.max(t.abs(W)), t.norm(g), t.mean(t.abs(g))]);
    });
  });
  const values = await Promise.all(stats.map((s) => s.data()));
  t.dispose(stats);
  return model.params.map((p, i) => ({
    layer: p.index,
    shape: p.W.shape as [number, number],
    weightMean: values[i][0],
    weightStd: values[i][1],
    weightMaxAbs: values[i][2],
    gradNorm: values[i][3],
    gradMeanAbs: values[i][4],
  }));
}

/** counts[true][predicted]. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predictions[i]]++;
  return counts;
}
