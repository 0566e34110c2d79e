// The playground's data on the backend and one epoch of mini-batch SGD over it;
// the grids over the plane that maps are drawn from.
import type { Rng } from '../random.js';
import { tf, type Tensor2D } from '../tf.js';
import { DOMAIN, type Points, type SplitPoints } from './datasets.js';
import { featureRows, type FeatureName } from './features.js';
import type { PlaygroundNet, StepSettings } from './network.js';

interface Set {
  rows: Float32Array;
  labels: Float32Array;
  X: Tensor2D;
  Y: Tensor2D;
}

export interface EpochMetrics {
  loss: number;
  acc: number;
  testLoss: number;
  testAcc: number;
}

/** Cell centres of a cols × rows grid over [−DOMAIN, DOMAIN]², row 0 at the top (largest x₂). */
export function planeGrid(cols: number, rows: number, domain = DOMAIN): { x1: number[]; x2: number[] } {
  const x1: number[] = [];
  const x2: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      x1.push(-domain + ((c + 0.5) * 2 * domain) / cols);
      x2.push(domain - ((r + 0.5) * 2 * domain) / rows);
    }
  }
  return { x1, x2 };
}

export class PlaygroundData {
  private train: Set;
  private test: Set;
  private batch: Float32Array = new Float32Array(0);

  constructor(
    points: SplitPoints,
    readonly features: readonly FeatureName[],
  ) {
    this.train = this.load(points.train);
    this.test = this.load(points.test);
  }

  private load(points: Points): Set {
    const tfjs = tf();
    const rows = featureRows(points.x1, points.x2, this.features);
    const labels = Float32Array.from(points.label);
    return { rows, labels, X: tfjs.tensor2d(rows, [labels.length, this.features.length]), Y: tfjs.tensor2d(labels, [labels.length, 1]) };
  }

  /** The features of any points, as a tensor for the network (the caller disposes it). */
  inputs(x1: readonly number[], x2: readonly number[]): Tensor2D {
    return tf().tensor2d(featureRows(x1, x2, this.features), [x1.length, this.features.length]);
  }

  /** One pass over the training points in a seeded order, one SGD step per batch. */
  epoch(net: PlaygroundNet, rng: Rng, batchSize: number, settings: StepSettings): void {
    const tfjs = tf();
    const n = this.train.labels.length;
    const width = this.features.length;
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      // Rows are copied on the JavaScript side: cheaper than tf.gather for batches this small.
      if (this.batch.length < rows.length * width) this.batch = new Float32Array(rows.length * width);
      rows.forEach((row, k) => this.batch.set(this.train.rows.subarray(row * width, (row + 1) * width), k * width));
      const x = tfjs.tensor2d(this.batch.subarray(0, rows.length * width), [rows.length, width]);
      const y = tfjs.tensor2d(
        rows.map((row) => this.train.labels[row]),
        [rows.length, 1],
      );
      try {
        net.step(x, y, settings);
      } finally {
        tfjs.dispose([x, y]);
      }
    }
  }

  async evaluate(net: PlaygroundNet, settings: StepSettings): Promise<EpochMetrics> {
    const train = await net.evaluate(this.train.X, this.train.Y, settings.activation);
    const test = await net.evaluate(this.test.X, this.test.Y, settings.activation);
    return { loss: train.loss, acc: train.acc, testLoss: test.loss, testAcc: test.acc };
  }

  dispose(): void {
    tf().dispose([this.train.X, this.train.Y, this.test.X, this.test.Y]);
  }
}
