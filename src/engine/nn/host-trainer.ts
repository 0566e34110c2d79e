// A training step with hand-written gradients, for backends whose tensors live
// in this process's memory (wasm, cpu): reading one back is a copy, not a wait
// on a device. There a step's time is mostly TensorFlow.js's cost per op, and
// this step needs about a third of the ops autodiff does (the numbers: README,
// benchmark). Per step:
//   forward     h_l = act(h_{l−1}·W_l + b_l)   (tf.fused.matMul measured no faster on wasm)
//   loss        softmax, cross entropy, accuracy and G_L = (p − onehot)/n, in JavaScript from the logits
//   backward    dW_l = h_{l−1}ᵀ·G_l,  db_l = Σ_rows G_l,
//               G_{l−1} = (G_l·W_lᵀ) ⊙ [h_{l−1} > 0]          (only the ReLU's mask where act is ReLU)
//   update      SGD: G carries −η, so W_l += dW_l (one op per tensor); Adam: optimizer.ts
import { rowWidth, type Split } from '../data/dataset.js';
import { tf, type Tensor, type Tensor2D } from '../tf.js';
import { BatchMaker } from './batches.js';
import type { DenseChain } from './dense-chain.js';
import { transposingMatMul, type Mlp } from './model.js';
import { Optimizer } from './optimizer.js';
import type { RunningMetrics, Trainer, TrainerOptions } from './trainer-types.js';
import { EpochBatches, runningMeans } from './epoch.js';

export class HostTrainer implements Trainer {
  readonly batchSize: number;
  readonly method: string;
  private readonly batches: BatchMaker;
  private readonly optimizer: Optimizer | undefined;
  private readonly matMulT: ReturnType<typeof transposingMatMul>;
  private readonly grad: Float32Array;
  private order = new Int32Array(0);
  private readonly epochBatches: EpochBatches;
  private lossSum = 0;
  private correct = 0;

  constructor(
    private readonly model: Mlp,
    private readonly train: Split,
    private readonly options: TrainerOptions,
    private readonly chain: DenseChain,
    explicitTranspose: boolean,
    /** Why this trainer and not a faster one, where there is a reason. */
    why?: string,
  ) {
    this.batchSize = options.batchSize;
    this.epochBatches = new EpochBatches(options.batchSize);
    this.batches = new BatchMaker(train, rowWidth(train), options.batchSize);
    this.optimizer = options.optimizer === 'sgd' ? undefined : new Optimizer(options.optimizer, options.lr);
    this.matMulT = transposingMatMul(explicitTranspose);
    this.grad = new Float32Array(options.batchSize * options.classes);
    this.method = `hand-written gradients, the loss in JavaScript${why ? ` (${why})` : ''}`;
  }

  startEpoch(order: ArrayLike<number>): number {
    this.order = Int32Array.from(order);
    this.lossSum = this.correct = 0;
    return this.epochBatches.start(this.order.length);
  }

  step(b: number): void {
    const tfjs = tf();
    const { offset, rows: n } = this.epochBatches.take(b);
    const rows = this.order.subarray(offset, offset + n);
    const { acts } = this.chain;
    const params = this.model.params;
    const temporaries: Tensor[] = [];
    const keep = <T extends Tensor>(tensor: T) => (temporaries.push(tensor), tensor);
    try {
      const x = keep(this.batches.makeX(rows));
      const outputs: Tensor2D[] = [];
      acts.forEach((act, l) => {
        const input = l === 0 ? x : outputs[l - 1];
        outputs.push(
          keep(
            tfjs.tidy(() => {
              const z = tfjs.add(tfjs.matMul(input, params[l].W), params[l].b) as Tensor2D;
              return act === 'relu' ? tfjs.relu(z) : z;
            }),
          ),
        );
      });
      const logits = outputs[acts.length - 1];
      // SGD folds −η into the gradient, so that an update is one addition.
      const scale = this.optimizer ? 1 / n : -this.options.lr / n;
      let grad: Tensor2D = keep(tfjs.tensor2d(this.lossGradient(logits.dataSync() as Float32Array, rows, scale), [n, this.options.classes]));
      const grads: Tensor[] = [];
      for (let l = acts.length - 1; l >= 0; l--) {
        const input = l === 0 ? x : outputs[l - 1];
        grads.unshift(keep(tfjs.tidy(() => this.matMulT(input, grad, true, false))), keep(tfjs.sum(grad, 0)));
        if (l === 0) break;
        const below = keep(tfjs.tidy(() => this.matMulT(grad, params[l].W, false, true)));
        grad = acts[l - 1] === 'relu' ? keep(tfjs.mul(below, keep(tfjs.step(input))) as Tensor2D) : below;
      }
      const current = this.model.flatParams();
      const next = this.optimizer ? this.optimizer.update(current, grads) : tfjs.tidy(() => current.map((p, i) => tfjs.add(p, grads[i])));
      this.model.setFlatParams(next);
      tfjs.dispose(current);
    } finally {
      tfjs.dispose(temporaries);
    }
  }

  /**
   * (softmax(logits) − onehot(labels)) · scale, row by row, adding each row's
   * cross entropy and whether its largest logit is the label to the running sums.
   */
  private lossGradient(logits: Float32Array, rows: Int32Array, scale: number): Float32Array {
    const classes = this.options.classes;
    const grad = this.grad.subarray(0, rows.length * classes);
    for (let i = 0; i < rows.length; i++) {
      const label = this.train.y[rows[i]];
      const row = logits.subarray(i * classes, (i + 1) * classes);
      let max = -Infinity;
      let best = 0;
      for (let c = 0; c < classes; c++) {
        if (row[c] > max) [max, best] = [row[c], c];
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += Math.exp(row[c] - max);
      for (let c = 0; c < classes; c++) grad[i * classes + c] = (Math.exp(row[c] - max) / total - (c === label ? 1 : 0)) * scale;
      this.lossSum += Math.log(total) + max - row[label];
      if (best === label) this.correct++;
    }
    return grad;
  }

  async running(): Promise<RunningMetrics> {
    return runningMeans(this.lossSum, this.correct, this.epochBatches.seen);
  }

  syncModel(): void {
    // The model's own tensors are trained in place.
  }

  dispose(): void {
    this.optimizer?.dispose();
  }
}
