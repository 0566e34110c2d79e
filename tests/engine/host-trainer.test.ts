// The host trainer's hand-written gradients, checked against central
// differences of the loss computed here in float64 (independent of
// TensorFlow.js), and against the autodiff trainer step for step.
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import type { Split } from '../../src/engine/data/dataset.js';
import { HostTrainer } from '../../src/engine/nn/host-trainer.js';
import { createMlp, initialWeights, readWeights, type Weights } from '../../src/engine/nn/model.js';
import { AutodiffTrainer, createTrainer, type Trainer } from '../../src/engine/nn/trainer.js';
import type { OptimizerName } from '../../src/engine/nn/optimizer.js';
import { parseModelSpec } from '../../src/engine/nn/model-spec.js';
import { createRng } from '../../src/engine/random.js';
import { tf } from '../../src/engine/tf.js';

const SPEC = 'Linear(6, 5), ReLU, Linear(5, 4), Linear(4, 3)';
const CLASSES = 3;

function dataset(n: number, seed: number): Split {
  const rng = createRng(seed);
  return { x: Float32Array.from({ length: n * 6 }, () => rng.uniform(-1, 1)), y: Int32Array.from({ length: n }, () => Math.floor(rng.uniform(0, CLASSES))), n };
}

/** Mean cross entropy of the model on rows, in float64: the chain Linear → ReLU → Linear → Linear. */
function loss64(weights: Weights, data: Split, rows: number[]): number {
  const acts = ['relu', 'linear', 'linear'];
  let total = 0;
  for (const row of rows) {
    let h = Array.from(data.x.subarray(row * 6, row * 6 + 6), Number);
    weights.forEach(({ W, b }, l) => {
      const out = b.length;
      const next = Array.from(b, Number);
      for (let i = 0; i < h.length; i++) for (let j = 0; j < out; j++) next[j] += h[i] * W[i * out + j];
      h = acts[l] === 'relu' ? next.map((v) => Math.max(0, v)) : next;
    });
    const max = Math.max(...h);
    total += Math.log(h.reduce((s, v) => s + Math.exp(v - max), 0)) + max - h[data.y[row]];
  }
  return total / rows.length;
}

const clone = (weights: Weights): Weights => weights.map(({ W, b }) => ({ W: Float32Array.from(W), b: Float32Array.from(b) }));

function trainers(optimizer: OptimizerName, data: Split, lr: number): [Trainer, Trainer] {
  const layers = parseModelSpec(SPEC);
  const weights = initialWeights(layers, createRng(3));
  const options = { optimizer, lr, classes: CLASSES, batchSize: 4 };
  const host = createMlp(layers, clone(weights));
  const auto = createMlp(layers, clone(weights));
  return [new HostTrainer(host, data, options, { acts: ['relu', 'linear', 'linear'] }, true), new AutodiffTrainer(auto, data, options)];
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`host trainer on ${backend}`, () => {
    it('takes an SGD step along the float64 central-difference gradient of the mean cross entropy', async () => {
      await selectBackend(backend);
      const data = dataset(4, 1);
      const layers = parseModelSpec(SPEC);
      const weights = initialWeights(layers, createRng(5));
      const model = createMlp(layers, clone(weights));
      const lr = 0.5;
      const trainer = new HostTrainer(
        model,
        data,
        { optimizer: 'sgd', lr, classes: CLASSES, batchSize: 4 },
        { acts: ['relu', 'linear', 'linear'] },
        backend === 'wasm',
      );
      trainer.startEpoch([0, 1, 2, 3]);
      trainer.step(0);
      const after = await readWeights(model);
      const h = 1e-6;
      let worst = 0;
      weights.forEach((layer, l) => {
        for (const key of ['W', 'b'] as const) {
          for (let i = 0; i < layer[key].length; i++) {
            const plus = clone(weights);
            const minus = clone(weights);
            plus[l][key][i] += h;
            minus[l][key][i] -= h;
            // float32 weights move by a float32 step: difference the loss at the values really stored.
            const numeric = (loss64(plus, data, [0, 1, 2, 3]) - loss64(minus, data, [0, 1, 2, 3])) / (plus[l][key][i] - minus[l][key][i]);
            const analytic = (layer[key][i] - after[l][key][i]) / lr;
            worst = Math.max(worst, Math.abs(analytic - numeric));
          }
        }
      });
      expect(worst).toBeLessThan(1e-4);
      // The running loss is the mean cross entropy before the step.
      expect((await trainer.running()).loss).toBeCloseTo(loss64(weights, data, [0, 1, 2, 3]), 5);
      trainer.dispose();
      model.dispose();
    });

    for (const optimizer of ['sgd', 'adam'] as const) {
      it(`${optimizer}: the same weights and running metrics as autodiff after an epoch, tensors freed`, async () => {
        await selectBackend(backend);
        const data = dataset(22, 2); // 6 batches of 4, the last of 2
        const [host, auto] = trainers(optimizer, data, optimizer === 'sgd' ? 0.2 : 0.01);
        const order = createRng(9).shuffle(Array.from({ length: data.n }, (_, i) => i));
        const before = tf().memory().numTensors;
        for (const trainer of [host, auto]) {
          const batches = trainer.startEpoch(order);
          for (let b = 0; b < batches; b++) trainer.step(b);
        }
        const [h, a] = [await host.running(), await auto.running()];
        expect(h.samples).toBe(22);
        expect(h.loss).toBeCloseTo(a.loss, 5);
        expect(h.acc).toBe(a.acc);
        const models = [host, auto].map((t) => (t as unknown as { model: Parameters<typeof readWeights>[0] }).model);
        const [wh, wa] = await Promise.all(models.map(readWeights));
        wh.forEach((layer, l) => {
          for (const key of ['W', 'b'] as const) layer[key].forEach((v, i) => expect(Math.abs(v - wa[l][key][i])).toBeLessThan(1e-5));
        });
        // Both trainers replace their parameters in place; only Adam's moments and the autodiff sums stay.
        host.startEpoch(order);
        host.step(0);
        const steady = tf().memory().numTensors;
        host.step(1);
        host.step(2);
        expect(tf().memory().numTensors).toBe(steady);
        expect(steady).toBeGreaterThanOrEqual(before);
        host.dispose();
        auto.dispose();
        models.forEach((m) => m.dispose());
      });
    }

    it('is the trainer chosen for a Linear/ReLU chain; other models say why they take autodiff', async () => {
      await selectBackend(backend);
      const data = dataset(8, 3);
      const options = { optimizer: 'sgd' as const, lr: 0.1, classes: CLASSES, batchSize: 4 };
      const chain = createMlp(parseModelSpec(SPEC), initialWeights(parseModelSpec(SPEC), createRng(1)));
      expect(createTrainer(chain, data, options)).toBeInstanceOf(HostTrainer);
      expect(createTrainer(chain, data, { ...options, fused: false })).toBeInstanceOf(AutodiffTrainer);
      const sigmoidSpec = parseModelSpec('Linear(6, 5), Sigmoid, Linear(5, 3)');
      const sigmoid = createMlp(sigmoidSpec, initialWeights(sigmoidSpec, createRng(1)));
      expect(createTrainer(sigmoid, data, options).method).toMatch(/autodiff \(not nnlab's CPU step: .*not Sigmoid/);
      chain.dispose();
      sigmoid.dispose();
    });
  });
}

describe('host trainer: the cost it removes', () => {
  it("a step of the course MLP runs well under half of autodiff's TensorFlow.js kernels (counted by tf.profile)", async () => {
    await selectBackend('wasm');
    const layers = parseModelSpec('Linear(784, 64), ReLU, Linear(64, 128), ReLU, Linear(128, 128), ReLU, Linear(128, 10)');
    const rng = createRng(4);
    const data: Split = { x: Float32Array.from({ length: 64 * 784 }, () => rng.uniform(0, 1)), y: Int32Array.from({ length: 64 }, (_, i) => i % 10), n: 64 };
    const kernels = async (trainer: Trainer) => {
      trainer.startEpoch(Array.from({ length: 64 }, (_, i) => i));
      trainer.step(0);
      return (await tf().profile(() => trainer.step(1))).kernels.length;
    };
    const options = { optimizer: 'sgd' as const, lr: 0.1, classes: 10, batchSize: 32 };
    const models = [createMlp(layers, initialWeights(layers, createRng(1))), createMlp(layers, initialWeights(layers, createRng(1)))];
    const host = await kernels(new HostTrainer(models[0], data, options, { acts: ['relu', 'relu', 'relu', 'linear'] }, true));
    const auto = await kernels(new AutodiffTrainer(models[1], data, options));
    expect(auto).toBeGreaterThan(100);
    expect(host).toBeLessThan(auto / 2);
    models.forEach((m) => m.dispose());
  });
});
