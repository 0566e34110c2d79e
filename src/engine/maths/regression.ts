// Linear regression y = w·x + b trained by gradient descent on θ = [w, b],
// updated once per batch; one pass over the data is an epoch.
import type { Rng } from '../random.js';
import { takeArrays, tf, type Scalar } from '../tf.js';

export interface RegressionData {
  x: number[];
  y: number[];
}

/** House-price-like data: size in hundreds of m², price in millions, near price = 3·size + 1. */
export function housePrices(rng: Rng, n: number): RegressionData {
  const x = Array.from({ length: n }, () => rng.uniform(0.5, 3));
  const y = x.map((xi) => 3 * xi + 1 + rng.normal(0, 0.3));
  return { x, y };
}

/** Ordinary least squares: the θ every converging run approaches. */
export function leastSquares({ x, y }: RegressionData): { w: number; b: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my);
    sxx += (xi - mx) ** 2;
  });
  const w = sxy / sxx;
  return { w, b: my - w * mx };
}

export interface EpochRecord {
  epoch: number;
  w: number;
  b: number;
  /** MSE over all the data after the epoch. */
  loss: number;
  updates: number;
}

/**
 * Mini-batch gradient descent. Each batch: G = ∇L(θ) by autodiff (tf.variableGrads),
 * θ ← θ − ηG. Batches are drawn from a seeded shuffle every epoch.
 */
export async function trainRegression(
  data: RegressionData,
  options: { batchSize: number; lr: number; epochs: number; rng: Rng; w0?: number; b0?: number },
  onEpoch?: (record: EpochRecord) => Promise<void> | void,
): Promise<EpochRecord[]> {
  const tfjs = tf();
  // tf.variable keeps its initial tensor alive: make it inside tidy so that one is released.
  const [w, b] = tfjs.tidy(() => [tfjs.variable(tfjs.scalar(options.w0 ?? 0)), tfjs.variable(tfjs.scalar(options.b0 ?? 0))]);
  const n = data.x.length;
  const xAll = tfjs.tensor1d(data.x);
  const yAll = tfjs.tensor1d(data.y);
  const records: EpochRecord[] = [];
  let updates = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = options.rng.shuffle(Array.from({ length: n }, (_, i) => i));
      for (let start = 0; start < n; start += options.batchSize) {
        const batch = order.slice(start, start + options.batchSize);
        tfjs.tidy(() => {
          const xb = tfjs.tensor1d(batch.map((i) => data.x[i]));
          const yb = tfjs.tensor1d(batch.map((i) => data.y[i]));
          const { grads } = tfjs.variableGrads(() => tfjs.mean(tfjs.squaredDifference(tfjs.add(tfjs.mul(w, xb), b), yb)) as Scalar, [w, b]);
          w.assign(tfjs.sub(w, tfjs.mul(options.lr, grads[w.name])));
          b.assign(tfjs.sub(b, tfjs.mul(options.lr, grads[b.name])));
        });
        updates++;
      }
      const loss = tfjs.tidy(() => tfjs.mean(tfjs.squaredDifference(tfjs.add(tfjs.mul(w, xAll), b), yAll)));
      const [[wv], [bv], [lossValue]] = await takeArrays(w.clone(), b.clone(), loss);
      const record = { epoch, w: wv, b: bv, loss: lossValue, updates };
      records.push(record);
      await onEpoch?.(record);
      if (!Number.isFinite(record.loss)) break;
    }
  } finally {
    tfjs.dispose([w, b, xAll, yAll]);
  }
  return records;
}
