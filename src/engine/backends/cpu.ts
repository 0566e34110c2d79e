// Plain JavaScript: always there, slowest.
import { activate, freeRam, type BackendProfile } from './profile.js';

export const cpuProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: false,
  hostTensors: true,
  fusedTraining: false,
  maxBenchMatMul: 512,
  memory: freeRam,
  async load(tf) {
    await activate(tf, 'cpu');
    return { device: 'CPU', deviceDetail: 'CPU (plain JavaScript, slowest)' };
  },
};
