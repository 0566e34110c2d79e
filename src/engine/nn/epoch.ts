// What every trainer does the same way, whatever it computes on: an epoch's
// rows in the order given, cut into batches of batchSize (the last one may be
// short), and the running means from sums of loss · rows and correct rows.
import type { RunningMetrics } from './trainer-types.js';

export interface BatchRange {
  /** Where the batch starts in the epoch's order. */
  offset: number;
  rows: number;
}

export class EpochBatches {
  /** Rows in the epoch's order. */
  rows = 0;
  /** Rows of the batches stepped since the epoch began. */
  seen = 0;

  constructor(readonly batchSize: number) {}

  /** Begins an epoch of `rows` rows; returns its number of batches. */
  start(rows: number): number {
    this.rows = rows;
    this.seen = 0;
    return Math.ceil(rows / this.batchSize);
  }

  /** Batch b of the epoch, or undefined past its end. */
  range(b: number): BatchRange | undefined {
    const offset = b * this.batchSize;
    const rows = Math.min(this.batchSize, this.rows - offset);
    return rows > 0 && Number.isInteger(b) && b >= 0 ? { offset, rows } : undefined;
  }

  /** Batch b of the epoch, counted as seen; a batch past the end is a caller's bug. */
  take(b: number): BatchRange {
    const range = this.range(b);
    if (!range) throw new Error(`batch ${b} is past the epoch's ${this.rows} rows`);
    this.seen += range.rows;
    return range;
  }
}

/** Mean loss and accuracy from Σ loss · rows and Σ correct over `samples` rows (NaN before any). */
export function runningMeans(lossSum: number, correct: number, samples: number): RunningMetrics {
  return samples === 0 ? { loss: NaN, acc: NaN, samples: 0 } : { loss: lossSum / samples, acc: correct / samples, samples };
}
