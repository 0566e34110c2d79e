import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { predictClasses } from '../../src/engine/nn/evaluate.js';
import { createMlp, initialWeights } from '../../src/engine/nn/model.js';
import { createTrainer } from '../../src/engine/nn/trainer.js';
import { loadModelFiles } from '../../src/engine/nn/model-io.js';
import { parseModelSpec } from '../../src/engine/nn/model-spec.js';
import { createRng } from '../../src/engine/random.js';
import { tf } from '../../src/engine/tf.js';
import { loadMnist } from '../../src/engine/data/mnist.js';
import { courseModel, mlpLab } from '../../src/labs/course/mlp/lab.js';
import { summaryLab } from '../../src/labs/course/summary/lab.js';
import { collect, only } from '../helpers.js';

// wasm is the backend nnlab trains on here; a subsample keeps the suite fast.
const SMALL = { limit: 3000, 'test-limit': 300, epochs: 4, images: 0 };
const tmp = () => mkdtempSync(join(tmpdir(), 'nnlab-mlp-'));

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('the MLP engine', () => {
  it('its dense gradients (explicit transposes on wasm, none for the data) equal autodiff of plain x·W + b', async () => {
    const t = tf();
    const layers = parseModelSpec('Linear(5,3), ReLU, Linear(3,4), Tanh, Linear(4,2)');
    const model = createMlp(layers, initialWeights(layers, createRng(1)));
    const x = t.tensor2d([
      [0.1, -0.2, 0.3, 0.4, -0.5],
      [1, 0.5, -1, 0.25, 0],
    ]);
    const ours = t.valueAndGrads((...ps) => t.sum(t.square(model.forward(x, ps))))(model.flatParams());
    const reference = t.valueAndGrads((W1, b1, W2, b2, W3, b3) => {
      const h1 = t.relu(t.add(t.matMul(x, W1 as never), b1));
      const h2 = t.tanh(t.add(t.matMul(h1 as never, W2 as never), b2));
      return t.sum(t.square(t.add(t.matMul(h2 as never, W3 as never), b3)));
    })(model.flatParams());
    expect(await ours.value.data()).toEqual(await reference.value.data());
    expect(ours.grads).toHaveLength(6);
    for (const [i, grad] of reference.grads.entries()) {
      const a = await ours.grads[i].data();
      const b = await grad.data();
      a.forEach((v, j) => expect(v).toBeCloseTo(b[j], 5));
    }
    t.dispose([x, ours.value, reference.value, ...ours.grads, ...reference.grads]);
    model.dispose();
  });

  it('leaks no tensors: numTensors after epoch 1 equals numTensors after epoch 3', async () => {
    const t = tf();
    const data = loadMnist(undefined, { train: 256, test: 1 });
    const layers = parseModelSpec(courseModel(784, 10));
    const model = createMlp(layers, initialWeights(layers, createRng(3)));
    const trainer = createTrainer(model, data.train, { optimizer: 'adam', lr: 0.001, classes: 10, batchSize: 32 });
    const counts: number[] = [];
    for (let epoch = 1; epoch <= 3; epoch++) {
      const batches = trainer.startEpoch(Array.from({ length: 256 }, (_, i) => i));
      for (let b = 0; b < batches; b++) trainer.step(b);
      await trainer.running();
      counts.push(t.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[0]);
    trainer.dispose();
    model.dispose();
  });
});

describe('lab 6 mlp', () => {
  it('epoch seconds and samples/s leave out the time a pause held the run', async () => {
    // The run's clock (performance.now) moves a minute at every pause, at once: no wall-clock bound to meet.
    const HOLD_MS = 60_000;
    const realNow = performance.now.bind(performance);
    let held = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => realNow() + held);
    const hold = async () => void (held += HOLD_MS); // a pause at every batch
    try {
      const events = await collect(mlpLab, {
        backend: 'wasm',
        params: { limit: 128, 'test-limit': 10, epochs: 1, 'batch-size': 32, 'val-split': 0, images: 0 },
        pace: hold,
      });
      const [epoch] = only(events, 'metric').filter((m) => m.scope === 'epoch');
      const end = events.at(-1)!;
      expect(end).toMatchObject({ kind: 'end', status: 'ok' });
      // Four batches, four holds: the run took ≥ 4 minutes by its clock, the epoch's own clock not one of them.
      expect(end.kind === 'end' && end.elapsedMs).toBeGreaterThanOrEqual(4 * HOLD_MS);
      expect(epoch.elapsedMs).toBeLessThan(HOLD_MS);
      expect(only(events, 'result')[0].metrics.samplesPerSec).toBeGreaterThan(128 / (HOLD_MS / 1000));
    } finally {
      clock.mockRestore();
    }
  });

  it("progress counts the whole run's batches, across epochs, with the epoch's running loss and accuracy (as Keras)", async () => {
    const events = await collect(mlpLab, { backend: 'wasm', params: { limit: 640, 'test-limit': 10, epochs: 3, 'batch-size': 32, 'val-split': 0, images: 0 } });
    const progress = only(events, 'progress');
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([3 * 20])); // 640 / 32 = 20 batches an epoch
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b)); // never back
    expect(progress.at(-1)).toMatchObject({ done: 60, label: 'epoch 3/3' });
    // The values are the epoch's running means: at its end, the epoch's own metric.
    const lastOfEpoch = [1, 2, 3].map((e) => progress.filter((p) => p.label === `epoch ${e}/3`).at(-1)!);
    const epochs = only(events, 'metric').filter((m) => m.scope === 'epoch');
    lastOfEpoch.forEach((p, i) => {
      expect(p.done).toBe(20 * (i + 1));
      expect(p.values!.loss).toBeCloseTo(epochs[i].values.loss, 6);
      expect(p.values!.acc).toBeCloseTo(epochs[i].values.acc, 6);
    });
  });

  it('learns on a small MNIST subset: accuracy well above chance, with every event the course asks for', async () => {
    const before = tf().memory().numTensors;
    const events = await collect(mlpLab, { backend: 'wasm', params: { ...SMALL, images: 2 } });
    expect(tf().memory().numTensors).toBe(before);
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    const { metrics } = only(events, 'result')[0];
    expect(metrics.testAcc).toBeGreaterThan(0.7); // chance is 0.1
    expect(metrics.trainLoss).toBeLessThan(2.3); // below ln 10, where it starts
    const epochs = only(events, 'metric').filter((m) => m.scope === 'epoch');
    expect(epochs.map((e) => Object.keys(e.values))).toEqual(Array(4).fill(['loss', 'acc', 'val_loss', 'val_acc']));
    expect(epochs[3].values.loss).toBeLessThan(epochs[0].values.loss);
    const matrix = only(events, 'matrix')[0];
    expect(matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(300);
    const perClass = only(events, 'table').find((t) => t.id === 'per-class')!;
    expect(perClass.rows).toHaveLength(10);
    expect(only(events, 'table').find((t) => t.id === 'layers')!.rows).toHaveLength(4);
    expect(
      only(events, 'table')
        .find((t) => t.id === 'summary')!
        .rows.at(-1),
    ).toEqual(['├─Linear: 1-8', '[32, 10]', '1,290']); // torchinfo 1.8 draws every depth-1 row ├─, the last one too
    expect(only(events, 'text').some((t) => t.text.startsWith('print(model)\nSequential('))).toBe(true);
    expect(only(events, 'point').filter((p) => p.chart === 'loss').length).toBeGreaterThan(10);
    // 2,700 training images in batches of 32 = 85 batches, a point every 2: the first window (x = 2/85) is left out.
    expect(only(events, 'point').find((p) => p.chart === 'loss')!.x).toBeCloseTo(4 / 85, 9);
  });

  it("names nnlab's CPU step as the training step on wasm, in English and in Chinese", async () => {
    for (const [lang, pattern] of [
      ['en', /^Each training step: nnlab's CPU step: WebAssembly (relaxed SIMD \(fused multiply-add\)|SIMD), \d+ threads?\.$/],
      ['zh-TW', /^每個訓練步驟：nnlab 自己的 CPU 訓練步驟 \(CPU step\)：WebAssembly (relaxed SIMD \(融合乘加\)|SIMD)，\d+ 個執行緒。$/],
    ] as const) {
      const events = await collect(mlpLab, { backend: 'wasm', params: { limit: 64, 'test-limit': 10, epochs: 1, images: 0 }, lang });
      expect(only(events, 'text').filter((e) => pattern.test(e.text))).toHaveLength(1);
    }
  });

  it('shows test images as an image event: the shape, pixels in [0, 1], the prediction as caption, in both languages', async () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const events = await collect(mlpLab, { params: { limit: 200, 'test-limit': 20, epochs: 1, images: 3 }, lang });
      const [gallery] = only(events, 'image');
      expect(gallery).toMatchObject({ id: 'test-images', shape: [1, 28, 28] });
      expect(gallery.images).toHaveLength(3);
      for (const { pixels, caption } of gallery.images) {
        expect(pixels).toHaveLength(784);
        expect(Math.min(...pixels)).toBe(0);
        expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
        expect(caption).toMatch(lang === 'en' ? /^\d (ok|\(true \d\))$/ : /^\d( 對|（實為 \d）)$/);
      }
    }
  });

  it('is reproducible: same seed, same backend, same flags → identical metrics', async () => {
    const params = { limit: 400, 'test-limit': 100, epochs: 2, images: 0 };
    const run = async () => {
      const { metrics } = only(await collect(mlpLab, { backend: 'wasm', seed: 9, params }), 'result')[0];
      const { samplesPerSec, secondsPerEpoch, ...rest } = metrics;
      return rest;
    };
    expect(await run()).toEqual(await run());
  });

  it("each optimizer's usual η unless --lr is given: Adam 0.001 (torch.optim.Adam's), SGD 0.1, and the lab says so", async () => {
    const params = { limit: 300, 'test-limit': 50, epochs: 1, images: 0 };
    const run = async (extra: Record<string, unknown>) => collect(mlpLab, { backend: 'wasm', seed: 3, params: { ...params, ...extra } });
    const metricsOf = (events: Awaited<ReturnType<typeof run>>) => {
      const { samplesPerSec, secondsPerEpoch, ...rest } = only(events, 'result')[0].metrics;
      return rest;
    };
    const adamDefault = await run({ optimizer: 'adam' });
    expect(only(adamDefault, 'text').some((e) => e.text.includes("(Adam, η = 0.001, Adam's usual η; --lr sets another)"))).toBe(true);
    expect(metricsOf(adamDefault)).toEqual(metricsOf(await run({ optimizer: 'adam', lr: 0.001 })));
    expect(metricsOf(adamDefault)).not.toEqual(metricsOf(await run({ optimizer: 'adam', lr: 0.1 })));
    const sgdDefault = await run({});
    expect(metricsOf(sgdDefault)).toEqual(metricsOf(await run({ lr: 0.1 })));
  });

  it('names both layers when the model does not fit the data', async () => {
    // Before any event: the data and the model are checked in the lab's prepare step.
    await expect(collect(mlpLab, { backend: 'wasm', params: { ...SMALL, model: 'Flatten, Linear(784,64), ReLU, Linear(32,10)' } })).rejects.toThrow(
      'layer (3) Linear(32, 10) expects 32 input features, but layer (1) Linear(784, 64) outputs 64',
    );
  });

  it('trains on a Kaggle CSV and writes a complete ImageId,Label submission', async () => {
    const d = tmp();
    const data = loadMnist(undefined, { train: 600, test: 50 });
    const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
    const row = (x: Float32Array, i: number) => Array.from(x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)).join(',');
    writeFileSync(join(d, 'train.csv'), [header, ...Array.from({ length: 600 }, (_, i) => `${data.train.y[i]},${row(data.train.x, i)}`)].join('\n') + '\n');
    writeFileSync(join(d, 'test.csv'), [header.replace('label,', ''), ...Array.from({ length: 50 }, (_, i) => row(data.test!.x, i))].join('\n') + '\n');
    const submission = join(d, 'submission.csv');
    const events = await collect(mlpLab, {
      backend: 'wasm',
      params: { data: `csv:${join(d, 'train.csv')}`, epochs: 5, optimizer: 'adam', lr: 0.003, images: 0, predict: join(d, 'test.csv'), submission },
    });
    expect(events.at(-1)).toMatchObject({ status: 'ok' });
    const lines = readFileSync(submission, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ImageId,Label');
    expect(lines).toHaveLength(51);
    lines.slice(1).forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1},[0-9]$`)));
    // the predictions beat chance on the real labels
    const correct = lines.slice(1).filter((line, i) => Number(line.split(',')[1]) === data.test!.y[i]).length;
    expect(correct).toBeGreaterThan(15);
    expect(readdirSync(d).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('save → load gives identical predictions, and TensorFlow.js itself reads the saved model', async () => {
    const d = tmp();
    const saveDir = join(d, 'model');
    await collect(mlpLab, { backend: 'wasm', params: { limit: 300, 'test-limit': 50, epochs: 1, images: 0, save: saveDir } });
    expect(existsSync(join(saveDir, 'model.json')) && existsSync(join(saveDir, 'weights.bin'))).toBe(true);
    const t = tf();
    const { info, weights } = loadModelFiles(saveDir);
    expect(info.spec).toBe(courseModel(784, 10));
    const data = loadMnist(undefined, { train: 1, test: 200 });
    const x = t.tensor2d(data.test!.x, [200, 784]);
    const loaded = createMlp(parseModelSpec(info.spec), weights);
    const ours = await predictClasses(loaded, data.test!.x, 200);
    // tf.loadLayersModel on the same files
    const json = JSON.parse(readFileSync(join(saveDir, 'model.json'), 'utf8'));
    const bin = readFileSync(join(saveDir, 'weights.bin'));
    const keras = await t.loadLayersModel(
      t.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(bin).buffer }),
    );
    const kerasPred = t.tidy(() => t.argMax(keras.predict(x) as never, 1));
    expect(Array.from(await kerasPred.data())).toEqual(Array.from(ours));
    // evaluating the loaded model in the lab (epochs 0) gives the accuracy of those predictions on the same images
    const events = await collect(mlpLab, { backend: 'wasm', params: { load: saveDir, epochs: 0, 'test-limit': 200, limit: 10, images: 0 } });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    const accuracy = Array.from(ours).filter((p, i) => p === data.test!.y[i]).length / 200;
    expect(only(events, 'result')[0].metrics.testAcc).toBeCloseTo(accuracy, 10);
    t.dispose([x, kerasPred]);
    keras.dispose();
    loaded.dispose();
  });

  it.each([
    [{ predict: 'x.csv' }, /--predict <test.csv> and --submission <out.csv> go together/],
    [{ data: 'imagenet' }, /--data "imagenet" is not a data source/],
    [{ model: 'Flatten, Dense(3)' }, /--model: layer \(1\) "Dense\(3\)": unknown layer 'Dense'/],
    [{ epochs: 0 }, /--epochs 0 only makes sense with --load/],
    [{ model: 'Flatten, Linear(784,5)', limit: 10 }, /--model ends with 5 outputs, but MNIST has 10 classes/],
    [{ load: '/nonexistent/model' }, /--load \/nonexistent\/model: no such folder/],
  ])('rejects %j before any event', async (params, message) => {
    await expect(collect(mlpLab, { params })).rejects.toThrow(message);
  });
});

describe('nnlab summary', () => {
  it.each([
    [1, '0.00', '0.91'],
    [256, '0.68', '4.71'],
  ])("the course's CIFAR model at batch %i prints torchinfo's forward/backward %s MB and total %s MB", async (batch, forwardBackward, total) => {
    const model = 'Flatten, Linear(3072,64), ReLU, Linear(64,128), ReLU, Linear(128,128), ReLU, Linear(128,10)';
    const events = await collect(summaryLab, { params: { model, input: [3, 32, 32], 'batch-size': batch } });
    const lines = only(events, 'text')
      .map((e) => e.text)
      .join('\n');
    expect(lines).toContain(`Forward/backward pass size (MB): ${forwardBackward}`);
    expect(lines).toContain(`Estimated Total Size (MB): ${total}`);
  });

  it("--style torchsummary adds torchsummary's printout, as the slides show it (its rules written out here)", async () => {
    const model = 'Flatten, Linear(3072,64), ReLU, Linear(64,128), ReLU, Linear(128,128), ReLU, Linear(128,10)';
    const events = await collect(summaryLab, { params: { model, input: [3, 32, 32], style: 'torchsummary' } });
    const text = only(events, 'text')
      .map((e) => e.text)
      .find((e) => e.includes('Layer (type)'))!;
    const lines = text.split('\n');
    // "{:>20}  {:>25} {:>15}" per row, the batch as -1, numbering from 1 over every layer
    expect(lines[1]).toBe('        Layer (type)               Output Shape         Param #');
    expect(lines[3]).toBe(`${'Flatten-1'.padStart(20)}  ${'[-1, 3072]'.padStart(25)} ${'0'.padStart(15)}`);
    expect(lines[4]).toBe(`${'Linear-2'.padStart(20)}  ${'[-1, 64]'.padStart(25)} ${'196,672'.padStart(15)}`);
    // MB = 2²⁰ bytes; outputs of every layer for one sample: 3072 + 64 + 64 + 128 + 128 + 128 + 128 + 10 = 3,722
    const MiB = 2 ** 20;
    expect(text).toContain(`Input size (MB): ${((3072 * 4) / MiB).toFixed(2)}`);
    expect(text).toContain(`Forward/backward pass size (MB): ${((2 * 3722 * 4) / MiB).toFixed(2)}`);
    expect(text).toContain('Params size (MB): 0.85'); // the slide's figure: 222,794 × 4 / 2²⁰
    expect(text).toContain(`Estimated Total Size (MB): ${((3072 * 4 + 2 * 3722 * 4 + 222_794 * 4) / MiB).toFixed(2)}`);
  });

  it("--print module prints the course's nn.Module subclass as PyTorch does: its attributes by name, the Sequential nested", async () => {
    const events = await collect(summaryLab, { params: { model: 'Flatten, Linear(784,64), ReLU, Linear(64,10)', print: 'module' } });
    expect(only(events, 'text')[0].text).toBe(
      [
        'print(model)',
        'NeuralNet(',
        '  (flatten): Flatten(start_dim=1, end_dim=-1)',
        '  (base_model): Sequential(',
        '    (0): Linear(in_features=784, out_features=64, bias=True)',
        '    (1): ReLU()',
        '    (2): Linear(in_features=64, out_features=10, bias=True)',
        '  )',
        ')',
      ].join('\n'),
    );
    // torchinfo 1.8's summary of that module, row for row: the Sequential is a row of its own, its layers at depth 2.
    expect(only(events, 'table').find((t) => t.id === 'summary')!.rows).toEqual([
      ['NeuralNet', '[32, 10]', '--'],
      ['├─Flatten: 1-1', '[32, 784]', '--'],
      ['├─Sequential: 1-2', '[32, 10]', '--'],
      ['│    └─Linear: 2-1', '[32, 64]', '50,240'],
      ['│    └─ReLU: 2-2', '[32, 64]', '--'],
      ['│    └─Linear: 2-3', '[32, 10]', '650'],
    ]);
  });

  it('--input 784 is a number of features, as torch: Linear(784,10) takes it (7,850 parameters)', async () => {
    const events = await collect(summaryLab, { params: { model: 'Linear(784,10)', input: [784], 'batch-size': 32 } });
    expect(only(events, 'result')[0].metrics.totalParams).toBe(7_850);
    expect(
      only(events, 'table')
        .find((t) => t.id === 'summary')!
        .rows.at(-1),
    ).toEqual(['├─Linear: 1-1', '[32, 10]', '7,850']);
  });

  it("gives the course's model's numbers under the documented keys", async () => {
    const events = await collect(summaryLab, { params: { 'batch-size': 32 } });
    expect(only(events, 'result')[0].metrics).toEqual({
      totalParams: 76_362,
      trainableParams: 76_362,
      multAddsM: (32 * 76_362) / 1e6,
      inputMB: (32 * 784 * 4) / 1e6,
      // torchinfo counts the outputs of the Linear layers only: 64 + 128 + 128 + 10 = 330 per sample
      forwardBackwardMB: (330 * 32 * 2 * 4) / 1e6,
      paramsMB: (76_362 * 4) / 1e6,
      totalMB: expect.closeTo((32 * 784 * 4 + 330 * 32 * 8 + 76_362 * 4) / 1e6, 9),
    });
  });
});
