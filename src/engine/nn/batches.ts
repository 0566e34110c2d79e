// Batches built on the JavaScript side: copying rows into a reused buffer and
// uploading it costs microseconds, where tf.gather on the wasm backend took
// about 1 ms per batch of 32.
import { unitFloats, type Split } from '../data/dataset.js';
import { tf, type Tensor1D, type Tensor2D } from '../tf.js';

export class BatchMaker {
  private x: Float32Array;
  private y: Int32Array;

  constructor(
    private readonly split: Split,
    private readonly width: number,
    batchSize: number,
  ) {
    this.x = new Float32Array(batchSize * width);
    this.y = new Int32Array(batchSize);
  }

  /** Runs fn on the batch of these rows, then frees the batch (also when fn throws). */
  async use<T>(rows: ArrayLike<number>, fn: (x: Tensor2D, y: Tensor1D) => T | Promise<T>): Promise<T> {
    const [x, y] = this.make(rows);
    try {
      return await fn(x, y);
    } finally {
      tf().dispose([x, y]);
    }
  }

  make(rows: ArrayLike<number>): [Tensor2D, Tensor1D] {
    for (let i = 0; i < rows.length; i++) this.y[i] = this.split.y[rows[i]];
    return [this.makeX(rows), tf().tensor1d(this.y.subarray(0, rows.length), 'int32')];
  }

  /** The inputs of these rows only, [rows, width]. */
  makeX(rows: ArrayLike<number>): Tensor2D {
    const { width, split } = this;
    const { pixels } = split;
    for (let i = 0; i < rows.length; i++) {
      if (!pixels) this.x.set(split.x.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
      else unitFloats(pixels.subarray(rows[i] * width, (rows[i] + 1) * width), this.x, i * width);
    }
    return tf().tensor2d(this.x.subarray(0, rows.length * width), [rows.length, width]);
  }
}
