// The course's MLP on TensorFlow.js without tf.layers: one weight matrix and
// bias per Linear, a forward pass, and an explicit training step that the lab
// calls batch by batch (like the course's train_epoch), so a screen can pause,
// step and stop between batches.
import type { LayerSpec } from './model-spec.js';
import type { Rng } from './random.js';
import { tf, type Tensor, type Tensor1D, type Tensor2D, type Variable } from './tf.js';

export interface DenseParams {
  /** Index of the Linear layer in the spec. */
  index: number;
  /** [in, out]: x·W (PyTorch stores the transpose, [out, in]). */
  W: Variable;
  b: Variable;
}

export interface Mlp {
  layers: readonly LayerSpec[];
  params: DenseParams[];
  /** Logits for a batch [n, features]. */
  forward(x: Tensor): Tensor2D;
  dispose(): void;
}

/**
 * x·W + b with its own gradient. tfjs-backend-wasm 4.22 runs only
 * non-transposed products on XNNPACK and falls back to a slow loop for
 * transposed ones — exactly dW = xᵀ·dy and dx = dy·Wᵀ of the backward pass.
 * Transposing explicitly first keeps all three products on the fast path
 * (PERFORMANCE.md: 3.4 s of 5.3 s of model.fit went to that loop).
 */
function denseOp(explicitTranspose: boolean) {
  const t = tf();
  // customGrad passes the inputs, then a save function, all as one argument list.
  return t.customGrad(((...args: unknown[]) => {
    const [x, W, b, save] = args as [Tensor, Tensor, Tensor, (tensors: Tensor[]) => void];
    save([x, W]);
    return {
      value: t.add(t.matMul(x as Tensor2D, W as Tensor2D), b),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, Ws] = saved as [Tensor2D, Tensor2D];
        const d = dy as Tensor2D;
        return explicitTranspose
          ? [t.matMul(d, t.transpose(Ws)), t.matMul(t.transpose(xs), d), t.sum(d, 0)]
          : [t.matMul(d, Ws, false, true), t.matMul(xs, d, true, false), t.sum(d, 0)];
      },
    };
  }) as Parameters<typeof t.customGrad>[0]) as (x: Tensor, W: Tensor, b: Tensor) => Tensor2D;
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
  const dense = denseOp(t.getBackend() === 'wasm');
  let next = 0;
  const params: DenseParams[] = [];
  layers.forEach((layer, index) => {
    if (layer.type !== 'Linear') return;
    const { W, b } = weights[next++];
    params.push({
      index,
      // Unnamed: TensorFlow.js names variables uniquely, so two models can live at once.
      W: t.tidy(() => t.variable(t.tensor2d(W, [layer.in, layer.out]))),
      b: t.tidy(() => t.variable(t.tensor1d(b))),
    });
  });
  const byIndex = new Map(params.map((p) => [p.index, p]));
  return {
    layers,
    params,
    forward(x) {
      let h = x.rank === 2 ? x : t.reshape(x, [x.shape[0], -1]);
      layers.forEach((layer, index) => {
        const p = byIndex.get(index);
        h = p ? dense(h, p.W, p.b) : activation(layer, h);
      });
      return h as Tensor2D;
    },
    dispose() {
      params.forEach((p) => t.dispose([p.W, p.b]));
    },
  };
}

export async function readWeights(model: Mlp): Promise<{ W: Float32Array; b: Float32Array }[]> {
  return Promise.all(model.params.map(async (p) => ({ W: (await p.W.data()) as Float32Array, b: (await p.b.data()) as Float32Array })));
}

export type OptimizerName = 'sgd' | 'adam';

/**
 * One training step per call: pred = model(x); loss = CE(pred, y); backward; step.
 * Loss and accuracy accumulate on the device and are read only when asked, so
 * batches do not wait for each other.
 */
export class Trainer {
  private readonly optimizer;
  private lossSum: Tensor | undefined;
  private correctSum: Tensor | undefined;
  private seen = 0;

  constructor(
    private readonly model: Mlp,
    optimizer: OptimizerName,
    lr: number,
    private readonly classes: number,
  ) {
    const t = tf();
    this.optimizer = optimizer === 'adam' ? t.train.adam(lr) : t.train.sgd(lr);
  }

  step(x: Tensor2D, y: Tensor1D): void {
    const t = tf();
    const vars = this.model.params.flatMap((p) => [p.W, p.b]);
    let correct: Tensor | undefined;
    const loss = this.optimizer.minimize(
      () => {
        const logits = this.model.forward(x);
        correct = t.keep(t.sum(t.cast(t.equal(t.argMax(logits, 1), y), 'float32')));
        return t.losses.softmaxCrossEntropy(t.oneHot(y, this.classes), logits) as Tensor as ReturnType<typeof t.scalar>;
      },
      true,
      vars,
    )!;
    const n = x.shape[0];
    const [lossSum, correctSum] = t.tidy(() => [
      this.lossSum ? t.add(this.lossSum, t.mul(loss, n)) : t.mul(loss, n),
      this.correctSum ? t.add(this.correctSum, correct!) : t.clone(correct!),
    ]);
    t.dispose([loss, correct!, ...(this.lossSum ? [this.lossSum] : []), ...(this.correctSum ? [this.correctSum] : [])]);
    this.lossSum = lossSum;
    this.correctSum = correctSum;
    this.seen += n;
  }

  /** Mean loss and accuracy over the steps since the last reset (one sync with the device). */
  async running(): Promise<{ loss: number; acc: number; samples: number }> {
    if (!this.lossSum || !this.correctSum || this.seen === 0) return { loss: NaN, acc: NaN, samples: 0 };
    const [loss] = await this.lossSum.data();
    const [correct] = await this.correctSum.data();
    return { loss: loss / this.seen, acc: correct / this.seen, samples: this.seen };
  }

  reset(): void {
    tf().dispose([...(this.lossSum ? [this.lossSum] : []), ...(this.correctSum ? [this.correctSum] : [])]);
    this.lossSum = undefined;
    this.correctSum = undefined;
    this.seen = 0;
  }

  dispose(): void {
    this.reset();
    this.optimizer.dispose();
  }
}

export interface Evaluation {
  loss: number;
  acc: number;
  predictions: Int32Array;
}

/** Loss, accuracy and predicted classes on a whole split, in chunks. */
export async function evaluate(model: Mlp, x: Tensor2D, y: Tensor1D, classes: number, chunk = 2000): Promise<Evaluation> {
  const t = tf();
  const n = x.shape[0];
  let lossSum = 0;
  let correct = 0;
  const predictions = new Int32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const [loss, pred] = t.tidy(() => {
      const xb = t.slice(x, [start, 0], [size, -1]);
      const yb = t.slice(y, [start], [size]);
      const logits = model.forward(xb);
      return [t.mul(t.losses.softmaxCrossEntropy(t.oneHot(yb, classes), logits), size), t.argMax(logits, 1)];
    });
    lossSum += (await loss.data())[0];
    const predValues = (await pred.data()) as Int32Array;
    t.dispose([loss, pred]);
    predictions.set(predValues, start);
  }
  const labels = (await y.data()) as Int32Array;
  for (let i = 0; i < n; i++) if (predictions[i] === labels[i]) correct++;
  return { loss: lossSum / n, acc: correct / n, predictions };
}

/** Predicted classes only (a submission, or a loaded model). */
export async function predictClasses(model: Mlp, x: Tensor2D, chunk = 2000): Promise<Int32Array> {
  const t = tf();
  const n = x.shape[0];
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const pred = t.tidy(() => t.argMax(model.forward(t.slice(x, [start, 0], [size, -1])), 1));
    out.set((await pred.data()) as Int32Array, start);
    pred.dispose();
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
    const { grads } = t.variableGrads(
      () => t.losses.softmaxCrossEntropy(t.oneHot(y, classes), model.forward(x)) as ReturnType<typeof t.scalar>,
      model.params.map((p) => p.W),
    );
    return model.params.map((p) => {
      const W = p.W;
      const g = grads[W.name];
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
