// Native TensorFlow (@tensorflow/tfjs-node-gpu): libtensorflow 2.9.1 built for
// CUDA 11.2 / cuDNN 8.1. It may load and still run on the CPU: report the real device.
import { errorMessage } from '../describe.js';
import { probeGpu } from '../machine/gpu-probe.js';
import { activate, freeRam, loadedOn, type BackendProfile } from './profile.js';

const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

export const tensorflowProfile: BackendProfile = {
  mayUseGpu: true,
  explicitTranspose: false,
  hostTensors: false,
  fusedTraining: false,
  maxBenchMatMul: 4096,
  // On a GPU, TensorFlow reports its memory only once it runs out: the check is left to it.
  memory: (tf) => ((tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice ? { source: 'the GPU (size unknown before allocating)' } : freeRam()),
  async load(tf) {
    // libtensorflow's C++ log lines would corrupt the screen: silence them before it loads.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    try {
      // A variable specifier: the package is optional and may be absent at type-check time.
      const spec = TFJS_NODE_GPU;
      await import(spec);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new Error(`${TFJS_NODE_GPU} is not installed (an optional dependency: its install downloads libtensorflow, which failed or was skipped)`, {
          cause: err,
        });
      }
      throw new Error(`${TFJS_NODE_GPU} failed to load: ${errorMessage(err)}`, { cause: err });
    }
    await activate(tf, 'tensorflow');
    const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
    if (usingGpu) {
      const name = probeGpu().gpus[0];
      return loadedOn('GPU', { kind: 'tensorflow', gpu: true, ...(name ? { name } : {}) }, { gpu: 'hardware' });
    }
    return loadedOn('CPU', { kind: 'tensorflow', gpu: false });
  },
};
