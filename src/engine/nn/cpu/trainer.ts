// The training step on the CPU with nnlab's own WebAssembly SIMD kernels
// (assembly/step.ts), the same plan as the GPU's fused step: per step, a forward
// per layer (x·W + b and ReLU in one kernel; the first layer reads the batch's rows
// through the epoch order from the data set's uint8 pixels), the loss gradient with
// the running loss and accuracy sums, then per layer from the top the gradient one
// layer down (G·Wᵀ masked by ReLU′) and dW = Aᵀ·G with the optimizer's step on W in
// place, then db and b's step. Every buffer lives in one shared WebAssembly memory;
// the data set is copied in once, as bytes. Nothing goes through TensorFlow.js until
// syncModel() hands the weights back to the model.
import type { Split } from '../../data/dataset.js';
import { tf, type Tensor } from '../../tf.js';
import type { DenseChain } from '../dense-chain.js';
import type { Mlp } from '../model.js';
import { ADAM, adamCorrections } from '../optimizer.js';
import type { RunningMetrics, Trainer, TrainerOptions } from '../trainer-types.js';
import { EpochBatches, runningMeans } from '../epoch.js';
import { cpuPool, KERNEL, stepModule, type StepExports, type StepModule } from './kernels.js';
import type { ThreadPool } from './pool.js';

/** Rows per chunk of a job: small enough to share a batch of 32 between threads, whole blocks of 4. */
const ROWS_PER_CHUNK = 16;
/** Below this many multiply-adds a job runs on the calling thread alone: waking workers costs more. */
const PARALLEL_MADDS = 1 << 22;
/** The WebAssembly module's own data (its math tables) sits below this. */
const RESERVED = 1 << 16;
const PAGE = 1 << 16;

/** Widths padded to whole SIMD vectors (4 floats): the padding stays zero through training. */
const padded = (n: number) => Math.ceil(n / 4) * 4;

interface LayerBuffers {
  /** Rows of W as stored (the layer below's padded width) and outputs (padded to a multiple of 4). */
  k: number;
  /** The layer's real inputs, before padding. */
  inputs: number;
  m: number;
  /** The layer's real outputs, before padding. */
  outputs: number;
  relu: boolean;
  W: number;
  b: number;
  /** Adam's moments of W and b (0 for SGD). */
  MW: number;
  VW: number;
  Mb: number;
  Vb: number;
  /** The batch's outputs and their gradients, batchSize × m. */
  H: number;
  G: number;
}

export class CpuTrainer implements Trainer {
  readonly batchSize: number;
  readonly method: string;
  private readonly pool: ThreadPool;
  private readonly wasm: StepModule;
  private local: StepExports;
  private readonly memory: WebAssembly.Memory;
  private readonly layers: LayerBuffers[] = [];
  private readonly data: number;
  private readonly labels: number;
  private readonly order: number;
  private readonly opt: number;
  private readonly sums: number;
  /** Each thread's scratch: room to unpack 4 rows of pixels, or 4 pixels of every row of a batch, as f32. */
  private readonly scratch: number;
  private readonly scratchBytes: number;
  private readonly features: number;
  private readonly epochBatches: EpochBatches;
  private steps = 0;

  constructor(
    private readonly model: Mlp,
    train: Split,
    pixels: Uint8Array,
    private readonly options: TrainerOptions,
    chain: DenseChain,
    threads: number,
  ) {
    this.batchSize = options.batchSize;
    this.epochBatches = new EpochBatches(options.batchSize);
    this.features = pixels.length / train.n;
    const adam = options.optimizer === 'adam';

    // The memory's layout: a bump allocator over byte offsets, 16-byte aligned.
    let top = RESERVED;
    const take = (bytes: number) => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
    this.data = take(pixels.length);
    this.labels = take(train.n * 4);
    this.order = take(train.n * 4);
    this.opt = take(8 * 4);
    this.sums = take(2 * 8);
    this.scratchBytes = Math.ceil((16 * Math.max(this.features, this.batchSize)) / 64) * 64;
    this.scratch = take(this.scratchBytes * threads);
    let k = this.features;
    for (const [l, act] of chain.acts.entries()) {
      const outputs = model.params[l].W.shape[1];
      const m = padded(outputs);
      const weights = k * m * 4;
      this.layers.push({
        k,
        inputs: model.params[l].W.shape[0],
        m,
        outputs,
        relu: act === 'relu',
        W: take(weights),
        b: take(m * 4),
        MW: adam ? take(weights) : 0,
        VW: adam ? take(weights) : 0,
        Mb: adam ? take(m * 4) : 0,
        Vb: adam ? take(m * 4) : 0,
        H: take(this.batchSize * m * 4),
        G: take(this.batchSize * m * 4),
      });
      k = m;
    }
    const pages = Math.ceil(top / PAGE);
    if (pages > 65536) throw new Error(`the CPU step needs ${(top / 2 ** 30).toFixed(1)} GiB, more than WebAssembly's 4 GiB`);
    // Zero-filled: the padding of every W, b and moment starts (and stays) zero.
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.wasm = stepModule();
    this.pool = cpuPool(threads);
    this.local = this.bindPool();

    new Uint8Array(this.memory.buffer, this.data, pixels.length).set(pixels);
    new Int32Array(this.memory.buffer, this.labels, train.n).set(train.y);
    this.loadWeights();
    const threadWords = threads === 1 ? '1 thread' : `${threads} threads`;
    this.method = `nnlab's CPU step: WebAssembly ${this.wasm.relaxed ? 'relaxed SIMD (fused multiply-add)' : 'SIMD'}, ${threadWords}`;
  }

  private bindPool(): StepExports {
    return this.pool.bind<StepExports>(this.wasm.module, this.memory, (thread) => this.scratch + thread * this.scratchBytes);
  }

  /** The model's weights into the memory, each row padded. */
  private loadWeights(): void {
    const f32 = new Float32Array(this.memory.buffer);
    this.layers.forEach((layer, l) => {
      const W = this.model.params[l].W.dataSync() as Float32Array;
      for (let p = 0; p < layer.inputs; p++) {
        f32.set(W.subarray(p * layer.outputs, (p + 1) * layer.outputs), layer.W / 4 + p * layer.m);
      }
      f32.set(this.model.params[l].b.dataSync() as Float32Array, layer.b / 4);
    });
  }

  startEpoch(order: ArrayLike<number>): number {
    new Int32Array(this.memory.buffer, this.order, order.length).set(order);
    new Float64Array(this.memory.buffer, this.sums, 2).fill(0);
    return this.epochBatches.start(order.length);
  }

  step(b: number): void {
    const { offset, rows: n } = this.epochBatches.take(b);
    const order = this.order + offset * 4;
    const pool = this.pool;
    // Another trainer of this process may have used the pool since.
    if (!pool.isBound(this.memory)) this.local = this.bindPool();
    const { crossEntropyGrad, updateBias } = this.local;
    const layers = this.layers;
    const job = (fn: number, args: number[], total: number, madds: number) => pool.run(fn, args, total, madds < PARALLEL_MADDS ? total : ROWS_PER_CHUNK);

    layers.forEach((L, l) => {
      const madds = n * L.k * L.m;
      if (l === 0) job(KERNEL.forwardData, [this.data, order, L.k, L.W, L.b, L.H, L.m, +L.relu], n, madds);
      else job(KERNEL.forwardHidden, [layers[l - 1].H, L.k, L.W, L.b, L.H, L.m, +L.relu], n, madds);
    });
    const top = layers[layers.length - 1];
    crossEntropyGrad(top.H, top.m, this.options.classes, this.labels, order, n, top.G, 1 / n, this.sums);

    this.steps++;
    const { bc1, sqrtBc2 } = adamCorrections(this.steps);
    const adam = this.options.optimizer === 'adam';
    new Float32Array(this.memory.buffer, this.opt, 7).set([adam ? 1 : 0, this.options.lr, ADAM.beta1, ADAM.beta2, ADAM.eps, this.options.lr / bc1, sqrtBc2]);
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      const madds = n * L.k * L.m;
      // The gradient one layer down uses this layer's weights before their update.
      if (l > 0) job(KERNEL.backward, [L.G, L.m, L.W, L.k, layers[l - 1].H, layers[l - 1].G, +layers[l - 1].relu], n, madds);
      if (l === 0) job(KERNEL.updateData, [this.data, order, L.k, L.G, L.m, n, L.W, L.MW, L.VW, this.opt], L.k, madds);
      else job(KERNEL.updateHidden, [layers[l - 1].H, L.k, L.G, L.m, n, L.W, L.MW, L.VW, this.opt], L.k, madds);
      updateBias(L.G, L.m, n, L.b, L.Mb, L.Vb, this.opt);
    }
  }

  async running(): Promise<RunningMetrics> {
    const [loss, correct] = new Float64Array(this.memory.buffer, this.sums, 2);
    return runningMeans(loss, correct, this.epochBatches.seen);
  }

  syncModel(): void {
    const tfjs = tf();
    const f32 = new Float32Array(this.memory.buffer);
    const next: Tensor[] = this.layers.flatMap((L) => {
      const W = new Float32Array(L.inputs * L.outputs);
      for (let p = 0; p < L.inputs; p++) W.set(f32.subarray(L.W / 4 + p * L.m, L.W / 4 + p * L.m + L.outputs), p * L.outputs);
      return [tfjs.tensor2d(W, [L.inputs, L.outputs]), tfjs.tensor1d(f32.slice(L.b / 4, L.b / 4 + L.outputs))];
    });
    const old = this.model.flatParams();
    this.model.setFlatParams(next);
    tfjs.dispose(old);
  }

  dispose(): void {
    if (this.pool.isBound(this.memory)) this.pool.bind(undefined, undefined);
  }
}
