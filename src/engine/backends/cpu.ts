// Plain JavaScript: always there, slowest.
import { activate, freeRam, loadedOn, type BackendProfile } from './profile.js';

export const cpuProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: false,
  hostTensors: true,
  fusedTraining: false,
  maxBenchMatMul: 512,
  memory: freeRam,
  async load(tf) {
    await activate(tf, 'cpu');
    return loadedOn('CPU', { kind: 'javascript' });
  },
};
