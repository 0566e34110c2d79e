// The training step on the GPU in 3L dispatches for L Linear layers and no
// read-back: L fused forwards, the loss gradient with the running sums, then per
// layer (top down) the gradient one layer down and one kernel that computes the
// weight and bias gradients and applies the optimizer in place (two above
// SPLIT_ROWS rows per batch, where the gradient is summed over slices of the batch
// in parallel). Encoded straight on the GPUDevice (direct.ts): pipelines made once
// before the first step, buffers and bind groups made once per batch size, the
// uniforms of STEPS_PER_WRITE steps written at once and read at dynamic offsets,
// SUBMIT_EVERY steps per submit. The training data (as bytes) and labels stay
// resident on the GPU; a batch is a range of the epoch's order.
import { imageBytes, type Split } from '../../data/dataset.js';
import { tf, type Tensor } from '../../tf.js';
import type { Mlp } from '../model.js';
import { ADAM, adamCorrections } from '../optimizer.js';
import type { RunningMetrics, Trainer, TrainerOptions } from '../trainer-types.js';
import { EpochBatches, runningMeans } from '../epoch.js';
import { denseChain, type Activation, type DenseChain } from '../dense-chain.js';
import { bindKernel, compileKernel, uniformPlan, UNIFORM_SLOT, writeStepValues, type Input, type Kernel, type UniformPlan } from './direct.js';
import {
  applyPartsProgram,
  backwardProgram,
  crossEntropyGradSumsProgram,
  forwardProgram,
  gradientPartsProgram,
  SPLIT_CHUNK,
  SPLIT_ROWS,
  updateProgram,
  type UpdateRule,
} from './wgsl.js';

export type FusedPlan = DenseChain & { pixels: Uint8Array };

/** Steps whose uniforms are written to the GPU at once (no writeBuffer per step). */
const STEPS_PER_WRITE = 64;
/** Steps recorded into one command buffer before it is submitted. */
const SUBMIT_EVERY = 8;
/** Reads of the running sums in flight at once, not waited on (peekRunning). */
const READ_RING = 3;

const device = (): GPUDevice | undefined => (tf().backend() as { device?: GPUDevice }).device;

/**
 * The fused kernels cover a chain of Linear layers with ReLU or nothing between
 * them (dense-chain.ts), images (bytes: they stay resident as such), and data
 * that fits one GPU buffer binding; otherwise the reason they do not apply.
 */
export function fusedPlan(layers: Mlp['layers'], train: Split): FusedPlan | string {
  const chain = denseChain(layers);
  if (typeof chain === 'string') return chain;
  const pixels = imageBytes(train);
  if (typeof pixels === 'string') return pixels;
  const limit = device()?.limits.maxStorageBufferBindingSize ?? 0;
  const bytes = Math.ceil(pixels.length / 4) * 4;
  if (bytes > limit)
    return `the training data (${(bytes / 2 ** 20).toFixed(0)} MiB) is larger than this GPU's largest buffer binding (${(limit / 2 ** 20).toFixed(0)} MiB)`;
  return { ...chain, pixels };
}

/** What changes from step to step: the batch's place in the epoch's order, and Adam's bias corrections for the step's number. */
type StepValues = { offset: number; rows: number; bc1: number; sqrtBc2: number };
/** Steps whose values all differ, from which each dispatch's uniform plan is found (the third, far from the others, checks it). */
const PROBES: [StepValues, StepValues, StepValues] = [
  { offset: 1, rows: 2, bc1: 0.25, sqrtBc2: 0.5 },
  { offset: 3, rows: 5, bc1: 0.125, sqrtBc2: 0.375 },
  { offset: 100_003, rows: 4_099, bc1: 0.0625, sqrtBc2: 0.6875 },
];

/** A step's uniform values for one dispatch, by field name. */
type Uniforms = (at: StepValues) => Record<string, number>;

/** One dispatch of a step: its kernel, bind group, workgroup counts, and the plan that writes its uniforms for each step. */
interface Dispatch {
  kernel: Kernel;
  group: GPUBindGroup;
  workgroups: [number, number, number];
  plan: UniformPlan<StepValues>;
}

/** Compiled kernels are kept per device and shader: a second trainer (the next run, the next lecture step) compiles none. */
const compiled = new WeakMap<GPUDevice, Map<string, Promise<Kernel>>>();

function kernelOf(gpu: GPUDevice, program: ReturnType<typeof forwardProgram>, inputs: Input[], inPlace: string[] = []): Promise<Kernel> {
  let cache = compiled.get(gpu);
  if (!cache) compiled.set(gpu, (cache = new Map()));
  const key = `${program.shaderKey}|${inputs.map((i) => i.name).join(',')}|${inPlace.join(',')}`;
  let kernel = cache.get(key);
  if (!kernel) cache.set(key, (kernel = compileKernel(gpu, program, inputs, inPlace)));
  return kernel;
}

const f32 = (name: string): Input => ({ name, type: 'f32' });
const i32 = (name: string): Input => ({ name, type: 'i32' });
/** The training images as bytes, four to a word, read through the epoch's order. */
const DATA: Input[] = [{ name: 'X', type: 'u32' }, i32('I')];

/**
 * The kernels of a step, by role and layer, compiled once per device (kernelOf). A
 * shader does not depend on the sizes (its uniforms carry them): programs are made
 * with nominal ones, and the same kernels serve every width and batch size.
 */
function stepKernels(gpu: GPUDevice, acts: readonly Activation[], rule: UpdateRule) {
  const layerInput = (l: number): Input[] => (l === 0 ? DATA : [f32('A')]);
  return {
    forward: (l: number) => kernelOf(gpu, forwardProgram(1, 1, acts[l], l === 0, 'bytes'), [...layerInput(l), f32('S')]),
    lossGradient: () => kernelOf(gpu, crossEntropyGradSumsProgram(1, 1), [f32('L'), i32('Y'), i32('I'), { name: 'Q', type: 'f32', writable: true }]),
    /** The gradient one layer below l, masked by that layer's ReLU′ where it has one. */
    backward: (l: number) => kernelOf(gpu, backwardProgram(1, 1, acts[l - 1]), acts[l - 1] === 'relu' ? [f32('G'), f32('S'), f32('H')] : [f32('G'), f32('S')]),
    update: (l: number) => kernelOf(gpu, updateProgram(1, 1, rule, l === 0, 'bytes'), [...layerInput(l), f32('G')], ['S']),
    gradientParts: (l: number) => kernelOf(gpu, gradientPartsProgram(1, 1, l === 0, 1, 'bytes'), [...layerInput(l), f32('G')]),
    applyParts: () => kernelOf(gpu, applyPartsProgram(rule === 'adam' ? 3 : 1, 1, 1, rule), [f32('D')], ['S']),
  };
}

/** Every kernel a step of this chain needs at this batch size. */
function allStepKernels(gpu: GPUDevice, acts: readonly Activation[], rule: UpdateRule, batchSize: number): Promise<Kernel>[] {
  const k = stepKernels(gpu, acts, rule);
  const split = batchSize > SPLIT_ROWS;
  return [
    ...acts.map((_, l) => k.forward(l)),
    k.lossGradient(),
    ...acts.slice(1).map((_, i) => k.backward(i + 1)),
    ...acts.flatMap((_, l) => (split ? [k.gradientParts(l), k.applyParts()] : [k.update(l)])),
  ];
}

/**
 * Starts compiling the kernels a trainer of these layers will need, where the
 * backend is WebGPU and the fused step covers them: a lab calls it before loading
 * its data, and a GPU driver's tens of milliseconds a pipeline pass meanwhile.
 * Failures are left to the trainer to report.
 */
export function warmFusedKernels(layers: Mlp['layers'], options: Pick<TrainerOptions, 'optimizer' | 'batchSize'>): void {
  const gpu = device();
  const chain = denseChain(layers);
  if (!gpu || typeof chain === 'string') return;
  for (const kernel of allStepKernels(gpu, chain.acts, options.optimizer, options.batchSize)) kernel.catch(() => {});
}

export class FusedTrainer implements Trainer {
  readonly batchSize: number;
  readonly method: string;
  /** What one step costs: dispatches and the share of a submit (for the benchmark and the tests). */
  readonly dispatchesPerStep: number;
  readonly submitsPerStep = 1 / SUBMIT_EVERY;
  /** Host time spent recording steps (uniforms included) and in queue.submit, in milliseconds. */
  private encodeMs = 0;
  private submitMs = 0;
  private readonly gpu: GPUDevice;
  private readonly buffers: GPUBuffer[] = [];
  private readonly data: GPUBuffer;
  private readonly labels: GPUBuffer;
  private readonly order: GPUBuffer;
  private readonly sums: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** Buffers for reads not waited on: in flight (with the samples they count) or free. */
  private readonly ring: { buffer: GPUBuffer; samples?: number; done?: boolean; epoch?: number }[];
  private latest: RunningMetrics | undefined;
  private epoch = 0;
  /** Per layer [slots, in + 1, out]: W with b as its last row; Adam's m and v in slots 1 and 2. */
  private readonly states: GPUBuffer[];
  private readonly stateShapes: [number, number, number][];
  private readonly uniformBuffer: GPUBuffer;
  private readonly uniformStaging: ArrayBuffer;
  private dispatches: Dispatch[] = [];
  /** Compiles every pipeline; the first step waits for it (ready()). */
  private readonly compiling: Promise<void>;
  private compiledOk = false;
  private readonly epochBatches: EpochBatches;
  private steps = 0;
  private written = -1;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private pending = 0;

  constructor(
    private readonly model: Mlp,
    train: Split,
    private readonly options: TrainerOptions,
    private readonly plan: FusedPlan,
  ) {
    const gpu = device();
    if (!gpu) throw new Error('the fused kernels need the webgpu backend');
    this.gpu = gpu;
    this.batchSize = options.batchSize;
    this.epochBatches = new EpochBatches(options.batchSize);
    const { acts } = plan;
    const layers = acts.length;
    const split = options.batchSize > SPLIT_ROWS;
    this.dispatchesPerStep = 3 * layers + (split ? layers : 0);
    this.method = `fused WebGPU kernels: ${this.dispatchesPerStep} dispatches per step, data resident on the GPU`;

    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buffer = (bytes: number, label: string, extra = 0) => {
      const b = gpu.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: usage | extra, label: `nnlab ${label}` });
      this.buffers.push(b);
      return b;
    };
    const padded = new Uint8Array(Math.ceil(plan.pixels.length / 4) * 4);
    padded.set(plan.pixels);
    this.data = buffer(padded.length, 'data');
    gpu.queue.writeBuffer(this.data, 0, padded);
    this.labels = buffer(train.n * 4, 'labels');
    gpu.queue.writeBuffer(this.labels, 0, Int32Array.from(train.y));
    this.order = buffer(train.n * 4, 'order');
    this.sums = buffer(8, 'sums');
    this.readback = gpu.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'nnlab sums readback' });
    this.buffers.push(this.readback);
    this.ring = Array.from({ length: READ_RING }, (_, i) => {
      const b = gpu.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `nnlab sums ring ${i}` });
      this.buffers.push(b);
      return { buffer: b };
    });

    const slots = options.optimizer === 'adam' ? 3 : 1;
    this.stateShapes = model.params.map((p) => [slots, p.W.shape[0] + 1, p.W.shape[1]]);
    // Each layer's state from the model: [W; b] in slot 0, zeros (Adam's moments) after it.
    this.states = model.params.map((p, l) => {
      const [, rows, outputs] = this.stateShapes[l];
      const state = buffer(slots * rows * outputs * 4, `state ${l}`);
      const Wb = new Float32Array(rows * outputs);
      Wb.set(p.W.dataSync() as Float32Array);
      Wb.set(p.b.dataSync() as Float32Array, (rows - 1) * outputs);
      gpu.queue.writeBuffer(state, 0, Wb);
      return state;
    });

    this.uniformStaging = new ArrayBuffer(STEPS_PER_WRITE * this.dispatchesPerStep * UNIFORM_SLOT);
    this.uniformBuffer = buffer(this.uniformStaging.byteLength, 'uniforms', GPUBufferUsage.UNIFORM);
    this.compiling = this.build().then(() => {
      this.compiledOk = true;
    });
    // An unhandled rejection here would end the process: the error surfaces at ready() or the first step.
    this.compiling.catch(() => {});
  }

  /** Resolves when the pipelines are compiled: a lab awaits it before its first epoch ("compiling GPU kernels"). */
  ready(): Promise<void> {
    return this.compiling;
  }

  /** The step's dispatches, in order, over buffers sized for the batch. */
  private async build(): Promise<void> {
    const gpu = this.gpu;
    const { acts } = this.plan;
    const n = this.batchSize;
    const classes = this.options.classes;
    const layers = acts.length;
    const rule = this.options.optimizer;
    const outputsOf = (l: number) => this.stateShapes[l][2];
    const inputsOf = (l: number) => this.stateShapes[l][1] - 1;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const make = (bytes: number, label: string) => {
      const b = gpu.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage, label: `nnlab ${label}` });
      this.buffers.push(b);
      return b;
    };
    const H = acts.map((_, l) => make(n * outputsOf(l) * 4, `H${l}`));
    const G = acts.map((_, l) => make(n * outputsOf(l) * 4, `G${l}`));
    const split = n > SPLIT_ROWS;
    const splits = Math.ceil(n / SPLIT_CHUNK);
    const parts = split ? acts.map((_, l) => make(splits * (inputsOf(l) + 1) * outputsOf(l) * 4, `parts${l}`)) : [];
    const tiles = (M: number, N: number, z = 1): [number, number, number] => [Math.ceil(N / 64), Math.ceil(M / 64), z];

    const kernels = stepKernels(gpu, acts, rule);
    const planned: Promise<{ kernel: Kernel; output: GPUBuffer; inputs: GPUBuffer[]; workgroups: Dispatch['workgroups']; uniforms: Uniforms }>[] = [];
    // The optimizer's uniforms, the same in the one-kernel update and in applying the parts.
    const ruleUniforms = ({ bc1, sqrtBc2 }: StepValues) => ({ lr: this.options.lr, beta1: ADAM.beta1, beta2: ADAM.beta2, eps: ADAM.eps, bc1, sqrtBc2 });
    const add = (kernel: Promise<Kernel>, output: GPUBuffer, inputs: GPUBuffer[], workgroups: Dispatch['workgroups'], uniforms: Uniforms) =>
      planned.push(kernel.then((k) => ({ kernel: k, output, inputs, workgroups, uniforms })));

    acts.forEach((_, l) => {
      const fromData = l === 0;
      add(
        kernels.forward(l),
        H[l],
        fromData ? [this.data, this.order, this.states[l]] : [H[l - 1], this.states[l]],
        tiles(n, outputsOf(l)),
        ({ offset, rows }) => ({
          M: rows,
          N: outputsOf(l),
          P: inputsOf(l),
          offset,
        }),
      );
    });
    const top = layers - 1;
    // The loss gradient and the running sums in one dispatch: the sums buffer is bound writable beside G.
    add(kernels.lossGradient(), G[top], [H[top], this.labels, this.order, this.sums], [1, 1, 1], ({ offset, rows }) => ({ rows, classes, offset }));
    for (let l = top; l >= 0; l--) {
      const fromData = l === 0;
      const input = fromData ? [this.data, this.order] : [H[l - 1]];
      if (l > 0) {
        // The gradient one layer down uses this layer's weights before their update.
        const below = acts[l - 1];
        add(kernels.backward(l), G[l - 1], below === 'relu' ? [G[l], this.states[l], H[l - 1]] : [G[l], this.states[l]], tiles(n, inputsOf(l)), ({ rows }) => ({
          M: rows,
          N: inputsOf(l),
          P: outputsOf(l),
        }));
      }
      const [inputs, outputs] = [inputsOf(l), outputsOf(l)];
      if (!split) {
        add(kernels.update(l), this.states[l], [...input, G[l]], tiles(inputs + 1, outputs), (at) => ({
          M: inputs + 1,
          N: outputs,
          P: at.rows,
          offset: at.offset,
          inputs,
          ...ruleUniforms(at),
        }));
      } else {
        add(kernels.gradientParts(l), parts[l], [...input, G[l]], tiles(inputs + 1, outputs, splits), ({ offset, rows }) => ({
          M: inputs + 1,
          N: outputs,
          P: rows,
          offset,
          inputs,
          chunk: SPLIT_CHUNK,
        }));
        add(kernels.applyParts(), this.states[l], [parts[l]], [Math.ceil(((inputs + 1) * outputs) / 64), 1, 1], (at) => ({
          size: (inputs + 1) * outputs,
          splits,
          ...ruleUniforms(at),
        }));
      }
    }
    const built = await Promise.all(planned);
    this.dispatches = built.map(({ kernel, output, inputs, workgroups, uniforms }) => ({
      kernel,
      workgroups,
      plan: uniformPlan(kernel.program, uniforms, PROBES),
      group: bindKernel(gpu, kernel, output, inputs, this.uniformBuffer),
    }));
    if (this.dispatches.length !== this.dispatchesPerStep) throw new Error(`planned ${this.dispatches.length} dispatches, expected ${this.dispatchesPerStep}`);
    // Each slot belongs to one dispatch for good: what never changes is written into it once.
    const words = new Uint32Array(this.uniformStaging);
    for (let s = 0; s < STEPS_PER_WRITE; s++)
      this.dispatches.forEach(({ plan }, i) => words.set(plan.template, ((s * this.dispatches.length + i) * UNIFORM_SLOT) / 4));
  }

  startEpoch(order: ArrayLike<number>): number {
    this.flush();
    this.gpu.queue.writeBuffer(this.order, 0, Int32Array.from(order));
    this.gpu.queue.writeBuffer(this.sums, 0, new Float32Array(2));
    this.written = -1;
    this.epoch++;
    this.latest = undefined;
    return this.epochBatches.start(order.length);
  }

  /** The uniforms of steps first … first + STEPS_PER_WRITE − 1 of the epoch, in one write. */
  private writeUniforms(first: number): void {
    const staging = this.uniformStaging;
    const [ints, floats] = [new Int32Array(staging), new Float32Array(staging)];
    const D = this.dispatches.length;
    let s = 0;
    for (; s < STEPS_PER_WRITE; s++) {
      const range = this.epochBatches.range(first + s);
      if (!range) break;
      const { bc1, sqrtBc2 } = adamCorrections(this.steps + 1 + s);
      const at: StepValues = { offset: range.offset, rows: range.rows, bc1, sqrtBc2 };
      for (let i = 0; i < D; i++) writeStepValues(this.dispatches[i].plan, at, ints, floats, ((s * D + i) * UNIFORM_SLOT) / 4);
    }
    this.flush(); // what was recorded reads the uniforms now in the buffer
    this.gpu.queue.writeBuffer(this.uniformBuffer, 0, this.uniformStaging, 0, s * D * UNIFORM_SLOT); // the steps left in the epoch
    this.written = first;
  }

  step(b: number): void {
    const [started, submitted] = [performance.now(), this.submitMs];
    try {
      this.record(b);
    } finally {
      // A submit within the recording (new uniforms wait for what was recorded) counts as submitting.
      this.encodeMs += performance.now() - started - (this.submitMs - submitted);
    }
    if (++this.pending >= SUBMIT_EVERY) this.flush();
  }

  /** The host's time (wall clock, ms) recording steps and in queue.submit, since the trainer was made, and the steps recorded. */
  hostCost(): { steps: number; encodeMs: number; submitMs: number } {
    return { steps: this.steps, encodeMs: this.encodeMs, submitMs: this.submitMs };
  }

  private record(b: number): void {
    if (!this.compiledOk) throw new Error('FusedTrainer.step before ready(): the GPU kernels are still compiling');
    this.epochBatches.take(b);
    if (this.written < 0 || b < this.written || b >= this.written + STEPS_PER_WRITE) this.writeUniforms(b);
    if (!this.pass) {
      this.encoder = this.gpu.createCommandEncoder({ label: 'nnlab steps' });
      this.pass = this.encoder.beginComputePass();
    }
    const { pass, dispatches } = this;
    const D = dispatches.length;
    const slot = (b - this.written) * D;
    for (let i = 0; i < D; i++) {
      const { kernel, group, workgroups } = dispatches[i];
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, group, [(slot + i) * UNIFORM_SLOT]);
      pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
    }
    this.steps++;
  }

  /** Submits what is recorded. */
  private flush(): void {
    if (!this.pass) return;
    this.pass.end();
    const started = performance.now();
    this.gpu.queue.submit([this.encoder!.finish()]);
    this.submitMs += performance.now() - started;
    this.pass = this.encoder = undefined;
    this.pending = 0;
  }

  peekRunning(): RunningMetrics | undefined {
    // Take what came back (oldest first), then ask for the sums as they will be after what is recorded now.
    for (const slot of this.ring) {
      if (slot.done && slot.samples !== undefined) {
        const [loss, correct] = new Float32Array(slot.buffer.getMappedRange().slice(0));
        slot.buffer.unmap();
        if (slot.epoch === this.epoch && (!this.latest || slot.samples > this.latest.samples)) {
          this.latest = runningMeans(loss, correct, slot.samples);
        }
        [slot.samples, slot.done, slot.epoch] = [undefined, undefined, undefined];
      }
    }
    const free = this.ring.find((slot) => slot.samples === undefined);
    if (free && this.epochBatches.seen > 0) {
      this.flush();
      const encoder = this.gpu.createCommandEncoder();
      encoder.copyBufferToBuffer(this.sums, 0, free.buffer, 0, 8);
      this.gpu.queue.submit([encoder.finish()]);
      [free.samples, free.epoch] = [this.epochBatches.seen, this.epoch];
      free.buffer.mapAsync(GPUMapMode.READ).then(
        () => (free.done = true),
        () => ([free.samples, free.epoch] = [undefined, undefined]),
      );
    }
    return this.latest;
  }

  async running(): Promise<RunningMetrics> {
    if (this.epochBatches.seen === 0) return runningMeans(0, 0, 0);
    this.flush();
    const encoder = this.gpu.createCommandEncoder();
    encoder.copyBufferToBuffer(this.sums, 0, this.readback, 0, 8);
    this.gpu.queue.submit([encoder.finish()]);
    await this.readback.mapAsync(GPUMapMode.READ);
    const [loss, correct] = new Float32Array(this.readback.getMappedRange().slice(0));
    this.readback.unmap();
    return runningMeans(loss, correct, this.epochBatches.seen);
  }

  syncModel(): void {
    this.flush();
    const tfjs = tf();
    const old = this.model.flatParams();
    const next = this.states.flatMap((buffer, l) =>
      tfjs.tidy(() => {
        const [slots, rows, outputs] = this.stateShapes[l];
        // A copy of the state buffer into a tensor (tfjs orders it after our submits on the same queue).
        const S = tfjs.tensor({ buffer }, [slots, rows, outputs], 'float32') as Tensor;
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
    this.flush();
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }
}
