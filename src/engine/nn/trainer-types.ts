// What every trainer is, apart from which one: the trainers import these, and
// trainer.ts chooses among them (no import runs back from a trainer to the chooser).
import type { OptimizerName } from './optimizer.js';

export interface TrainerOptions {
  optimizer: OptimizerName;
  lr: number;
  classes: number;
  batchSize: number;
  /** false: autodiff with TensorFlow.js's stock ops, never nnlab's fast steps (fused kernels, hand-written gradients): the benchmark's baseline. */
  fused?: boolean;
  /** Threads of nnlab's CPU step (default: the run's, cpuStepThreads()). */
  threads?: number;
}

export interface RunningMetrics {
  loss: number;
  acc: number;
  samples: number;
}

export interface Trainer {
  readonly batchSize: number;
  /** How one training step runs here, in words. */
  readonly method: string;
  /** Begins an epoch over the training rows in this order (the running means start again); returns its number of batches. */
  startEpoch(order: ArrayLike<number>): number;
  /**
   * Resolves when the trainer can step: the GPU's pipelines compiled (asynchronously,
   * tens of milliseconds each on a driver). Trainers that are ready at once have none.
   */
  ready?(): Promise<void>;
  /** Trains on batch `b` of the epoch. Nothing is read back from the device. */
  step(b: number): void;
  /**
   * Without waiting: the running sums as the device last reported them (a step or so
   * late), undefined until one has come back; asks for newer ones. Trainers on a device
   * whose queue should not be drained per chart point have it (the GPU); others need not.
   */
  peekRunning?(): RunningMetrics | undefined;
  /** Mean loss and accuracy over the batches since the epoch began (one sync with the device). */
  running(): Promise<RunningMetrics>;
  /** Puts the trained parameters into the model, for evaluating, statistics or saving. */
  syncModel(): void;
  dispose(): void;
}
