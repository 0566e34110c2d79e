// The epoch's batches every trainer shares: a ragged last batch, nothing past the end.
import { describe, expect, it } from 'vitest';
import { EpochBatches, runningMeans } from '../../src/engine/nn/epoch.js';

describe('EpochBatches', () => {
  it('cuts 10 rows into batches of 4: 4, 4, 2, and counts the rows stepped', () => {
    const epoch = new EpochBatches(4);
    expect(epoch.start(10)).toBe(3);
    expect([0, 1, 2].map((b) => epoch.take(b))).toEqual([
      { offset: 0, rows: 4 },
      { offset: 4, rows: 4 },
      { offset: 8, rows: 2 },
    ]);
    expect(epoch.seen).toBe(10);
    expect(epoch.range(3)).toBeUndefined();
    expect(() => epoch.take(3)).toThrow("batch 3 is past the epoch's 10 rows");
    expect(epoch.start(4)).toBe(1);
    expect(epoch.seen).toBe(0);
    expect(epoch.range(-1)).toBeUndefined();
    expect(epoch.range(0.5)).toBeUndefined();
  });

  it('running means: the sums over the rows seen, NaN before any', () => {
    expect(runningMeans(3, 2, 4)).toEqual({ loss: 0.75, acc: 0.5, samples: 4 });
    expect(runningMeans(0, 0, 0)).toEqual({ loss: NaN, acc: NaN, samples: 0 });
  });
});
