// Will a model train here? Estimated before anything is allocated, so a model
// that cannot fit is a clear refusal (an InputError) rather than a hang or "Invalid
// typed array length" after minutes of initialisation.
import { currentProfile } from '../backend.js';
import { InputError } from '../input-error.js';
import { modelSize, type LayerSpec } from './model-spec.js';
import { tf } from '../tf.js';
import type { OptimizerName } from './optimizer.js';

const FLOAT = 4;
/**
 * Bytes held per parameter byte while training, all copies counted: the weights
 * made in JavaScript and on the backend, gradients, the tables that read them
 * back. Measured here (peak RSS above an empty run, 40M-parameter MLP, SGD):
 * 7.4× on cpu, 9.7× on wasm; Adam adds its m and v.
 */
const PARAMETER_COPIES: Record<OptimizerName, number> = { sgd: 10, adam: 12 };

export interface TrainingMemory {
  parameters: number;
  /** Weights, their gradients, the optimizer's state (Adam: m and v) and their copies. */
  parameterBytes: number;
  /** Every layer's output and its gradient, for one batch. */
  activationBytes: number;
  /** The training images, kept on the device. */
  dataBytes: number;
  totalBytes: number;
  /** The largest single tensor: a weight matrix or a batch's output. */
  largestTensorBytes: number;
}

export function trainingMemory(
  layers: readonly LayerSpec[],
  inputShape: readonly number[],
  options: { batchSize: number; optimizer: OptimizerName; trainRows: number },
): TrainingMemory {
  const size = modelSize(layers, inputShape, options.batchSize);
  const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const batchInput = options.batchSize * count(inputShape);
  // Every layer's output (activations too, not only torchinfo's layers with parameters), and its gradient.
  const outputs = size.layers.reduce((sum, row) => sum + count(row.outputShape), batchInput);
  const largest = Math.max(batchInput, ...size.layers.map((row) => Math.max(row.params, count(row.outputShape))));
  const parameterBytes = size.totalParams * FLOAT * PARAMETER_COPIES[options.optimizer];
  const activationBytes = 2 * outputs * FLOAT;
  const dataBytes = options.trainRows * count(inputShape) * FLOAT;
  return {
    parameters: size.totalParams,
    parameterBytes,
    activationBytes,
    dataBytes,
    totalBytes: parameterBytes + activationBytes + dataBytes,
    largestTensorBytes: largest * FLOAT,
  };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`;

/** Throws an InputError naming what training would need and what the current backend has. */
export function checkTrainingFits(memory: TrainingMemory): void {
  const tfjs = tf();
  const limit = currentProfile(tfjs).memory(tfjs);
  const backend = tfjs.getBackend();
  const fixes = 'use fewer or smaller layers, a smaller --batch-size, or fewer images (--limit)';
  if (limit.totalBytes !== undefined && memory.totalBytes > limit.totalBytes) {
    throw new InputError(
      `this model (${memory.parameters.toLocaleString('en')} parameters) needs about ${gb(memory.totalBytes)} to train ` +
        `(weights, gradients, optimizer state and their copies ${gb(memory.parameterBytes)}, activations ${gb(memory.activationBytes)}, images ${gb(memory.dataBytes)}), ` +
        `but the ${backend} backend has ${gb(limit.totalBytes)} (${limit.source}): ${fixes}`,
    );
  }
  if (limit.tensorBytes !== undefined && memory.largestTensorBytes > limit.tensorBytes) {
    throw new InputError(
      `this model's largest tensor needs ${gb(memory.largestTensorBytes)}, but the ${backend} backend takes at most ${gb(limit.tensorBytes)} in one tensor (${limit.source}): ${fixes}`,
    );
  }
}
