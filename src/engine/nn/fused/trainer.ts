// The training step on the GPU in 3L + 1 dispatches for L Linear layers and no
// read-back: L fused forwards, the loss gradient, the running sums, then per
// layer (top down) the gradient one layer down and one kernel that computes the
// weight and bias gradients and applies the optimizer (two above SPLIT_ROWS rows
// per batch, where the gradient is summed over slices of the batch in parallel). The training data and
// labels stay resident on the GPU; a batch is a range of the epoch's order.
import type { Split } from '../../data/dataset.js';
import { tf, type Tensor } from '../../tf.js';
import type { Mlp } from '../model.js';
import { ADAM, adamCorrections } from '../optimizer.js';
import type { RunningMetrics, Trainer, TrainerOptions } from '../trainer-types.js';
import { fusedOps, registerFusedKernels, type LayerInput } from './kernels.js';
import { SPLIT_ROWS } from './wgsl.js';
import { denseChain, type DenseChain } from '../dense-chain.js';

export type FusedPlan = DenseChain;

/**
 * The fused kernels cover a chain of Linear layers with ReLU or nothing between
 * them (dense-chain.ts), and data that fits one GPU buffer binding; otherwise
 * the reason they do not apply.
 */
export function fusedPlan(layers: Mlp['layers'], train: Split): FusedPlan | string {
  const chain = denseChain(layers);
  if (typeof chain === 'string') return chain;
  const limit = (tf().backend() as { device?: GPUDevice }).device?.limits.maxStorageBufferBindingSize ?? 0;
  const bytes = train.x.length * 4;
  if (bytes > limit)
    return `the training data (${(bytes / 2 ** 20).toFixed(0)} MiB) is larger than this GPU's largest buffer binding (${(limit / 2 ** 20).toFixed(0)} MiB)`;
  return chain;
}

export class FusedTrainer implements Trainer {
  readonly batchSize: number;
  readonly method: string;
  private readonly ops: ReturnType<typeof fusedOps>;
  private readonly data: Tensor;
  private readonly labels: Tensor;
  /** Per layer [slots, in + 1, out]: W with b as its last row; Adam's m and v in slots 1 and 2. */
  private states: Tensor[];
  private order: Tensor | undefined;
  private rows = 0;
  private sums: Tensor;
  private seen = 0;
  private steps = 0;

  constructor(
    private readonly model: Mlp,
    train: Split,
    private readonly options: TrainerOptions,
    private readonly plan: FusedPlan,
  ) {
    const tfjs = tf();
    registerFusedKernels(tfjs);
    this.ops = fusedOps(tfjs);
    this.batchSize = options.batchSize;
    const layers = plan.acts.length;
    const dispatches = 3 * layers + 1 + (options.batchSize > SPLIT_ROWS ? layers : 0);
    this.method = `fused WebGPU kernels: ${dispatches} dispatches per step, data resident on the GPU`;
    [this.data, this.labels, this.states, this.sums] = tfjs.tidy(() => [
      tfjs.tensor2d(train.x, [train.n, train.x.length / train.n]),
      tfjs.tensor1d(train.y, 'int32'),
      model.params.map((p) => {
        const [inputs, outputs] = p.W.shape;
        const weights = tfjs.concat([p.W, tfjs.reshape(p.b, [1, outputs])]);
        const slots = options.optimizer === 'adam' ? [weights, tfjs.zerosLike(weights), tfjs.zerosLike(weights)] : [weights];
        return tfjs.reshape(tfjs.stack(slots), [slots.length, inputs + 1, outputs]);
      }),
      tfjs.zeros([2]),
    ]);
  }

  startEpoch(order: ArrayLike<number>): number {
    const tfjs = tf();
    this.order?.dispose();
    this.order = tfjs.tensor1d(Int32Array.from(order), 'int32');
    this.rows = order.length;
    this.sums.dispose();
    this.sums = tfjs.zeros([2]);
    this.seen = 0;
    return Math.ceil(this.rows / this.batchSize);
  }

  step(b: number): void {
    const order = this.order;
    if (!order) throw new Error('FusedTrainer.step before startEpoch');
    const { acts } = this.plan;
    const offset = b * this.batchSize;
    const rows = Math.min(this.batchSize, this.rows - offset);
    const data: LayerInput = { data: this.data, order };
    const at = { offset, rows };

    const outputs: Tensor[] = [];
    // Every intermediate of the step, freed at its end, also when a dispatch fails half-way.
    const temporaries: Tensor[] = [];
    const temporary = (tensor: Tensor) => (temporaries.push(tensor), tensor);
    try {
      acts.forEach((act, l) => {
        outputs.push(temporary(this.ops.forward(l === 0 ? data : { hidden: outputs[l - 1] }, this.states[l], { act, ...at })));
      });
      const logits = outputs[outputs.length - 1];
      let grad = temporary(this.ops.crossEntropyGrad(logits, this.labels, order, at));
      const sums = this.ops.lossSums(logits, this.labels, order, this.sums, at);
      this.sums.dispose();
      this.sums = sums;

      this.steps++;
      const { bc1, sqrtBc2 } = adamCorrections(this.steps);
      const update = { rule: this.options.optimizer, lr: this.options.lr, beta1: ADAM.beta1, beta2: ADAM.beta2, eps: ADAM.eps, bc1, sqrtBc2, ...at };
      for (let l = acts.length - 1; l >= 0; l--) {
        // The gradient one layer down uses this layer's weights before their update.
        const below = l > 0 ? temporary(this.ops.backward(grad, this.states[l], outputs[l - 1], { act: acts[l - 1], rows })) : undefined;
        const next = this.ops.update(l === 0 ? data : { hidden: outputs[l - 1] }, grad, this.states[l], update);
        this.states[l].dispose();
        this.states[l] = next;
        if (below) grad = below;
      }
    } finally {
      tf().dispose(temporaries);
    }
    this.seen += rows;
  }

  async running(): Promise<RunningMetrics> {
    if (this.seen === 0) return { loss: NaN, acc: NaN, samples: 0 };
    const [loss, correct] = await this.sums.data();
    return { loss: loss / this.seen, acc: correct / this.seen, samples: this.seen };
  }

  syncModel(): void {
    const tfjs = tf();
    const old = this.model.flatParams();
    const next = this.states.flatMap((S) =>
      tfjs.tidy(() => {
        const [, rows, outputs] = S.shape;
        return [
          tfjs.reshape(tfjs.slice(S, [0, 0, 0], [1, rows - 1, outputs]), [rows - 1, outputs]),
          tfjs.reshape(tfjs.slice(S, [0, rows - 1, 0], [1, 1, outputs]), [outputs]),
        ];
      }),
    );
    this.model.setFlatParams(next);
    tfjs.dispose(old);
  }

  dispose(): void {
    tf().dispose([this.data, this.labels, this.sums, ...this.states, ...(this.order ? [this.order] : [])]);
  }
}
