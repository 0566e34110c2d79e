// Timing matrix products: deep learning is mostly matrix multiplication, and
// this is how fast each backend does it here.
import { tf } from '../tf.js';

export interface MatMulTiming {
  n: number;
  reps: number;
  seconds: number;
  /** 2n³ floating-point operations per product. */
  gflops: number;
}

export interface MatMulOptions {
  /** Keep multiplying until about this long has passed (after one warm-up product). */
  targetMs: number;
  seed?: number;
  /** Checked between pieces of a product: an abort stops the timing within one piece. */
  signal?: AbortSignal;
  /**
   * Rows of the product computed per op. A CPU backend blocks the event loop for
   * a whole op, and a signal cannot even be noticed: long products go in pieces.
   */
  rowsPerOp?: number;
}

/** Seconds one n×n product should take, from a timing of another size (time grows as n³). */
export const predictSeconds = (from: MatMulTiming, n: number): number => (from.seconds / from.reps) * (n / from.n) ** 3;

/** Rows per op so that one op takes about `maxSeconds`, for a product predicted to take `seconds`. */
export const rowsForOp = (n: number, seconds: number, maxSeconds: number): number =>
  seconds <= maxSeconds ? n : Math.max(1, Math.floor((n * maxSeconds) / seconds));

/** Times n×n · n×n products until about targetMs has passed (after one warm-up product). */
export async function timeMatMul(n: number, options: MatMulOptions): Promise<MatMulTiming> {
  const tfjs = tf();
  const a = tfjs.randomUniform([n, n], -1, 1, 'float32', options.seed ?? 1);
  const b = tfjs.randomUniform([n, n], -1, 1, 'float32', (options.seed ?? 1) + 1);
  const rows = Math.min(n, options.rowsPerOp ?? n);
  const pieces = rows === n ? [a] : Array.from({ length: Math.ceil(n / rows) }, (_, i) => tfjs.slice(a, [i * rows, 0], [Math.min(rows, n - i * rows), n]));
  try {
    const product = async () => {
      for (const piece of pieces) {
        options.signal?.throwIfAborted();
        const c = tfjs.matMul(piece, b);
        try {
          await c.data(); // wait until the backend has really finished
        } finally {
          c.dispose();
        }
        // A CPU backend's data() resolves at once: give the event loop a turn, so a signal is seen.
        if (pieces.length > 1) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await product();
    let reps = 0;
    const start = performance.now();
    do {
      await product();
      reps++;
    } while (performance.now() - start < options.targetMs && reps < 1000);
    const seconds = (performance.now() - start) / 1000;
    return { n, reps, seconds, gflops: (2 * n ** 3 * reps) / seconds / 1e9 };
  } finally {
    tfjs.dispose([a, b, ...pieces.filter((p) => p !== a)]);
  }
}
