import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { timeMatMul } from '../../src/engine/bench/matmul-bench.js';
import { checkShapes, modelSize, parseModelSpec, ShapeError, SpecError } from '../../src/engine/nn/model-spec.js';
import { tf } from '../../src/engine/tf.js';
import { errorsLab } from '../../src/labs/course/errors/lab.js';
import { gpuLab } from '../../src/labs/course/gpu/lab.js';
import { ParamError } from '../../src/labs/kit/params.js';
import { streamLab } from '../../src/labs/kit/run.js';
import { collect, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('lab 7 gpu', () => {
  it('times a product and computes GFLOP/s as 2n³·reps / seconds', async () => {
    const timing = await timeMatMul(32, { targetMs: 20 });
    expect(timing.reps).toBeGreaterThan(0);
    expect(timing.gflops).toBeCloseTo((2 * 32 ** 3 * timing.reps) / timing.seconds / 1e9, 6);
  });

  it('measures every backend that loads, says why tensorflow does not, and skips sizes over the budget', async () => {
    const events = await collect(gpuLab, { params: { sizes: [8, 16, 2048], budget: 0.05 } });
    const devices = only(events, 'table').find((t) => t.id === 'devices')!;
    expect(devices.rows.find((r) => r[0] === 'tensorflow')![1]).toMatch(/not available/);
    // the whole reason, in a line of its own (a table cell would cut it)
    expect(only(events, 'text').some((t) => /^tensorflow: .*tfjs-node-gpu is not installed/.test(t.text))).toBe(true);
    const table = only(events, 'table').find((t) => t.id === 'gflops')!;
    expect(table.columns).toEqual(['n', 'wasm', 'cpu']);
    expect(table.rows.map((r) => r[0])).toEqual([8, 16, 2048]);
    // the cpu backend needs seconds for 2048² (≈17 GFLOP at <1 GFLOP/s): skipped with a note
    expect(table.rows[2][2]).toBeNull();
    expect(only(events, 'text').some((t) => /Skipped, too slow .*cpu n=2048/.test(t.text))).toBe(true);
    for (const row of table.rows.slice(0, 2)) for (const v of row.slice(1)) expect(v as number).toBeGreaterThan(0);
    // "Fastest here" compares one size both ran, the largest (16: cpu skipped 2048), from the table's own numbers
    const fastest = only(events, 'text').find((t) => t.text.startsWith('Fastest here'))!.text;
    const [, wasm, cpu] = table.rows[1] as [number, number, number];
    const [top, bottom] = wasm >= cpu ? [wasm, cpu] : [cpu, wasm];
    expect(fastest).toContain('at n = 16 (the largest size every backend ran)');
    expect(fastest).toContain(`at ${top.toFixed(1)} GFLOP/s, ${(top / bottom).toFixed(0)}× `);
    // the run leaves the backend it found
    expect(tf().getBackend()).toBe('cpu');
  });

  it('rejects fractional sizes', () => {
    expect(() => streamLab(gpuLab, { params: { sizes: [8.5] } })).toThrow(ParamError);
  });
});

describe('model specs, shapes and memory (lab 8 and the mlp lab)', () => {
  it("parses the course's model", () => {
    expect(parseModelSpec('Flatten, Linear(784,64), ReLU, Linear(64, 10)')).toEqual([
      { type: 'Flatten' },
      { type: 'Linear', in: 784, out: 64 },
      { type: 'ReLU' },
      { type: 'Linear', in: 64, out: 10 },
    ]);
  });

  it.each([
    ['Flatten, Conv2d(3,8)', /unknown layer 'Conv2d'/],
    ['Linear(784)', /Linear takes two positive integers/],
    ['Flatten,, ReLU', /layer \(1\) "" is empty/],
  ])('rejects %s with a message naming the piece', (spec, message) => {
    expect(() => parseModelSpec(spec)).toThrow(SpecError);
    expect(() => parseModelSpec(spec)).toThrow(message);
  });

  it('names both layers and both sizes of a mismatch', () => {
    const layers = parseModelSpec('Flatten, Linear(784,64), ReLU, Linear(64,129), ReLU, Linear(128,10)');
    expect(() => checkShapes(layers, [1, 28, 28])).toThrow(ShapeError);
    expect(() => checkShapes(layers, [1, 28, 28])).toThrow('layer (5) Linear(128, 10) expects 128 input features, but layer (3) Linear(64, 129) outputs 129');
    expect(() => checkShapes(parseModelSpec('Linear(784,10)'), [1, 28, 28])).toThrow(/add Flatten before it/);
  });

  it('counts parameters and sizes in torchinfo conventions (worked out by hand)', () => {
    // 784·64+64 + 64·10+10 = 50,240 + 650 = 50,890 parameters
    const size = modelSize(parseModelSpec('Flatten, Linear(784,64), ReLU, Linear(64,10)'), [1, 28, 28], 32);
    expect(size.totalParams).toBe(50_890);
    expect(size.multAddsM).toBeCloseTo((32 * 50_890) / 1e6, 9);
    expect(size.inputMB).toBeCloseTo((32 * 784 * 4) / 1e6, 9);
    // torchinfo's ModelStatistics counts only the outputs of layers with parameters (not
    // Flatten, not ReLU): 64 + 10 = 74 per sample; ×32 samples ×2 (grads) ×4 bytes
    expect(size.forwardBackwardMB).toBeCloseTo((74 * 32 * 2 * 4) / 1e6, 9);
    expect(size.paramsMB).toBeCloseTo((50_890 * 4) / 1e6, 9);
    expect(size.totalMB).toBeCloseTo(size.inputMB + size.forwardBackwardMB + size.paramsMB, 9);
  });
});

describe('lab 8 errors', () => {
  it('shows the shape error three ways, refuses the huge layer without allocating it, explains devices', async () => {
    const before = tf().memory().numBytes;
    const events = await collect(errorsLab);
    expect(tf().memory().numBytes - before).toBeLessThan(1e6);
    const texts = only(events, 'text')
      .map((t) => t.text)
      .join('\n');
    expect(texts).toContain('mat1 and mat2 shapes cannot be multiplied (32x129 and 128x10)');
    expect(texts).toMatch(/TensorFlow.js: +Error in matMul: inner shapes \(129\) and \(128\)/);
    expect(texts).toContain('cuda:0 and cpu');
    expect(only(events, 'warning')[1].message).toMatch(/refused: this needs about 8.35 GB but the device has 8.00 GB/);
    expect(texts).toMatch(/fewer layer parameters.*smaller batch.*smaller images.*more memory/s);
    // The slide's texts, with this run's numbers: 10,000 × 100,000 floats = 4e9 bytes = 3.73 GiB; 8 GB = 7.45 GiB.
    expect(texts).toContain(
      'RuntimeError: Function AddmmBackward returned an invalid gradient at index 1 - got [64, 128] but expected shape compatible with [64, 129]',
    );
    expect(texts).toContain(
      `CUDA out of memory. Tried to allocate ${(4e9 / 2 ** 30).toFixed(2)} GiB (GPU 0; ${(8e9 / 2 ** 30).toFixed(2)} GiB total capacity; …)`,
    );
    expect(texts).toContain('cuda:0 and cpu! (when checking argument mat1 in method wrapper_addmm)');
    const { metrics } = only(events, 'result')[0];
    // 784·100000+100000 + 100000·10+10 = 79,500,010 parameters
    expect(metrics.refused).toBe(1);
    expect(metrics.estimatedMB).toBeCloseTo(31.36 + (79_500_010 * 4) / 1e6 + ((100_000 + 10) * 10_000 * 8) / 1e6, 6); // outputs of the two Linear layers only
  });

  it('a model that fits is said to fit', async () => {
    const events = await collect(errorsLab, { params: { model: 'Flatten, Linear(784,10)', units: 10, 'batch-size': 32 } });
    expect(only(events, 'result')[0].metrics).toMatchObject({ shapeMismatch: 0, refused: 0 });
  });

  it('rejects an unreadable --model before any event', () => {
    expect(() => streamLab(errorsLab, { params: { model: 'Linear(3' } })).toThrow(/--model: layer \(0\)/);
  });
});
