// WebAssembly (XNNPACK, SIMD): one thread in Node.
import { activate, firstLine, type BackendProfile } from './profile.js';

export const wasmProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: true,
  fusedTraining: false,
  maxBenchMatMul: 1024,
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
