// Training throughput of the course's MNIST MLP: nnlab's own trainer (the very
// one the mlp lab uses), and tf.layers model.fit on the same backend as the
// baseline it replaced.
import { loadMnist } from '../data/mnist.js';
import { createMlp, initialWeights } from '../nn/model.js';
import { createTrainer } from '../nn/trainer.js';
import { FusedTrainer } from '../nn/fused/trainer.js';
import { parseModelSpec } from '../nn/model-spec.js';
import { createRng } from '../random.js';
import { tf, type Tensor1D, type Tensor2D } from '../tf.js';
import { threadCpuSpanMs } from './thread-cpu.js';

/**
 * With TensorFlow.js's kernels on WebGPU the loop lets the GPU fall at most twice this
 * many steps behind. A loop that reads nothing records far faster than a GPU computes,
 * and what each step in flight holds (its buffers and bind groups) piles up meanwhile:
 * about 0.4 MB a step on lavapipe, where Dawn crashed (a segmentation fault) after
 * about 1,250 steps. The fused step holds nothing per step and runs unthrottled.
 */
const IN_FLIGHT_STEPS = 32;

export const COURSE_MLP = 'Flatten, Linear(784,64), ReLU, Linear(64,128), ReLU, Linear(128,128), ReLU, Linear(128,10)';
/** 6 FLOP per weight per sample (forward 2, backward 4) × 76,032 weights. */
export const FLOP_PER_SAMPLE = 6 * (784 * 64 + 64 * 128 + 128 * 128 + 128 * 10);

export interface Throughput {
  samplesPerSec: number;
  seconds: number;
  /** How the training step ran (fused kernels or autodiff). */
  method?: string;
  /** The GPU step's own counts: dispatches and submits per step. */
  dispatchesPerStep?: number;
  submitsPerStep?: number;
  /**
   * The JavaScript thread's CPU time to record and submit one step (in JavaScript and
   * Dawn), without waiting for the device; wall-clock time where the system does not
   * say a thread's CPU time.
   */
  hostMicrosPerStep?: number;
  /** The same in wall-clock time: more than the CPU time where a software GPU computes on the same cores. */
  hostWallMicrosPerStep?: number;
  /** The GPU step's host time (wall clock) in its two parts: recording the dispatches (uniforms included), and queue.submit. */
  encodeMicrosPerStep?: number;
  submitMicrosPerStep?: number;
}

function mnistTensors(samples: number): { x: Tensor2D; y: Tensor1D } {
  const tfjs = tf();
  const data = loadMnist(undefined, { train: samples, test: 1 });
  return { x: tfjs.tensor2d(data.train.x, [data.train.n, 784]), y: tfjs.tensor1d(data.train.y, 'int32') };
}

/**
 * Epochs of nnlab's trainer, exactly as the mlp lab runs them: shuffled
 * batches, one step each. The first epoch warms up (shader compilation, buffer
 * pools) and is not timed when `epochs` > 1.
 */
export async function nnlabEpoch(
  samples: number,
  batchSize: number,
  options: { fused?: boolean; epochs?: number; threads?: number; minSeconds?: number } = {},
): Promise<Throughput> {
  const train = loadMnist(undefined, { train: samples, test: 1 }).train;
  const layers = parseModelSpec(COURSE_MLP);
  const model = createMlp(layers, initialWeights(layers, createRng(1)));
  const trainer = createTrainer(model, train, { optimizer: 'sgd', lr: 0.1, classes: 10, batchSize, fused: options.fused, threads: options.threads });
  const rng = createRng(2);
  const epochs = options.epochs ?? 1;
  const fused = trainer instanceof FusedTrainer ? trainer : undefined;
  const throttled = fused ? undefined : (tf().backend() as { device?: GPUDevice }).device;
  let seconds = 0;
  let timed = 0;
  // The host's time, over the timed epochs only (the first compiles and warms up).
  let [hostMs, hostCpuMs, steps] = [0, 0 as number | undefined, 0];
  let costBefore: ReturnType<FusedTrainer['hostCost']> | undefined;
  try {
    await trainer.ready?.();
    for (let epoch = 0; epoch < epochs || seconds < (options.minSeconds ?? 0); epoch++) {
      const isTimed = epoch > 0 || epochs === 1;
      const batches = trainer.startEpoch(rng.shuffle(Array.from({ length: train.n }, (_, i) => i)));
      if (isTimed) costBefore ??= fused?.hostCost();
      let [start, recorded] = [0, 0];
      const cpuMs = await threadCpuSpanMs(async () => {
        start = performance.now();
        // The GPU's work up to IN_FLIGHT_STEPS steps ago, waited for when as many more are recorded: it is never left idle.
        let earlier: Promise<void> | undefined;
        for (let b = 0; b < batches; b++) {
          trainer.step(b);
          if (throttled && (b + 1) % IN_FLIGHT_STEPS === 0) {
            const submitted = throttled.queue.onSubmittedWorkDone();
            submitted.catch(() => {}); // awaited below; a loss of the device ends the loop there, not the process
            await earlier;
            earlier = submitted;
          }
        }
        await earlier;
        recorded = performance.now();
      });
      await trainer.running(); // waits for the last step
      if (!isTimed) continue;
      [seconds, timed] = [seconds + (performance.now() - start) / 1000, timed + 1];
      [hostMs, steps] = [hostMs + (recorded - start), steps + batches];
      hostCpuMs = hostCpuMs !== undefined && cpuMs !== undefined ? hostCpuMs + cpuMs : undefined;
    }
  } finally {
    trainer.dispose();
    model.dispose();
  }
  const costAfter = fused?.hostCost();
  const perStep = (ms: number) => (ms * 1000) / steps;
  return {
    samplesPerSec: (train.n * timed) / seconds,
    seconds,
    method: trainer.method,
    // One thread's CPU time cannot exceed the wall clock's: where it reads more, that is the readings' own cost.
    // (A throttled loop's time includes its waits for the GPU: no host time to speak of.)
    ...(throttled ? {} : { hostMicrosPerStep: perStep(Math.min(hostCpuMs ?? hostMs, hostMs)), hostWallMicrosPerStep: perStep(hostMs) }),
    ...(fused ? { dispatchesPerStep: fused.dispatchesPerStep, submitsPerStep: fused.submitsPerStep } : {}),
    ...(costBefore && costAfter
      ? {
          encodeMicrosPerStep: (1000 * (costAfter.encodeMs - costBefore.encodeMs)) / (costAfter.steps - costBefore.steps),
          submitMicrosPerStep: (1000 * (costAfter.submitMs - costBefore.submitMs)) / (costAfter.steps - costBefore.steps),
        }
      : {}),
  };
}

/**
 * The same with tf.layers and model.fit (verbose 0): the way nnlab trained
 * before its own loop. With `epochs` > 1 the first warms up untimed, as above.
 */
export async function modelFitEpoch(samples: number, batchSize: number, epochs = 1): Promise<Throughput> {
  const tfjs = tf();
  const { x, y } = mnistTensors(samples);
  const oneHot = tfjs.oneHot(y, 10);
  const model = tfjs.sequential();
  model.add(tfjs.layers.dense({ inputShape: [784], units: 64, activation: 'relu' }));
  model.add(tfjs.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfjs.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfjs.layers.dense({ units: 10 }));
  model.compile({ optimizer: tfjs.train.sgd(0.1), loss: (yTrue, yPred) => tfjs.losses.softmaxCrossEntropy(yTrue, yPred) });
  if (epochs > 1) await model.fit(x, oneHot, { batchSize, epochs: 1, verbose: 0, shuffle: true });
  const timed = Math.max(1, epochs - 1);
  const start = performance.now();
  await model.fit(x, oneHot, { batchSize, epochs: timed, verbose: 0, shuffle: true });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  tfjs.dispose([x, y, oneHot]);
  return { samplesPerSec: (samples * timed) / seconds, seconds };
}
