// Timing matrix products: deep learning is mostly matrix multiplication, and
// this is how fast each backend does it here.
import { BACKENDS, defaultLoaders, type BackendLoader, type BackendName } from './backend.js';
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

export interface BackendAvailability {
  backend: BackendName;
  ok: boolean;
  detail: string;
}

/** Makes `backend` current for fn, then restores the backend that was current. */
export async function onBackend<T>(backend: BackendName, fn: () => Promise<T>, loaders: Record<BackendName, BackendLoader> = defaultLoaders): Promise<T> {
  const t = tf();
  const original = t.getBackend();
  try {
    await loaders[backend](t);
    return await fn();
  } finally {
    await t.setBackend(original);
  }
}

/** Which backends load here, with their device or the reason they do not. */
export async function availableBackends(loaders: Record<BackendName, BackendLoader> = defaultLoaders): Promise<BackendAvailability[]> {
  const t = tf();
  const original = t.getBackend();
  const result: BackendAvailability[] = [];
  for (const backend of BACKENDS) {
    try {
      const { deviceDetail } = await loaders[backend](t);
      result.push({ backend, ok: true, detail: deviceDetail });
    } catch (err) {
      result.push({ backend, ok: false, detail: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  }
  await t.setBackend(original);
  return result;
}
