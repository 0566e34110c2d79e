import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  BackendUnavailableError,
  defaultLoaders,
  PROFILES,
  selectBackend,
  withBackend,
  type BackendLoader,
  type BackendName,
} from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { gpuAdvice } from '../../src/engine/machine/gpu-probe.js';
import { loadedOn } from '../../src/engine/backends/profile.js';

const failing =
  (reason: string): BackendLoader =>
  async () => {
    throw new Error(reason);
  };

describe('backend selection', () => {
  it('auto falls back from a missing tfjs-node-gpu to wasm and records why', async () => {
    // The real loader: tfjs-node-gpu is not installed on this machine (its install cannot download libtensorflow).
    const report = await selectBackend('auto');
    expect(report.attempts[0].backend).toBe('tensorflow');
    expect(report.attempts[0].ok).toBe(false);
    expect(report.attempts[0].reason).toMatch(/tfjs-node-gpu is not installed/);
    expect(report.backend).toBe('wasm');
    expect(report.device).toBe('CPU');
    expect(report.deviceDetail).toMatch(/WebAssembly/);
    // No GPU here: webgpu is tried second and passed over, with the reason.
    expect(report.attempts[1]).toMatchObject({ backend: 'webgpu', ok: false });
    expect(report.attempts[1].reason).toMatch(/Vulkan|GPU device|software/);
  });

  it('one profile per backend, in auto order; only wasm needs explicit transposes, only webgpu has fused kernels', () => {
    expect(BACKENDS).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    expect(Object.keys(PROFILES)).toEqual([...BACKENDS]);
    expect(BACKENDS.filter((b) => PROFILES[b].explicitTranspose)).toEqual(['wasm']);
    expect(BACKENDS.filter((b) => PROFILES[b].fusedTraining)).toEqual(['webgpu']);
  });

  it('withBackend restores the backend that was current, also when loading the other one fails', async () => {
    await selectBackend('cpu');
    const loaders = { ...defaultLoaders, tensorflow: failing('libtensorflow.so.2: cannot open shared object file') };
    await expect(withBackend('tensorflow', async () => 1, { loaders })).rejects.toThrow(/libtensorflow/);
    expect(tf().getBackend()).toBe('cpu');
    expect(await withBackend('wasm', async () => tf().getBackend())).toBe('wasm');
    expect(tf().getBackend()).toBe('cpu');
  });

  it('auto goes on to cpu when tensorflow and wasm both fail to load, keeping each reason', async () => {
    const loaders: Record<BackendName, BackendLoader> = {
      tensorflow: failing('libtensorflow.so.2: cannot open shared object file'),
      webgpu: failing('no Vulkan loader (libvulkan.so.1)'),
      wasm: failing('WebAssembly.instantiate failed'),
      cpu: defaultLoaders.cpu,
    };
    const report = await selectBackend('auto', loaders);
    expect(report.backend).toBe('cpu');
    expect(report.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['tensorflow', false],
      ['webgpu', false],
      ['wasm', false],
      ['cpu', true],
    ]);
    expect(report.attempts[0].reason).toContain('libtensorflow.so.2');
    expect(report.attempts[2].reason).toContain('WebAssembly.instantiate failed');
  });

  it('reports the GPU only when native TensorFlow says it uses one', async () => {
    const loaders: Record<BackendName, BackendLoader> = {
      ...defaultLoaders,
      tensorflow: async () => loadedOn('GPU', { kind: 'tensorflow', gpu: true, name: 'Tesla T4' }),
    };
    const report = await selectBackend('auto', loaders);
    expect(report).toMatchObject({ backend: 'tensorflow', device: 'GPU', deviceDetail: 'GPU: Tesla T4' });
  });

  it('auto prefers a GPU: native TensorFlow on the CPU (no CUDA 11) gives way to WebGPU on the GPU', async () => {
    const cpuTensorflow: BackendLoader = async (tf) => {
      await tf.setBackend('cpu');
      return loadedOn('CPU', { kind: 'tensorflow', gpu: false });
    };
    const gpuWebgpu: BackendLoader = async (tf) => {
      await tf.setBackend('wasm');
      return loadedOn('GPU', { kind: 'webgpu', software: false, adapter: 'nvidia nvidia-h200 (NVIDIA: 580.159.04)' });
    };
    const report = await selectBackend('auto', { ...defaultLoaders, tensorflow: cpuTensorflow, webgpu: gpuWebgpu });
    expect(report).toMatchObject({ backend: 'webgpu', device: 'GPU' });
    expect(report.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['tensorflow', true],
      ['webgpu', true],
    ]);
    expect(report.attempts[1].reason).toMatch(/reaches a GPU, where tensorflow computes on the CPU/);

    // Without a GPU anywhere, native TensorFlow on the CPU stays the choice (before wasm).
    const fallback = await selectBackend('auto', { ...defaultLoaders, tensorflow: cpuTensorflow, webgpu: failing('no Vulkan loader') });
    expect(fallback).toMatchObject({ backend: 'tensorflow', device: 'CPU' });
    expect(fallback.attempts.map((a) => a.backend)).toEqual(['tensorflow', 'webgpu']);
    expect(fallback.attempts[0].reason).toMatch(/no backend reached a GPU/);
  });

  it('a forced backend that cannot load is an error naming the reason', async () => {
    await expect(selectBackend('tensorflow')).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tensorflow.*not installed/);
  });

  it('a forced backend that loads is used', async () => {
    const report = await selectBackend('cpu');
    expect(report.backend).toBe('cpu');
    expect(report.attempts).toEqual([{ backend: 'cpu', ok: true, reason: 'requested' }]);
  });
});

describe('GPU advice', () => {
  const libs = { 'libcudart.so.11.0': undefined, 'libcudnn.so.8': undefined };

  it('says there is no GPU when nvidia-smi is missing', () => {
    expect(gpuAdvice({ gpus: [], nvidiaSmi: 'missing', libs }, false).join(' ')).toMatch(/No NVIDIA driver/);
  });

  it('with a GPU, names the missing package, the offline variables and the missing CUDA libraries', () => {
    const advice = gpuAdvice({ gpus: ['Tesla T4'], nvidiaSmi: 'found', libs: { ...libs, 'libcudnn.so.8': '/usr/lib/libcudnn.so.8' } }, false).join('\n');
    expect(advice).toContain('tfjs-node-gpu is not installed');
    expect(advice).toContain('TFJS_NODE_CDN_STORAGE');
    expect(advice).toContain('npm_config_tfjs_binding_binary_host_mirror');
    expect(advice).toContain('libcudart.so.11.0 not found');
    expect(advice).not.toContain('libcudnn.so.8 not found');
  });

  it('has nothing to add when everything is there', () => {
    const found = { 'libcudart.so.11.0': '/a', 'libcudnn.so.8': '/b' };
    expect(gpuAdvice({ gpus: ['Tesla T4'], nvidiaSmi: 'found', libs: found }, true)).toEqual([]);
  });
});
