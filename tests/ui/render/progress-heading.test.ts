// The heading's progress in the room it has: the rate goes first, then the elapsed
// time, then the count; the epoch, the ETA and the running loss stay longest.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { progressHeading } from '../../../src/ui/render/progress.js';

const progress = { label: 'epoch 5/10', done: 4000, total: 10000, values: { loss: 0.31234, acc: 0.9 } };
const at = (room: number) => progressHeading(progress, true, 2000, room, stringWidth);

describe('the progress in the heading', () => {
  it('whole where it fits, as tqdm and Keras print it', () => {
    expect(at(200)).toBe('epoch 5/10 4000/10000 · 2.0s · ETA 3.0s · 2000 it/s · loss 0.3123 · acc 0.9000');
  });

  it('narrower: without the rate, then the elapsed time, then the count; the ETA and the loss stay', () => {
    expect(at(70)).toBe('epoch 5/10 4000/10000 · 2.0s · ETA 3.0s · loss 0.3123 · acc 0.9000');
    expect(at(62)).toBe('epoch 5/10 4000/10000 · ETA 3.0s · loss 0.3123 · acc 0.9000');
    expect(at(50)).toBe('epoch 5/10 · ETA 3.0s · loss 0.3123 · acc 0.9000');
    expect(at(10)).toBe('epoch 5/10 · ETA 3.0s · loss 0.3123 · acc 0.9000'); // the shortest, cut by the row
  });

  it('a finished run: the label, its count and its values', () => {
    expect(progressHeading(progress, false, 2000, 200, stringWidth)).toBe('epoch 5/10 4000/10000 · loss 0.3123 · acc 0.9000');
  });
});
