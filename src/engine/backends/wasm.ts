// WebAssembly (XNNPACK, SIMD): one thread in Node.
import { activate, firstLine, freeRam, type BackendProfile } from './profile.js';

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
      throw new Error(`@tensorflow/tfjs-backend-wasm failed to load: ${firstLine(err)}`);
    }
    await activate(tf, 'wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { device: 'CPU', deviceDetail: `CPU (WebAssembly${simd ? ', SIMD' : ''}, 1 thread)` };
  },
};
