// Timing matrix products: deep learning is mostly matrix multiplication, and
// this is how fast each backend does it here.
import { tf } from './tf.js';

export interface MatMulTiming {
  n: number;
  reps: number;
  seconds: number;
  /** 2n³ floating-point operations per product. */
  gflops: number;
}

/** Times n×n · n×n products until about targetMs has passed (after one warm-up product). */
export async function timeMatMul(n: number, targetMs: number, seed = 1): Promise<MatMulTiming> {
  const t = tf();
  const a = t.randomUniform([n, n], -1, 1, 'float32', seed);
  const b = t.randomUniform([n, n], -1, 1, 'float32', seed + 1);
  try {
    const product = async () => {
      const c = t.matMul(a, b);
      await c.data(); // wait until the backend has really finished
      c.dispose();
    };
    await product();
    let reps = 0;
    const start = performance.now();
    do {
      await product();
      reps++;
    } while (performance.now() - start < targetMs && reps < 1000);
    const seconds = (performance.now() - start) / 1000;
    return { n, reps, seconds, gflops: (2 * n ** 3 * reps) / seconds / 1e9 };
  } finally {
    t.dispose([a, b]);
  }
}
