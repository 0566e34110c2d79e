// The CPU step's WebAssembly module, compiled once per process (relaxed SIMD where
// this runtime validates it: Node 22's V8 has it on, Node 20 only behind a flag),
// and the process's one pool of threads to run it on.
import { RELAXED_WASM, SIMD_WASM } from './generated/step-wasm.js';
import { ThreadPool } from './pool.js';

/** The kernels that run in chunks of rows on the pool, by their index there. */
export const KERNEL = { forwardData: 0, forwardHidden: 1, backward: 2, updateData: 3, updateHidden: 4 } as const;
const POOLED = Object.keys(KERNEL);

/** What the module exports (byte offsets into the shared memory, sizes, flags). */
export interface StepExports {
  crossEntropyGrad(logits: number, m: number, classes: number, labels: number, order: number, n: number, G: number, scale: number, sums: number): void;
  updateBias(G: number, m: number, n: number, b: number, M: number, V: number, opt: number): void;
}

export interface StepModule {
  module: WebAssembly.Module;
  /** Built with relaxed SIMD's fused multiply-add. */
  relaxed: boolean;
}

let compiled: StepModule | undefined;

export function stepModule(): StepModule {
  if (!compiled) {
    const relaxedBytes = Buffer.from(RELAXED_WASM, 'base64');
    const relaxed = WebAssembly.validate(relaxedBytes);
    compiled = { module: new WebAssembly.Module(relaxed ? relaxedBytes : Buffer.from(SIMD_WASM, 'base64')), relaxed };
  }
  return compiled;
}

let pool: ThreadPool | undefined;

/** The process's pool, with `threads` threads in all (a pool of another size is closed first). */
export function cpuPool(threads: number): ThreadPool {
  if (pool?.threads !== threads) {
    pool?.close();
    pool = new ThreadPool(threads, POOLED);
  }
  return pool;
}
