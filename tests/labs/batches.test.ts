import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { createRng } from '../../src/engine/random.js';
import { housePrices, leastSquares, trainRegression } from '../../src/engine/maths/regression.js';
import { tf } from '../../src/engine/tf.js';
import { batchesLab } from '../../src/labs/course/batches/lab.js';
import { collect, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('batches and epochs', () => {
  const data = housePrices(createRng(3), 40);

  it('one full-batch step is θ − η·∇L with the analytic gradient of MSE', async () => {
    const [record] = await trainRegression(data, { batchSize: 40, lr: 0.1, epochs: 1, rng: createRng(1), w0: 0.5, b0: -1 });
    const n = data.x.length;
    const residual = data.x.map((x, i) => 0.5 * x - 1 - data.y[i]);
    const dw = (2 / n) * residual.reduce((s, r, i) => s + r * data.x[i], 0);
    const db = (2 / n) * residual.reduce((s, r) => s + r, 0);
    expect(record.w).toBeCloseTo(0.5 - 0.1 * dw, 4);
    expect(record.b).toBeCloseTo(-1 - 0.1 * db, 4);
    expect(record.updates).toBe(1);
  });

  it('counts updates per epoch: ceil(n / batch size)', async () => {
    const records = await trainRegression(data, { batchSize: 16, lr: 0.01, epochs: 2, rng: createRng(1) });
    expect(records.map((r) => r.updates)).toEqual([3, 6]);
  });

  it('full-batch descent approaches the least-squares solution', async () => {
    const best = leastSquares(data);
    const records = await trainRegression(data, { batchSize: 40, lr: 0.1, epochs: 400, rng: createRng(1) });
    expect(records.at(-1)!.w).toBeCloseTo(best.w, 2);
    expect(records.at(-1)!.b).toBeCloseTo(best.b, 2);
  });

  it('leaks no tensors across epochs and runs', async () => {
    await trainRegression(data, { batchSize: 8, lr: 0.01, epochs: 1, rng: createRng(1) });
    const before = tf().memory().numTensors;
    await trainRegression(data, { batchSize: 8, lr: 0.01, epochs: 3, rng: createRng(1) });
    expect(tf().memory().numTensors).toBe(before);
  });

  it('the lab compares full batch, mini-batch and SGD on one chart, with a parameter table per epoch', async () => {
    const events = await collect(batchesLab, { params: { epochs: 5, samples: 32, 'batch-size': 4 } });
    const modes = new Set(
      only(events, 'point')
        .filter((p) => p.chart === 'modes')
        .map((p) => p.name),
    );
    expect([...modes]).toEqual(['full batch (32)', 'mini-batch (4)', 'SGD (1)']);
    const perEpoch = only(events, 'table').find((t) => t.id === 'epochs')!;
    expect(perEpoch.rows).toHaveLength(5);
    expect(perEpoch.rows[0][1]).toBe(8); // 32 / 4 updates in epoch 1
    const { metrics } = only(events, 'result')[0];
    // with the same epochs, more updates get closer: SGD and mini-batch beat one step per epoch
    expect(metrics.sgdLoss).toBeLessThan(metrics.fullBatchLoss);
    expect(metrics.miniBatchLoss).toBeLessThan(metrics.fullBatchLoss);
  });

  // PyTorch 1.13 on the same data and order (SGD on MSELoss, batch 8 and 1) reaches inf at epoch 5 for
  // mini-batch and at epoch 1 for SGD when η = 0.5.
  it('a run that diverges is a lesson, not a failure: the stream stays valid and says at which epoch each mode diverged', async () => {
    const events = await collect(batchesLab, { params: { lr: 0.5 } });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    const said = only(events, 'text')
      .map((e) => e.text)
      .join(' ');
    expect(said).toContain('mini-batch (8): diverged at epoch 5');
    expect(said).toContain('SGD (1): diverged at epoch 1');
    const modes = only(events, 'table').find((t) => t.id === 'modes')!;
    expect(modes.rows.flat().filter((cell) => typeof cell === 'number' && !Number.isFinite(cell))).toEqual([]);
    expect(modes.rows[2][4]).toBe('∞'); // SGD's loss, spelled out: JSON has no Infinity
    const other = await collect(batchesLab, { params: { lr: 0.3, epochs: 4, samples: 150 } });
    expect(other.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it('a loss that grows every epoch is called diverging, not crawling', async () => {
    const events = await collect(batchesLab, { params: { samples: 10, 'batch-size': 4, epochs: 2 } });
    // The large rate's curve (log₁₀ loss per epoch): rising.
    const large = only(events, 'point').filter((p) => p.chart === 'rates' && p.name === 'η = 0.25');
    expect(large.length).toBe(2);
    expect(large[1].y).toBeGreaterThan(large[0].y + 0.5);
    const verdict = only(events, 'text').find((e) => e.text.startsWith('The second chart'))!.text;
    expect(verdict).toMatch(/η = 0\.25: diverges: each step overshoots further \(the loss grew from \d+ to \d+\)/);
    expect(verdict).not.toMatch(/η = 0\.25: crawls/);
  });
});
