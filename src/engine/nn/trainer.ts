// Training an Mlp batch by batch: pred = model(x); loss = CE(pred, y); backward;
// step. The trainer owns the batch size and the training rows; the lab (or the
// benchmark) owns the loop, so a screen can pause, step and stop between batches.
import { cpuStepThreads, currentProfile } from '../backend.js';
import { CpuTrainer } from './cpu/trainer.js';
import { imageBytes, rowWidth, type Split } from '../data/dataset.js';
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf.js';
import { BatchMaker } from './batches.js';
import { denseChain } from './dense-chain.js';
import { FusedTrainer, fusedPlan, warmFusedKernels } from './fused/trainer.js';
import { HostTrainer } from './host-trainer.js';
import { crossEntropy, type Mlp } from './model.js';
import { Optimizer } from './optimizer.js';
import type { RunningMetrics, Trainer, TrainerOptions } from './trainer-types.js';
import { EpochBatches, runningMeans } from './epoch.js';

export type { RunningMetrics, Trainer, TrainerOptions } from './trainer-types.js';

/** The fastest trainer the current backend offers for this model. */
export function createTrainer(model: Mlp, train: Split, options: TrainerOptions): Trainer {
  const profile = currentProfile(tf());
  if (options.fused !== false && profile.fusedTraining) {
    const plan = fusedPlan(model.layers, train);
    if (typeof plan !== 'string') return new FusedTrainer(model, train, options, plan);
    return new AutodiffTrainer(model, train, options, `TensorFlow.js ops with autodiff (not the fused kernels: ${plan})`);
  }
  if (options.fused !== false && profile.hostTensors) {
    const chain = denseChain(model.layers);
    if (typeof chain === 'string') return new AutodiffTrainer(model, train, options, `TensorFlow.js ops with autodiff (not nnlab's CPU step: ${chain})`);
    const pixels = imageBytes(train);
    if (typeof pixels !== 'string') return new CpuTrainer(model, train, pixels, options, chain, options.threads ?? cpuStepThreads().threads);
    return new HostTrainer(model, train, options, chain, profile.explicitTranspose, `not nnlab's CPU step: ${pixels}`);
  }
  return new AutodiffTrainer(model, train, options);
}

/**
 * Gets the current backend ready for a trainer of these layers before its data is
 * at hand: on WebGPU the fused step's kernels start compiling (they depend on the
 * layers' activations and the optimizer, not on sizes); elsewhere nothing to do.
 */
export function warmTrainer(layers: Mlp['layers'], options: Pick<TrainerOptions, 'optimizer' | 'batchSize'>): void {
  if (currentProfile(tf()).fusedTraining) warmFusedKernels(layers, options);
}

/** Any model on any backend: TensorFlow.js ops and autodiff, batches built in JavaScript. */
export class AutodiffTrainer implements Trainer {
  readonly batchSize: number;
  private readonly optimizer: Optimizer;
  private readonly batches: BatchMaker;
  private order = new Int32Array(0);
  private readonly epochBatches: EpochBatches;
  /** [Σ loss · batch size, Σ correct] since the epoch began, on the device. */
  private sums: Tensor | undefined;

  constructor(
    private readonly model: Mlp,
    train: Split,
    private readonly options: TrainerOptions,
    readonly method = 'TensorFlow.js ops with autodiff',
  ) {
    this.batchSize = options.batchSize;
    this.optimizer = new Optimizer(options.optimizer, options.lr);
    this.epochBatches = new EpochBatches(options.batchSize);
    this.batches = new BatchMaker(train, rowWidth(train), options.batchSize);
  }

  startEpoch(order: ArrayLike<number>): number {
    this.resetSums();
    this.order = Int32Array.from(order);
    return this.epochBatches.start(this.order.length);
  }

  step(b: number): void {
    const { offset, rows } = this.epochBatches.take(b);
    const [x, y] = this.batches.make(this.order.subarray(offset, offset + rows));
    try {
      this.stepOn(x, y);
    } finally {
      tf().dispose([x, y]);
    }
  }

  private stepOn(x: Tensor2D, y: Tensor1D): void {
    const tfjs = tf();
    const params = this.model.flatParams();
    let correct: Tensor | undefined;
    let loss: Tensor;
    let grads: Tensor[];
    try {
      ({ value: loss, grads } = tfjs.valueAndGrads((...ps: Tensor[]) => {
        const logits = this.model.forward(x, ps);
        correct = tfjs.keep(tfjs.sum(tfjs.equal(tfjs.argMax(logits, 1), y)));
        return crossEntropy(logits, y, this.options.classes);
      })(params));
    } catch (err) {
      correct?.dispose();
      throw err;
    }
    const n = x.shape[0];
    try {
      this.model.setFlatParams(this.optimizer.update(params, grads));
      const previous = this.sums;
      this.sums = tfjs.tidy(() => {
        const batch = tfjs.stack([tfjs.mul(loss, n), tfjs.cast(correct!, 'float32')]);
        return previous ? tfjs.add(previous, batch) : batch;
      });
      tfjs.dispose([...params, ...(previous ? [previous] : [])]);
    } finally {
      tfjs.dispose([loss, correct!, ...grads]);
    }
  }

  async running(): Promise<RunningMetrics> {
    if (!this.sums) return runningMeans(0, 0, 0);
    const [loss, correct] = await this.sums.data();
    return runningMeans(loss, correct, this.epochBatches.seen);
  }

  syncModel(): void {
    // The model's own tensors are trained in place.
  }

  private resetSums(): void {
    this.sums?.dispose();
    this.sums = undefined;
  }

  dispose(): void {
    this.resetSums();
    this.optimizer.dispose();
  }
}
