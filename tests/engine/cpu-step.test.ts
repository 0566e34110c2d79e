// nnlab's CPU step (src/engine/nn/cpu): each WebAssembly kernel against a float64
// reference written out here, on ragged sizes (1, 7, 33, 257 rows) and over any
// split of its rows; the whole step against the autodiff trainer for 10 steps of
// SGD and of Adam; and 1 thread against several, bit for bit.
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { imageBytes, type Split } from '../../src/engine/data/dataset.js';
import { cpuPool, defaultBuild, stepModule, type SimdBuild, type StepExports } from '../../src/engine/nn/cpu/kernels.js';
import { CpuTrainer } from '../../src/engine/nn/cpu/trainer.js';
import { createMlp, initialWeights, readWeights, type Weights } from '../../src/engine/nn/model.js';
import { parseModelSpec } from '../../src/engine/nn/model-spec.js';
import { ADAM } from '../../src/engine/nn/optimizer.js';
import { AutodiffTrainer, createTrainer, type Trainer } from '../../src/engine/nn/trainer.js';
import type { OptimizerName } from '../../src/engine/nn/optimizer.js';
import { createRng } from '../../src/engine/random.js';

type Kernel = (...args: number[]) => void;

/** A fresh shared memory with the kernels bound to it, and a bump allocator over it. */
function bench(bytes = 1 << 22, build: SimdBuild = defaultBuild()) {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((bytes + 65536) / 65536), maximum: Math.ceil((bytes + 65536) / 65536), shared: true });
  const exports = new WebAssembly.Instance(stepModule(build).module, { env: { memory } }).exports as unknown as StepExports & Record<string, Kernel>;
  let top = 65536;
  const alloc = (n: number) => {
    const at = top;
    top += Math.ceil(n / 16) * 16;
    return at;
  };
  exports.setScratch(alloc(16 * 1024));
  const f32 = (at: number, values: ArrayLike<number>) => (new Float32Array(memory.buffer, at, values.length).set(values), at);
  /** `rows` data rows of k random pixels and an order of n of them (row i·step + first, wrapped): their places, and the values. */
  const dataset = (rows: number, k: number, n: number, step: number, first: number) => {
    const pixels = Array.from({ length: rows * k }, () => Math.floor(rng.uniform(0, 256)));
    const data = alloc(rows * k);
    new Uint8Array(memory.buffer, data, pixels.length).set(pixels);
    const order = Array.from({ length: n }, (_, i) => (i * step + first) % rows);
    const orderAt = alloc(n * 4);
    new Int32Array(memory.buffer, orderAt, n).set(order);
    return { pixels, data, order, orderAt };
  };
  const read = (at: number, n: number) => Array.from(new Float32Array(memory.buffer, at, n));
  return { memory, exports, alloc, f32, read, dataset };
}

const rng = createRng(7);
const randoms = (n: number, lo = -1, hi = 1) => Array.from({ length: n }, () => rng.uniform(lo, hi));
/** A float32 value, as the kernels see it. */
const f = (v: number) => Math.fround(v);

/** Rows split into ragged ranges: the kernel over each must give what it gives over all, bit for bit. */
function splits(rows: number): [number, number][][] {
  const cuts: [number, number][][] = [[[0, rows]]];
  if (rows > 2)
    cuts.push([
      [0, 1],
      [1, Math.floor(rows / 2) + 1],
      [Math.floor(rows / 2) + 1, rows],
    ]);
  if (rows > 5)
    cuts.push([
      [0, 4],
      [4, rows - 3],
      [rows - 3, rows],
    ]);
  return cuts;
}

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  const worst = actual.reduce((w, a, i) => Math.max(w, Math.abs(a - expected[i]) / Math.max(1, Math.abs(expected[i]))), 0);
  expect(worst).toBeLessThan(tolerance);
}

const ROWS = [1, 7, 33, 257];

for (const build of ['relaxed', 'plain'] as const)
  describe(`CPU step kernels (${build} SIMD) against float64`, () => {
    for (const n of ROWS) {
      for (const [k, m, relu] of [
        [5, 4, 1],
        [13, 12, 0],
        [784, 12, 1],
      ] as const) {
        it(`forward from uint8 data through the order, ${n} rows, ${k}→${m}${relu ? ', ReLU' : ''}`, () => {
          const { exports, alloc, f32, read, memory, dataset } = bench(undefined, build);
          const { pixels, data, order, orderAt } = dataset(n + 3, k, n, 5, 2);
          const Wv = randoms(k * m);
          const bv = randoms(m);
          const W = f32(alloc(k * m * 4), Wv);
          const b = f32(alloc(m * 4), bv);
          const H = alloc(n * m * 4);
          const expected: number[] = [];
          for (let i = 0; i < n; i++)
            for (let j = 0; j < m; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += (pixels[order[i] * k + p] / 255) * f(Wv[p * m + j]);
              s += f(bv[j]);
              expected.push(relu ? Math.max(0, s) : s);
            }
          let whole: number[] | undefined;
          for (const ranges of splits(n)) {
            new Float32Array(memory.buffer, H, n * m).fill(NaN);
            for (const [r0, r1] of ranges) exports.forwardData(data, orderAt, k, W, b, H, m, relu, r0, r1);
            const got = read(H, n * m);
            expectClose(got, expected, 1e-5);
            if (whole) expect(got).toEqual(whole);
            whole = got;
          }
        });
      }

      it(`forward of a hidden layer, ${n} rows, 12→8, ReLU`, () => {
        const { exports, alloc, f32, read } = bench(undefined, build);
        const [k, m] = [12, 8];
        const Av = randoms(n * k);
        const Wv = randoms(k * m);
        const bv = randoms(m);
        const A = f32(alloc(n * k * 4), Av);
        const W = f32(alloc(k * m * 4), Wv);
        const b = f32(alloc(m * 4), bv);
        const H = alloc(n * m * 4);
        exports.forwardHidden(A, k, W, b, H, m, 1, 0, n);
        const expected: number[] = [];
        for (let i = 0; i < n; i++)
          for (let j = 0; j < m; j++) {
            let s = f(bv[j]);
            for (let p = 0; p < k; p++) s += f(Av[i * k + p]) * f(Wv[p * m + j]);
            expected.push(Math.max(0, s));
          }
        expectClose(read(H, n * m), expected, 1e-5);
      });

      it(`backward G·Wᵀ with the ReLU′ mask (W transposed in place), ${n} rows, 12←8`, () => {
        const { exports, alloc, f32, read, memory } = bench(undefined, build);
        const [k, m] = [12, 8];
        const Gv = randoms(n * m);
        const Wv = randoms(k * m);
        const Av = randoms(n * k); // about half of them ≤ 0: masked
        const G = f32(alloc(n * m * 4), Gv);
        const W = f32(alloc(k * m * 4), Wv);
        const A = f32(alloc(n * k * 4), Av);
        const D = alloc(n * k * 4);
        for (const relu of [0, 1]) {
          let whole: number[] | undefined;
          for (const ranges of splits(n)) {
            new Float32Array(memory.buffer, D, n * k).fill(NaN);
            for (const [r0, r1] of ranges) exports.backward(G, m, W, k, A, D, relu, r0, r1);
            const expected: number[] = [];
            for (let i = 0; i < n; i++)
              for (let p = 0; p < k; p++) {
                let s = 0;
                for (let j = 0; j < m; j++) s += f(Gv[i * m + j]) * f(Wv[p * m + j]);
                expected.push(relu && !(f(Av[i * k + p]) > 0) ? 0 : s);
              }
            const got = read(D, n * k);
            expectClose(got, expected, 1e-5);
            if (whole) expect(got).toEqual(whole);
            whole = got;
          }
        }
      });

      for (const k of [7, 33]) {
        it(`dW = Aᵀ·G (A transposed in place) with SGD's step on W, ${n} rows, ${k}→12, any split of W's rows`, () => {
          const { exports, alloc, f32, read } = bench(undefined, build);
          const m = 12;
          const Av = randoms(n * k);
          const Gv = randoms(n * m);
          const Wv = randoms(k * m);
          const A = f32(alloc(n * k * 4), Av);
          const G = f32(alloc(n * m * 4), Gv);
          const lr = 0.25;
          const opt = f32(alloc(32), [0, lr, 0, 0, 0, 0, 0]);
          const expected: number[] = [];
          for (let p = 0; p < k; p++)
            for (let j = 0; j < m; j++) {
              let s = 0;
              for (let i = 0; i < n; i++) s += f(Av[i * k + p]) * f(Gv[i * m + j]);
              expected.push(f(Wv[p * m + j]) - lr * s);
            }
          let whole: number[] | undefined;
          for (const ranges of splits(k)) {
            const W = f32(alloc(k * m * 4), Wv);
            for (const [p0, p1] of ranges) exports.updateHidden(A, k, G, m, n, W, 0, 0, opt, p0, p1);
            const got = read(W, k * m);
            expectClose(got, expected, 1e-5);
            if (whole) expect(got).toEqual(whole);
            whole = got;
          }
        });
      }

      it(`dW from uint8 data through the order with Adam's step, and db with Adam's step, ${n} rows`, () => {
        const { exports, alloc, f32, read, dataset } = bench(undefined, build);
        const [k, m] = [9, 8];
        const { pixels, data, order, orderAt } = dataset(n + 2, k, n, 3, 1);
        const Gv = randoms(n * m);
        const Wv = randoms(k * m);
        const Mv = randoms(k * m, -0.1, 0.1);
        const Vv = randoms(k * m, 0, 0.01);
        const bv = randoms(m);
        const Mbv = randoms(m, -0.1, 0.1);
        const Vbv = randoms(m, 0, 0.01);
        const G = f32(alloc(n * m * 4), Gv);
        const [W, M, V] = [Wv, Mv, Vv].map((values) => f32(alloc(k * m * 4), values));
        const [b, Mb, Vb] = [bv, Mbv, Vbv].map((values) => f32(alloc(m * 4), values));
        const [lr, t] = [0.01, 3];
        const bc1 = 1 - ADAM.beta1 ** t;
        const sqrtBc2 = Math.sqrt(1 - ADAM.beta2 ** t);
        const opt = f32(alloc(32), [1, lr, ADAM.beta1, ADAM.beta2, ADAM.eps, lr / bc1, sqrtBc2]);
        exports.updateData(data, orderAt, k, G, m, n, W, M, V, opt, 0, k);
        exports.updateBias(G, m, n, b, Mb, Vb, opt);
        // torch.optim.Adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − (η/bc₁)·m / (√v/√bc₂ + ε)
        const adam = (theta: number, m0: number, v0: number, g: number) => {
          const m1 = ADAM.beta1 * f(m0) + (1 - ADAM.beta1) * g;
          const v1 = ADAM.beta2 * f(v0) + (1 - ADAM.beta2) * g * g;
          return [f(theta) - ((lr / bc1) * m1) / (Math.sqrt(v1) / sqrtBc2 + ADAM.eps), m1, v1];
        };
        const expected = { W: [] as number[], M: [] as number[], V: [] as number[], b: [] as number[] };
        for (let p = 0; p < k; p++)
          for (let j = 0; j < m; j++) {
            let g = 0;
            for (let i = 0; i < n; i++) g += (pixels[order[i] * k + p] / 255) * f(Gv[i * m + j]);
            const [theta, m1, v1] = adam(Wv[p * m + j], Mv[p * m + j], Vv[p * m + j], g);
            expected.W.push(theta);
            expected.M.push(m1);
            expected.V.push(v1);
          }
        for (let j = 0; j < m; j++) {
          let g = 0;
          for (let i = 0; i < n; i++) g += f(Gv[i * m + j]);
          expected.b.push(adam(bv[j], Mbv[j], Vbv[j], g)[0]);
        }
        expectClose(read(W, k * m), expected.W, 1e-5);
        expectClose(read(M, k * m), expected.M, 1e-5);
        expectClose(read(V, k * m), expected.V, 1e-5);
        expectClose(read(b, m), expected.b, 1e-5);
      });

      it(`the cross-entropy gradient with the running loss and accuracy, ${n} rows of 10 classes (padded to 12)`, () => {
        const { exports, alloc, f32, read, memory } = bench(undefined, build);
        const [m, classes] = [12, 10];
        const logits = Array.from({ length: n * m }, (_, i) => (i % m < classes ? rng.uniform(-4, 4) : 0));
        const labelsAll = Array.from({ length: n + 1 }, () => Math.floor(rng.uniform(0, classes)));
        const order = Array.from({ length: n }, (_, i) => n - i);
        const L = f32(alloc(n * m * 4), logits);
        const labels = alloc((n + 1) * 4);
        new Int32Array(memory.buffer, labels, n + 1).set(labelsAll);
        const orderAt = alloc(n * 4);
        new Int32Array(memory.buffer, orderAt, n).set(order);
        const G = alloc(n * m * 4);
        const sums = alloc(16);
        new Float64Array(memory.buffer, sums, 2).set([1.5, 2]); // adds to what is there
        exports.crossEntropyGrad(L, m, classes, labels, orderAt, n, G, 1 / n, sums);
        let loss = 1.5;
        let correct = 2;
        const expected: number[] = [];
        for (let i = 0; i < n; i++) {
          const row = logits.slice(i * m, i * m + classes).map(f);
          const label = labelsAll[order[i]];
          const total = row.reduce((s, v) => s + Math.exp(v), 0);
          loss += Math.log(total) - row[label];
          if (row.indexOf(Math.max(...row)) === label) correct++;
          for (let j = 0; j < m; j++) expected.push(j < classes ? (Math.exp(row[j]) / total - (j === label ? 1 : 0)) / n : 0);
        }
        expectClose(read(G, n * m), expected, 1e-6);
        const [gotLoss, gotCorrect] = new Float64Array(memory.buffer, sums, 2);
        expect(gotLoss).toBeCloseTo(loss, 9);
        expect(gotCorrect).toBe(correct);
      });
    }
  });

const SPEC = 'Flatten, Linear(20, 9), ReLU, Linear(9, 6), ReLU, Linear(6, 3)';

/** Images: whole numbers of 255ths, as the data sets hold them. */
function pixelData(n: number, features: number, classes: number, seed: number): Split {
  const r = createRng(seed);
  return {
    x: Float32Array.from({ length: n * features }, () => Math.floor(r.uniform(0, 256)) / 255),
    y: Int32Array.from({ length: n }, () => Math.floor(r.uniform(0, classes))),
    n,
  };
}

async function trainSteps(trainer: Trainer, order: number[], steps: number): Promise<void> {
  const batches = trainer.startEpoch(order);
  for (let b = 0; b < Math.min(steps, batches); b++) trainer.step(b);
  await trainer.running();
  trainer.syncModel();
}

describe('CPU step against the autodiff trainer', () => {
  afterAll(() => cpuPool(1).close());

  for (const optimizer of ['sgd', 'adam'] as OptimizerName[]) {
    it(`10 steps of ${optimizer} give the same weights and running metrics within 1e-5`, async () => {
      await selectBackend('cpu');
      const layers = parseModelSpec(SPEC);
      const weights = initialWeights(layers, createRng(3));
      const data = pixelData(75, 20, 3, 4);
      const options = { optimizer, lr: optimizer === 'sgd' ? 0.5 : 0.01, classes: 3, batchSize: 7 };
      const clone = (w: Weights): Weights => w.map(({ W, b }) => ({ W: Float32Array.from(W), b: Float32Array.from(b) }));
      const ours = createMlp(layers, clone(weights));
      const reference = createMlp(layers, clone(weights));
      const cpu = new CpuTrainer(ours, data, imageBytes(data) as Uint8Array, options, { acts: ['relu', 'relu', 'linear'] }, 1);
      const auto = new AutodiffTrainer(reference, data, options);
      const order = createRng(5).shuffle(Array.from({ length: data.n }, (_, i) => i));
      try {
        await trainSteps(cpu, order, 10);
        await trainSteps(auto, order, 10);
        const [a, b] = await Promise.all([readWeights(ours), readWeights(reference)]);
        const moved = a.some(({ W }, l) => W.some((v, i) => v !== weights[l].W[i]));
        expect(moved).toBe(true);
        a.forEach(({ W, b: bias }, l) => {
          expectClose(Array.from(W), Array.from(b[l].W), 1e-5);
          expectClose(Array.from(bias), Array.from(b[l].b), 1e-5);
        });
        const [mc, ma] = [await cpu.running(), await auto.running()];
        expect(mc.samples).toBe(70);
        expect(mc.loss).toBeCloseTo(ma.loss, 5);
        expect(mc.acc).toBe(ma.acc);
      } finally {
        cpu.dispose();
        auto.dispose();
        ours.dispose();
        reference.dispose();
      }
    });
  }

  it('createTrainer takes the CPU step on cpu and wasm for a chain on pixels, and says why not elsewhere', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await selectBackend(backend);
      const layers = parseModelSpec(SPEC);
      const model = createMlp(layers, initialWeights(layers, createRng(1)));
      const options = { optimizer: 'sgd' as const, lr: 0.1, classes: 3, batchSize: 8 };
      const onPixels = createTrainer(model, pixelData(16, 20, 3, 1), options);
      expect(onPixels.method).toMatch(/^nnlab's CPU step: WebAssembly (relaxed )?SIMD/);
      onPixels.dispose();
      const scaled = pixelData(16, 20, 3, 1);
      scaled.x[5] = 0.3333; // not a whole number of 255ths
      const onOther = createTrainer(model, scaled, options);
      expect(onOther.method).toMatch(/hand-written gradients.*not nnlab's CPU step: its inputs are not pixels/);
      onOther.dispose();
      model.dispose();
    }
  });
});

describe('CPU step threads', () => {
  it('1 thread and 3 threads give identical weights after an epoch', async () => {
    await selectBackend('cpu');
    const spec = 'Flatten, Linear(784, 64), ReLU, Linear(64, 128), ReLU, Linear(128, 10)';
    const layers = parseModelSpec(spec);
    const weights = initialWeights(layers, createRng(8));
    const data = pixelData(600, 784, 10, 9);
    const order = createRng(10).shuffle(Array.from({ length: data.n }, (_, i) => i));
    const results: Weights[] = [];
    for (const threads of [1, 3]) {
      const model = createMlp(
        layers,
        weights.map(({ W, b }) => ({ W: Float32Array.from(W), b: Float32Array.from(b) })),
      );
      const trainer = new CpuTrainer(
        model,
        data,
        imageBytes(data) as Uint8Array,
        { optimizer: 'adam', lr: 0.01, classes: 10, batchSize: 64 },
        { acts: ['relu', 'relu', 'linear'] },
        threads,
      );
      expect(trainer.method).toContain(`${threads} thread`);
      const batches = trainer.startEpoch(order);
      for (let b = 0; b < batches; b++) trainer.step(b);
      trainer.syncModel();
      results.push(await readWeights(model));
      trainer.dispose();
      model.dispose();
    }
    cpuPool(1).close();
    results[1].forEach(({ W, b }, l) => {
      expect(Buffer.from(W.buffer).equals(Buffer.from(results[0][l].W.buffer))).toBe(true);
      expect(Buffer.from(b.buffer).equals(Buffer.from(results[0][l].b.buffer))).toBe(true);
    });
  });
});
