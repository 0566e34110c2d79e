// WebAssembly (XNNPACK, SIMD): one thread in Node.
import { errorMessage } from '../describe.js';
import { activate, freeRam, type BackendProfile } from './profile.js';

/** tfjs-backend-wasm's memory grows to 65,536 pages of 64 KiB: a 32-bit address space. */
const WASM_MAX_BYTES = 2 ** 32;

export const wasmProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: true,
  fusedTraining: false,
  maxBenchMatMul: 1024,
  memory: () => {
    const ram = freeRam().totalBytes!;
    return ram < WASM_MAX_BYTES ? freeRam() : { totalBytes: WASM_MAX_BYTES, source: "WebAssembly's 4 GiB address space" };
  },
  async load(tf) {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (err) {
      throw new Error(`@tensorflow/tfjs-backend-wasm failed to load: ${errorMessage(err)}`, { cause: err });
    }
    await quietly(() => activate(tf, 'wasm'));
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { device: 'CPU', deviceDetail: `CPU (WebAssembly${simd ? ', SIMD' : ''}, 1 thread)` };
  },
};

/**
 * Emscripten prints its own failure ("failed to asynchronously prepare wasm…",
 * "Aborted(…)") to the console: keep those lines, and make the cause the reason.
 */
async function quietly(activation: () => Promise<void>): Promise<void> {
  // (typed as one event: @types/node's overloads do not take the union)
  const events = ['uncaughtException', 'unhandledRejection'] as 'uncaughtException'[];
  const before = events.map((event) => new Set(process.listeners(event)));
  const said: string[] = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = console.error = (...args: unknown[]) => void said.push(args.map(String).join(' '));
  try {
    await activation();
  } catch (err) {
    const oom = said.find((line) => /out of memory|cannot allocate/i.test(line));
    if (oom) {
      throw new Error(`WebAssembly could not reserve its memory (${/Out of memory[^)]*/i.exec(oom)?.[0] ?? oom}); is the virtual memory limited (ulimit -v)? WebAssembly reserves about 10 GB of address space`, {
        cause: err,
      });
    }
    throw said.length > 0 ? new Error(`${errorMessage(err)}: ${said[said.length - 1]}`, { cause: err }) : err;
  } finally {
    Object.assign(console, saved);
    // Emscripten's module adds handlers that rethrow any uncaught error: a crash
    // with exit 7 and a stack, where nnlab reports the error in one line (ui/run-guard.ts).
    events.forEach((event, i) => {
      for (const listener of process.listeners(event)) if (!before[i].has(listener)) process.off(event, listener);
    });
  }
  for (const line of said) console.warn(line);
}
