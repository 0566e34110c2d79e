// Plain JavaScript: always there, slowest.
import { activate, type BackendProfile } from './profile.js';

export const cpuProfile: BackendProfile = {
  mayUseGpu: false,
  explicitTranspose: false,
  fusedTraining: false,
  maxBenchMatMul: 512,
  async load(tf) {
    await activate(tf, 'cpu');
    return { device: 'CPU', deviceDetail: 'CPU (plain JavaScript, slowest)' };
  },
};
