// WebAssembly (XNNPACK, SIMD), on as many threads as there are usable cores
// (the threaded build, loaded as wasm-threads.ts explains), or one.
import { idleCores, type CoreCount } from '../machine/cpu-cores.js';
import { errorMessage } from '../describe.js';
import type { Tf } from '../tf.js';
import type { ThreadPlan } from './device-words.js';
import { activate, freeRam, loadedOn, type BackendProfile } from './profile.js';
import { WASM_MAX_THREADS, withThreadedWasm } from './wasm-threads.js';

/** tfjs-backend-wasm's memory grows to 65,536 pages of 64 KiB: a 32-bit address space. */
const WASM_MAX_BYTES = 2 ** 32;

export const wasmProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: true,
  hostTensors: true,
  fusedTraining: false,
  maxBenchMatMul: 1024,
  memory: () => {
    const ram = freeRam().totalBytes!;
    return ram < WASM_MAX_BYTES ? freeRam() : { totalBytes: WASM_MAX_BYTES, source: "WebAssembly's 4 GiB address space" };
  },
  async load(tf, options) {
    let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
    try {
      wasm = await import('@tensorflow/tfjs-backend-wasm');
    } catch (err) {
      throw new Error(`@tensorflow/tfjs-backend-wasm failed to load: ${errorMessage(err)}`, { cause: err });
    }
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    // The module initialises once per process: later loads only make it current again.
    // Nothing else may hold Node's event loop open while WebAssembly compiles and
    // the pthread workers load (pending compiles do not): without this timer the
    // process can find its loop empty half-way and end (seen under load).
    const keepAlive = setInterval(() => {}, 60_000);
    let pool: Pool;
    try {
      pool = started ??= await quietly(() => initialise(tf, wasm, simd, runThreadPlan(options?.threads)));
    } finally {
      clearInterval(keepAlive);
    }
    await quietly(() => activate(tf, 'wasm'));
    return loadedOn('CPU', { kind: 'wasm', simd, threads: pool.count, plan: pool.plan, failure: pool.failure }, { threads: pool.count });
  },
};

/**
 * Threads for the wasm backend and nnlab's CPU step: as asked, else one per idle
 * core (cores less the load average); at most what tfjs's build allows.
 */
export function wasmThreadPlan(requested: number | undefined, cores: CoreCount = idleCores()): ThreadPlan {
  const capped = (plan: ThreadPlan): ThreadPlan => (plan.threads > WASM_MAX_THREADS ? { ...plan, threads: WASM_MAX_THREADS, cap: WASM_MAX_THREADS } : plan);
  if (requested !== undefined) return capped({ threads: requested, basis: 'asked' });
  if (cores.idleOf !== undefined) return capped({ threads: cores.cores, basis: 'per-idle-core', cores });
  return capped(cores.cores === 1 ? { threads: 1, basis: 'one-core' } : { threads: cores.cores, basis: 'per-core', cores });
}

let idlePlan: ThreadPlan | undefined;

/** The run's threads: as asked, else one per idle core as this process first found them (the same for every pool it starts). */
export function runThreadPlan(requested: number | undefined): ThreadPlan {
  return requested !== undefined ? wasmThreadPlan(requested) : (idlePlan ??= wasmThreadPlan(undefined));
}

interface Pool {
  count: number;
  plan: ThreadPlan;
  /** Why it has fewer threads than planned: the threaded build failed to start. */
  failure?: string;
}

/** The thread pool this process's wasm module started with (it starts once). */
let started: Pool | undefined;

async function initialise(tf: Tf, wasm: typeof import('@tensorflow/tfjs-backend-wasm'), simd: boolean, plan: ThreadPlan): Promise<Pool> {
  let failure: string | undefined;
  if (plan.threads > 1 && !simd) failure = 'the threaded build needs WebAssembly SIMD';
  else if (plan.threads > 1) {
    try {
      const count = await withThreadedWasm(
        wasm,
        (on) => tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', on),
        plan.threads,
        () => activate(tf, 'wasm'),
      );
      return { count, plan };
    } catch (err) {
      failure = errorMessage(err);
    }
  }
  await activate(tf, 'wasm');
  return { count: 1, plan, failure };
}

/**
 * Emscripten prints its own failure ("failed to asynchronously prepare wasm…",
 * "Aborted(…)") to the console: keep those lines, and make the cause the reason.
 */
async function quietly<T>(activation: () => Promise<T>): Promise<T> {
  // (typed as one event: @types/node's overloads do not take the union)
  const events = ['uncaughtException', 'unhandledRejection'] as 'uncaughtException'[];
  const before = events.map((event) => new Set(process.listeners(event)));
  const said: string[] = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = console.error = (...args: unknown[]) => void said.push(args.map(String).join(' '));
  let result: T;
  try {
    result = await activation();
  } catch (err) {
    const oom = said.find((line) => /out of memory|cannot allocate/i.test(line));
    if (oom) {
      throw new Error(
        `WebAssembly could not reserve its memory (${/Out of memory[^)]*/i.exec(oom)?.[0] ?? oom}); is the virtual memory limited (ulimit -v)? WebAssembly reserves about 10 GB of address space`,
        {
          cause: err,
        },
      );
    }
    throw said.length > 0 ? new Error(`${errorMessage(err)}: ${said[said.length - 1]}`, { cause: err }) : err;
  } finally {
    Object.assign(console, saved);
    // Emscripten's module adds handlers that rethrow any uncaught error: the process
    // would die with a stack, where nnlab's front end reports the error in one line.
    events.forEach((event, i) => {
      for (const listener of process.listeners(event)) if (!before[i].has(listener)) process.off(event, listener);
    });
  }
  for (const line of said) console.warn(line);
  return result;
}
