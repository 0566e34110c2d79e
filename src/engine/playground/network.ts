// A playground network: a few dense layers on TensorFlow.js (any backend),
// trained by SGD on a data loss plus an L1 or L2 penalty on the weights. The
// activation, learning rate and penalty come with every step, so they can
// change between steps without rebuilding anything.
import { activationFn, LEAKY_SLOPE } from '../maths/activations.js';
import type { Rng } from '../random.js';
import { takeArrays, tf, type Tensor, type Tensor2D } from '../tf.js';
import type { Task } from './datasets.js';

export const NET_ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'linear', 'leaky-relu'] as const;
export type NetActivation = (typeof NET_ACTIVATIONS)[number];
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type Regularization = (typeof REGULARIZATIONS)[number];
export { LEAKY_SLOPE };

/** What may change from one step to the next. */
export interface StepSettings {
  lr: number;
  activation: NetActivation;
  regularization: Regularization;
  regRate: number;
}

function activate(name: NetActivation, x: Tensor): Tensor {
  return name === 'linear' ? x : activationFn(name, { alpha: 1 })(x);
}

/**
 * The penalty on the weights (not the biases): L1 = Σ|w|, L2 = Σ w²/2, so that
 * its gradient is sign(w) or w — the closed forms the tests check.
 */
export function penalty(weights: readonly Tensor[], kind: Regularization): Tensor {
  const tfjs = tf();
  if (kind === 'none' || weights.length === 0) return tfjs.scalar(0);
  return tfjs.addN(weights.map((w) => (kind === 'l1' ? tfjs.sum(tfjs.abs(w)) : tfjs.mul(tfjs.sum(tfjs.square(w)), 0.5))));
}

/** Mean loss of outputs against targets: binary cross entropy on logits (classification), MSE (regression). */
function dataLoss(task: Task, out: Tensor2D, y: Tensor2D): Tensor {
  const tfjs = tf();
  return task === 'classification' ? tfjs.losses.sigmoidCrossEntropy(y, out) : tfjs.losses.meanSquaredError(y, out);
}

/** What the network computes at some points: the output and every neuron's activation, layer by layer. */
export interface Activations {
  /** Per layer (hidden layers, then the output), per point, per neuron: [layer][point · size + neuron]. */
  layers: Float32Array[];
}

export class PlaygroundNet {
  /** W0, b0, W1, b1, …: plain tensors, replaced on update. */
  private params: Tensor[];

  /** sizes: inputs, hidden…, 1. Weights uniform in ±0.5, biases 0.1, as Playground starts. */
  constructor(
    readonly sizes: readonly number[],
    readonly task: Task,
    rng: Rng,
  ) {
    const tfjs = tf();
    this.params = sizes.slice(1).flatMap((out, i) => {
      const inputs = sizes[i];
      const W = Float32Array.from({ length: inputs * out }, () => rng.uniform(-0.5, 0.5));
      return [tfjs.tensor2d(W, [inputs, out]), tfjs.fill([out], 0.1)];
    });
  }

  /** Every layer's output; the last is the output neuron before its squashing (a logit for classification). */
  private layerOutputs(x: Tensor2D, activation: NetActivation, params: readonly Tensor[] = this.params): Tensor2D[] {
    const tfjs = tf();
    const outs: Tensor2D[] = [];
    let h: Tensor2D = x;
    for (let i = 0; i < params.length; i += 2) {
      const z = tfjs.add(tfjs.matMul(h, params[i] as Tensor2D), params[i + 1]) as Tensor2D;
      h = i + 2 < params.length ? (activate(activation, z) as Tensor2D) : z;
      outs.push(h);
    }
    return outs;
  }

  /** The loss a step minimises: data loss + rate · penalty. */
  private objective(x: Tensor2D, y: Tensor2D, s: StepSettings, params: readonly Tensor[]): Tensor {
    const tfjs = tf();
    const out = this.layerOutputs(x, s.activation, params).at(-1)!;
    const weights = params.filter((_, i) => i % 2 === 0);
    return tfjs.add(dataLoss(this.task, out, y), tfjs.mul(penalty(weights, s.regularization), s.regRate));
  }

  /** Gradients of the objective for each parameter (for tests: the penalty's closed form). */
  gradients(x: Tensor2D, y: Tensor2D, s: StepSettings): Tensor[] {
    const tfjs = tf();
    return tfjs.tidy(() => tfjs.grads((...ps: Tensor[]) => this.objective(x, y, s, ps))(this.params));
  }

  /** One SGD step on a batch: θ ← θ − η·∇(loss + rate·penalty). Nothing is read back. */
  step(x: Tensor2D, y: Tensor2D, s: StepSettings): void {
    const tfjs = tf();
    const next = tfjs.tidy(() => {
      const grads = tfjs.grads((...ps: Tensor[]) => this.objective(x, y, s, ps))(this.params);
      return this.params.map((p, i) => tfjs.sub(p, tfjs.mul(grads[i], s.lr)));
    });
    tfjs.dispose(this.params);
    this.params = next;
  }

  /** Data loss (no penalty, as Playground reports it) and accuracy (classification: output ≥ 0.5 is class 1). */
  async evaluate(x: Tensor2D, y: Tensor2D, activation: NetActivation): Promise<{ loss: number; acc: number }> {
    const tfjs = tf();
    const [loss, acc] = tfjs.tidy(() => {
      const out = this.layerOutputs(x, activation).at(-1)!;
      const hits = tfjs.mean(tfjs.cast(tfjs.equal(tfjs.cast(tfjs.greaterEqual(out, 0), 'float32'), y), 'float32'));
      return [dataLoss(this.task, out, y), hits];
    });
    const [[lossValue], [accValue]] = await takeArrays(loss, acc);
    return { loss: lossValue, acc: this.task === 'classification' ? accValue : NaN };
  }

  /** Every neuron's output at the given points; the output neuron as a class-1 probability (classification) or a value. */
  async activations(x: Tensor2D, activation: NetActivation): Promise<Activations> {
    const tfjs = tf();
    const outs = tfjs.tidy(() => {
      const layers = this.layerOutputs(x, activation);
      const last = layers.length - 1;
      return layers.map((h, i) => (i === last && this.task === 'classification' ? tfjs.sigmoid(h) : h));
    });
    const arrays = await takeArrays(...outs);
    return { layers: arrays.map((a) => Float32Array.from(a)) };
  }

  /** The weights per layer, [in][out] row-major, and the biases. */
  async weights(): Promise<{ W: number[]; b: number[] }[]> {
    const arrays = await takeArrays(...this.params.map((p) => p.clone()));
    return this.sizes.slice(1).map((_, i) => ({ W: arrays[2 * i], b: arrays[2 * i + 1] }));
  }

  dispose(): void {
    tf().dispose(this.params);
  }
}
