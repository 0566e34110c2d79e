import { beforeAll, expect, it } from 'vitest';
import { selectBackend, withBackend } from '../../src/engine/backend.js';
import { loadMnist } from '../../src/engine/data/mnist.js';
import { fusedOps, registerFusedKernels } from './fused-registry.js';
import { createMlp, initialWeights, readWeights } from '../../src/engine/nn/model.js';
import { ADAM, adamCorrections } from '../../src/engine/nn/optimizer.js';
import { AutodiffTrainer, createTrainer, warmTrainer } from '../../src/engine/nn/trainer.js';
import {
  applyPartsProgram,
  backwardProgram,
  crossEntropyGradSumsProgram,
  forwardProgram,
  gradientPartsProgram,
  updateProgram,
} from '../../src/engine/nn/fused/wgsl.js';
import { FusedTrainer } from '../../src/engine/nn/fused/trainer.js';
import { parseModelSpec } from '../../src/engine/nn/model-spec.js';
import { createRng } from '../../src/engine/random.js';
import { tf, type Tensor } from '../../src/engine/tf.js';
import { COURSE_MLP, nnlabEpoch } from '../../src/engine/bench/training-bench.js';
import { describeWebgpu } from '../webgpu.js';
import { collect, only } from '../helpers.js';
import { mlpLab } from '../../src/labs/course/mlp/lab.js';

const ROWS = [1, 7, 33, 257];
/** Above SPLIT_ROWS the update runs as two kernels (split-K): 1025 rows make 5 slices, the last of one row. */
const SPLIT = 1025;
const [INPUTS, OUTPUTS, DATA_ROWS] = [67, 70, 300]; // both cross the kernels' 64-wide tiles

async function expectClose(actual: Tensor, expected: Tensor, tolerance = 1e-4): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  const [a, e] = [await actual.data(), await expected.data()];
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]) / Math.max(1, Math.abs(e[i])));
  expect(worst).toBeLessThan(tolerance);
}

describeWebgpu('fused WebGPU kernels against TensorFlow.js references', () => {
  beforeAll(async () => {
    await selectBackend('webgpu');
    registerFusedKernels(tf());
  });

  const random = (shape: number[], seed: number) => tf().randomUniform(shape, -1, 1, 'float32', seed);
  /** The state tensor a layer keeps: [slots, in + 1, out], W with b as its last row. */
  const state = (W: Tensor, b: Tensor, extra: Tensor[] = []) => {
    const t = tf();
    const Wb = t.concat([W, t.reshape(b, [1, -1])]);
    return t.stack([Wb, ...extra]);
  };

  for (const rows of ROWS) {
    it(`forward: act(X[order]·W + b) and act(A·W + b), ${rows} rows`, async () => {
      const t = tf();
      const ops = fusedOps(t);
      const X = random([DATA_ROWS, INPUTS], 1);
      const order = t.tensor1d(createRng(rows).shuffle(Array.from({ length: DATA_ROWS }, (_, i) => i)), 'int32');
      const [W, b] = [random([INPUTS, OUTPUTS], 2), random([OUTPUTS], 3)];
      const S = state(W, b);
      const offset = DATA_ROWS - rows - 5;
      const batch = t.gather(X, t.slice(order, [offset], [rows]));
      await expectClose(ops.forward({ data: X, order }, S, { act: 'relu', offset, rows }), t.relu(t.add(t.matMul(batch, W), b)));
      await expectClose(ops.forward({ hidden: batch }, S, { act: 'linear', offset: 0, rows }), t.add(t.matMul(batch, W), b));
    });

    it(`backward: (G·Wᵀ) ⊙ ReLU′(H), ${rows} rows`, async () => {
      const t = tf();
      const ops = fusedOps(t);
      const [G, W, b, H] = [random([rows, OUTPUTS], 4), random([INPUTS, OUTPUTS], 5), random([OUTPUTS], 6), t.relu(random([rows, INPUTS], 7))];
      const S = state(W, b);
      const product = t.matMul(G, W, false, true);
      await expectClose(ops.backward(G, S, H, { act: 'relu', rows }), t.mul(product, t.cast(t.greater(H, 0), 'float32')));
      await expectClose(ops.backward(G, S, H, { act: 'linear', rows }), product);
    });
  }

  for (const rows of [...ROWS, SPLIT]) {
    it(`update: SGD and Adam on [Aᵀ·G ; Σ G], ${rows} rows`, async () => {
      const t = tf();
      const ops = fusedOps(t);
      const [A, G, W, b] = [random([rows, INPUTS], 8), random([rows, OUTPUTS], 9), random([INPUTS, OUTPUTS], 10), random([OUTPUTS], 11)];
      const lr = 0.05;
      const dW = t.matMul(A, G, true, false);
      const db = t.sum(G, 0);
      const grads = t.concat([dW, t.reshape(db, [1, -1])]);
      const base = { offset: 0, rows, lr, beta1: ADAM.beta1, beta2: ADAM.beta2, eps: ADAM.eps };
      const sgd = ops.update({ hidden: A }, G, state(W, b), { ...base, rule: 'sgd', bc1: 1, sqrtBc2: 1 });
      await expectClose(sgd, t.reshape(t.sub(state(W, b), t.mul(grads, lr)), sgd.shape));

      // Adam at step 3 from nonzero moments, as torch.optim.Adam computes it.
      const [m, v] = [random([INPUTS + 1, OUTPUTS], 12), t.abs(random([INPUTS + 1, OUTPUTS], 13))];
      const { bc1, sqrtBc2 } = adamCorrections(3);
      const adam = ops.update({ hidden: A }, G, state(W, b, [m, v]), { ...base, rule: 'adam', bc1, sqrtBc2 });
      const m2 = t.add(t.mul(m, ADAM.beta1), t.mul(grads, 1 - ADAM.beta1));
      const v2 = t.add(t.mul(v, ADAM.beta2), t.mul(t.square(grads), 1 - ADAM.beta2));
      const Wb = t.concat([W, t.reshape(b, [1, -1])]);
      const W2 = t.sub(Wb, t.div(t.mul(m2, lr / bc1), t.add(t.div(t.sqrt(v2), sqrtBc2), ADAM.eps)));
      await expectClose(adam, t.stack([W2, m2, v2]));
    });
  }

  for (const rows of ROWS) {
    it(`cross entropy: gradient of the mean and the running sums, ${rows} rows`, async () => {
      const t = tf();
      const ops = fusedOps(t);
      const classes = 10;
      const logits = t.mul(random([rows, classes], 14), 5);
      const labels = t.tensor1d(
        Array.from({ length: DATA_ROWS }, (_, i) => (i * 7) % classes),
        'int32',
      );
      const order = t.tensor1d(createRng(3).shuffle(Array.from({ length: DATA_ROWS }, (_, i) => i)), 'int32');
      const offset = 11;
      const y = t.gather(labels, t.slice(order, [offset], [rows]));
      const onehot = t.oneHot(y, classes);
      const reference = t.grad((l: Tensor) => t.losses.softmaxCrossEntropy(onehot, l))(logits);
      await expectClose(ops.crossEntropyGrad(logits, labels, order, { offset, rows }), reference);

      const previous = t.tensor1d([2.5, 3]);
      const lossSum = t.mul(t.losses.softmaxCrossEntropy(onehot, logits), rows);
      const correct = t.sum(t.cast(t.equal(t.argMax(logits, 1), y), 'float32'));
      await expectClose(ops.lossSums(logits, labels, order, previous, { offset, rows }), t.add(previous, t.stack([lossSum, correct])));
    });
  }

  it('warmTrainer compiles every kernel of the step before the data is at hand: making the trainer then compiles none', async () => {
    const t = tf();
    const device = (t.backend() as unknown as { device: GPUDevice }).device;
    const compile = device.createComputePipelineAsync;
    const compiled: string[] = [];
    device.createComputePipelineAsync = function (this: GPUDevice, descriptor: GPUComputePipelineDescriptor) {
      compiled.push(String(descriptor.label));
      return compile.call(this, descriptor);
    };
    try {
      const layers = parseModelSpec(COURSE_MLP);
      // The first test of this file to compile the step's kernels (those above go through tfjs's registry, and each test
      // file has a process of its own): all seven are compiled here. Moved below another trainer test, it would see fewer.
      warmTrainer(layers, { optimizer: 'adam', batchSize: 32 });
      // Forward from the data, through hidden ReLU and linear layers; the loss gradient; backward through ReLU; Adam on data and hidden inputs.
      expect(compiled.sort()).toEqual(
        [
          'nnlab_forward_relu_data_bytes',
          'nnlab_forward_relu_hidden',
          'nnlab_forward_linear_hidden',
          'nnlab_ce_grad_sums',
          'nnlab_backward_relu',
          'nnlab_update_adam_data_bytes',
          'nnlab_update_adam_hidden',
        ].sort(),
      );
      compiled.length = 0;
      const train = loadMnist(undefined, { train: 64, test: 1 }).train;
      const model = createMlp(layers, initialWeights(layers, createRng(5)));
      const trainer = createTrainer(model, train, { optimizer: 'adam', lr: 0.001, classes: 10, batchSize: 32 });
      await trainer.ready?.();
      expect(compiled).toEqual([]);
      trainer.dispose();
      model.dispose();
    } finally {
      device.createComputePipelineAsync = compile;
    }
  });

  it('a shader does not depend on the sizes, which its uniforms carry: one compiled kernel serves every width and batch', () => {
    for (const [a, b] of [
      [forwardProgram(32, 64, 'relu', true, 'bytes'), forwardProgram(4096, 10, 'relu', true, 'bytes')],
      [backwardProgram(32, 64, 'relu'), backwardProgram(7, 3, 'relu')],
      [updateProgram(785, 64, 'adam', false, 'bytes'), updateProgram(3, 5, 'adam', false, 'bytes')],
      [gradientPartsProgram(785, 64, true, 16, 'bytes'), gradientPartsProgram(3, 5, true, 2, 'bytes')],
      [applyPartsProgram(3, 785, 64, 'adam'), applyPartsProgram(3, 3, 5, 'adam')],
      [crossEntropyGradSumsProgram(32, 10), crossEntropyGradSumsProgram(4096, 100)],
    ]) {
      expect(a.shaderKey).toBe(b.shaderKey);
      expect(a.getUserCode()).toBe(b.getUserCode());
      expect(a.uniforms).toBe(b.uniforms);
    }
  });

  it('a training step is 3L dispatches (12 for the course MLP) encoded straight on the device: no TensorFlow.js op, no read-back, several steps a submit, no tensor leaked', async () => {
    const t = tf();
    const layers = parseModelSpec(COURSE_MLP);
    const train = loadMnist(undefined, { train: 96 * 4, test: 1 }).train;
    const model = createMlp(layers, initialWeights(layers, createRng(5)));
    const trainer = createTrainer(model, train, { optimizer: 'adam', lr: 0.001, classes: 10, batchSize: 32 }) as FusedTrainer;
    expect(trainer).toBeInstanceOf(FusedTrainer);
    expect(trainer.method).toMatch(/fused WebGPU kernels: 12 dispatches per step/);
    await trainer.ready();
    const device = (t.backend() as unknown as { device: GPUDevice }).device;
    const pass = (globalThis as unknown as { GPUComputePassEncoder: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder.prototype;
    const buffer = (globalThis as unknown as { GPUBuffer: { prototype: GPUBuffer } }).GPUBuffer.prototype;
    const [dispatch, mapAsync, submit, writeBuffer] = [pass.dispatchWorkgroups, buffer.mapAsync, device.queue.submit, device.queue.writeBuffer];
    let [dispatches, waits, submits, writes, kernels] = [0, 0, 0, 0, 0];
    pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
      dispatches++;
      return dispatch.apply(this, args);
    };
    // Every read-back from the GPU maps a buffer.
    buffer.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
      waits++;
      return mapAsync.apply(this, args);
    };
    device.queue.submit = function (this: GPUQueue, ...args: Parameters<GPUQueue['submit']>) {
      submits++;
      return submit.apply(this, args);
    };
    device.queue.writeBuffer = function (this: GPUQueue, ...args: Parameters<GPUQueue['writeBuffer']>) {
      writes++;
      return writeBuffer.apply(this, args as never);
    };
    const backend = t.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
    const run = backend.runWebGPUProgram;
    backend.runWebGPUProgram = function (this: unknown, ...args: unknown[]) {
      kernels++;
      return run.apply(this, args);
    };
    const counts: number[] = [];
    try {
      for (let epoch = 0; epoch < 3; epoch++) {
        const batches = trainer.startEpoch(Array.from({ length: train.n }, (_, i) => i));
        [dispatches, waits, submits, writes, kernels] = [0, 0, 0, 0, 0];
        for (let b = 0; b < batches; b++) trainer.step(b);
        expect(batches).toBe(12);
        expect(dispatches).toBe(12 * batches);
        expect(kernels).toBe(0); // nothing through TensorFlow.js
        expect(writes).toBe(1); // the uniforms of every step at once, not a write per step
        expect(submits).toBeLessThanOrEqual(Math.ceil(batches / 8) + 1);
        expect(waits).toBe(0);
        await trainer.running();
        expect(waits).toBe(1); // the one read of the running sums
        counts.push(t.memory().numTensors);
      }
    } finally {
      pass.dispatchWorkgroups = dispatch;
      buffer.mapAsync = mapAsync;
      device.queue.submit = submit;
      device.queue.writeBuffer = writeBuffer;
      backend.runWebGPUProgram = run;
    }
    expect(counts[2]).toBe(counts[0]);
    trainer.dispose();
    model.dispose();
  });

  it("the bench's rows say what a step costs the host: dispatches, submits, the JavaScript thread's CPU time and the wall clock's", async () => {
    const row = await nnlabEpoch(32 * 24, 32, { epochs: 3 });
    expect(row.dispatchesPerStep).toBe(12);
    expect(row.submitsPerStep).toBe(1 / 8);
    for (const value of [row.hostMicrosPerStep, row.hostWallMicrosPerStep, row.encodeMicrosPerStep, row.submitMicrosPerStep]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(100_000);
    }
  });

  it("the bench keeps TensorFlow.js's kernels at most 64 steps ahead of the GPU (what steps in flight hold piles up), and leaves the fused step unthrottled", async () => {
    const device = (tf().backend() as unknown as { device: GPUDevice }).device;
    const workDone = device.queue.onSubmittedWorkDone;
    const step = AutodiffTrainer.prototype.step;
    // The GPU's "work done" answers as the test says, and the steps are counted.
    const answers: (() => void)[] = [];
    device.queue.onSubmittedWorkDone = () => new Promise<undefined>((resolve) => answers.push(() => resolve(undefined)));
    let steps = 0;
    AutodiffTrainer.prototype.step = function (this: AutodiffTrainer, b: number) {
      steps++;
      return step.call(this, b);
    };
    const settle = async (count: number) => {
      for (let i = 0; i < 200 && steps < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 30)); // and no further
    };
    try {
      let done = false;
      const stock = nnlabEpoch(32 * 100, 32, { fused: false }).finally(() => (done = true));
      await settle(64);
      expect([steps, answers.length]).toEqual([64, 2]); // waiting for the work of the first 32 steps
      answers[0]();
      await settle(96);
      expect([steps, answers.length]).toEqual([96, 3]); // now for the first 64
      for (let i = 0; i < 100 && !done; i++) {
        answers.forEach((answer) => answer());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(steps).toBe(100);
      expect((await stock).hostMicrosPerStep).toBeUndefined(); // its loop's time includes those waits
      answers.length = 0;
      await nnlabEpoch(32 * 70, 32);
      expect(answers).toEqual([]); // the fused step: no wait
    } finally {
      device.queue.onSubmittedWorkDone = workDone;
      AutodiffTrainer.prototype.step = step;
    }
  });

  it('peekRunning reads the running sums without waiting: nothing at first, then the sums a step or so late, then the same as running()', async () => {
    const layers = parseModelSpec(COURSE_MLP);
    const train = loadMnist(undefined, { train: 32 * 6, test: 1 }).train;
    const model = createMlp(layers, initialWeights(layers, createRng(5)));
    const trainer = createTrainer(model, train, { optimizer: 'sgd', lr: 0.1, classes: 10, batchSize: 32 });
    await trainer.ready?.();
    const batches = trainer.startEpoch(Array.from({ length: train.n }, (_, i) => i));
    for (let b = 0; b < 3; b++) trainer.step(b);
    expect(trainer.peekRunning!()).toBeUndefined(); // asked for, not back yet: no wait
    for (let b = 3; b < batches; b++) trainer.step(b);
    let seen: number | undefined;
    for (let tries = 0; tries < 200 && seen === undefined; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = trainer.peekRunning!()?.samples;
    }
    // The sums as recorded when a read was asked: after 3 steps (the first ask), or after all 6
    // (a later ask, when both reads came back by the time it looked): never anything in between.
    expect([96, 192]).toContain(seen);
    const exact = await trainer.running();
    let late = trainer.peekRunning!();
    for (let tries = 0; tries < 200 && late!.samples < exact.samples; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      late = trainer.peekRunning!();
    }
    expect(late!.samples).toBe(exact.samples);
    expect(late!.loss).toBeCloseTo(exact.loss, 6);
    expect(late!.acc).toBe(exact.acc);
    trainer.dispose();
    model.dispose();
  });

  const cases = [
    { optimizer: 'sgd', batchSize: 33, steps: 10 },
    { optimizer: 'adam', batchSize: 33, steps: 10 },
    { optimizer: 'sgd', batchSize: 600, steps: 2 }, // above SPLIT_ROWS: the split-K update
  ] as const;
  for (const { optimizer, batchSize, steps } of cases) {
    it(`${steps} steps of the course MLP (${optimizer}, batch ${batchSize}) equal the wasm backend's within 1e-4, from the same weights`, async () => {
      const layers = parseModelSpec(COURSE_MLP);
      const train = loadMnist(undefined, { train: batchSize * steps, test: 1 }).train;
      const weights = initialWeights(layers, createRng(7));
      const order = createRng(8).shuffle(Array.from({ length: train.n }, (_, i) => i));
      const options = { optimizer, lr: optimizer === 'sgd' ? 0.1 : 0.001, classes: 10, batchSize };
      // The reference is autodiff on wasm (fused: false), independent of both fast trainers.
      const trainOn = async (fused?: false) => {
        const model = createMlp(layers, weights);
        const trainer = createTrainer(model, train, { ...options, fused });
        await trainer.ready?.();
        const batches = trainer.startEpoch(order);
        expect(batches).toBe(steps);
        for (let b = 0; b < batches; b++) trainer.step(b);
        const running = await trainer.running();
        trainer.syncModel();
        const result = { running, weights: await readWeights(model), method: trainer.method };
        trainer.dispose();
        model.dispose();
        return result;
      };
      const gpu = await trainOn();
      expect(gpu.method).toMatch(/fused/);
      const wasm = await withBackend('wasm', () => trainOn(false));
      expect(wasm.method).toMatch(/autodiff/);
      gpu.weights.forEach((layer, i) => {
        for (const key of ['W', 'b'] as const) {
          const worst = layer[key].reduce((m, v, j) => Math.max(m, Math.abs(v - wasm.weights[i][key][j])), 0);
          expect(worst).toBeLessThan(1e-4);
        }
      });
      expect(gpu.running.loss).toBeCloseTo(wasm.running.loss, 4);
      expect(gpu.running.acc).toBe(wasm.running.acc);
      expect(gpu.running.samples).toBe(batchSize * steps);
    });
  }

  it('the mlp lab on webgpu: fused training, every tensor freed after the run', async () => {
    const t = tf();
    const before = t.memory().numTensors;
    const events = await collect(mlpLab, { backend: 'webgpu', params: { limit: 600, 'test-limit': 100, epochs: 2, images: 0, optimizer: 'adam', lr: 0.003 } });
    expect(t.memory().numTensors).toBe(before);
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    expect(only(events, 'text').some((e) => e.text.includes('fused WebGPU kernels'))).toBe(true);
    expect(only(events, 'result')[0].metrics.testAcc).toBeGreaterThan(0.3);
  });

  it('a model the kernels do not cover trains with autodiff on the same backend, and says why', () => {
    const layers = parseModelSpec('Flatten, Linear(784,16), Tanh, Linear(16,10)');
    const model = createMlp(layers, initialWeights(layers, createRng(1)));
    const trainer = createTrainer(model, loadMnist(undefined, { train: 8, test: 1 }).train, { optimizer: 'sgd', lr: 0.1, classes: 10, batchSize: 4 });
    expect(trainer).toBeInstanceOf(AutodiffTrainer);
    expect(trainer.method).toMatch(/not the fused kernels: .*Tanh/);
    trainer.dispose();
    model.dispose();
  });
});
