// The CPU step's WebAssembly module, compiled once per process, and the process's
// one pool of threads to run it on. The relaxed SIMD build (fused multiply-add:
// about twice the arithmetic per cycle of plain SIMD's multiply then add) where
// this runtime has relaxed SIMD: on by default in Node 22's V8; in Node 20 it is
// behind V8's --experimental-wasm-relaxed-simd, which is turned on here before
// compiling (the proposal is finished, and the flag changes nothing else). Where
// neither validates, the plain SIMD build. NNLAB_WASM_SIMD=plain forces that one.
import { setFlagsFromString } from 'node:v8';
import { RELAXED_WASM, SIMD_WASM } from './generated/step-wasm.js';
import { ThreadPool } from './pool.js';

/** The kernels that run in chunks of rows on the pool, by their index there. */
export const KERNEL = { forwardData: 0, forwardHidden: 1, backward: 2, updateData: 3, updateHidden: 4 } as const;
const POOLED = Object.keys(KERNEL);

/** What the module exports (byte offsets into the shared memory, sizes, flags). */
export interface StepExports {
  setScratch(at: number): void;
  crossEntropyGrad(logits: number, m: number, classes: number, labels: number, order: number, n: number, G: number, scale: number, sums: number): void;
  updateBias(G: number, m: number, n: number, b: number, M: number, V: number, opt: number): void;
}

export interface StepModule {
  module: WebAssembly.Module;
  /** Built with relaxed SIMD's fused multiply-add. */
  relaxed: boolean;
}

export type SimdBuild = 'relaxed' | 'plain';

const compiled: Partial<Record<SimdBuild, StepModule>> = {};

const bytesOf = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'));

/** Whether this runtime compiles relaxed SIMD (after turning V8's flag on where it has one). */
function relaxedSimd(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(bytes);
}

/** The build this process uses: relaxed where it can, unless NNLAB_WASM_SIMD=plain. */
export function defaultBuild(): SimdBuild {
  return process.env.NNLAB_WASM_SIMD !== 'plain' && relaxedSimd(bytesOf(RELAXED_WASM)) ? 'relaxed' : 'plain';
}

export function stepModule(build: SimdBuild = defaultBuild()): StepModule {
  if (!compiled[build]) {
    const bytes = bytesOf(build === 'relaxed' ? RELAXED_WASM : SIMD_WASM);
    if (build === 'relaxed' && !relaxedSimd(bytes)) throw new Error(`this runtime (Node ${process.version}) cannot compile relaxed SIMD`);
    compiled[build] = { module: new WebAssembly.Module(bytes), relaxed: build === 'relaxed' };
  }
  return compiled[build];
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
