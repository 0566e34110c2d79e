// Linear regression y = w·x + b trained by gradient descent on θ = [w, b],
// updated once per batch; one pass over the data is an epoch.
import type { Rng } from './random.js';
import { takeArrays, tf, type Scalar } from './tf.js';

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
  const t = tf();
  // tf.variable keeps its initial tensor alive: make it inside tidy so that one is released.
  const [w, b] = t.tidy(() => [t.variable(t.scalar(options.w0 ?? 0)), t.variable(t.scalar(options.b0 ?? 0))]);
  const n = data.x.length;
  const xAll = t.tensor1d(data.x);
  const yAll = t.tensor1d(data.y);
  const records: EpochRecord[] = [];
  let updates = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = options.rng.shuffle(Array.from({ length: n }, (_, i) => i));
      for (let start = 0; start < n; start += options.batchSize) {
        const batch = order.slice(start, start + options.batchSize);
        t.tidy(() => {
          const xb = t.tensor1d(batch.map((i) => data.x[i]));
          const yb = t.tensor1d(batch.map((i) => data.y[i]));
          const { grads } = t.variableGrads(() => t.mean(t.squaredDifference(t.add(t.mul(w, xb), b), yb)) as Scalar, [w, b]);
          w.assign(t.sub(w, t.mul(options.lr, grads[w.name])));
          b.assign(t.sub(b, t.mul(options.lr, grads[b.name])));
        });
        updates++;
      }
      const loss = t.tidy(() => t.mean(t.squaredDifference(t.add(t.mul(w, xAll), b), yAll)));
      const [[wv], [bv], [lossValue]] = await takeArrays(w.clone(), b.clone(), loss);
      const record = { epoch, w: wv, b: bv, loss: lossValue, updates };
      records.push(record);
      await onEpoch?.(record);
      if (!Number.isFinite(record.loss)) break;
    }
  } finally {
    t.dispose([w, b, xAll, yAll]);
  }
  return records;
}
