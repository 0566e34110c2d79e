// What one backend is: how it loads, what it runs on, and how the engine must
// treat it. Behaviour that differs per backend is read from these fields, never
// from `if (backend === …)` in the engine.
import { errorMessage } from '../describe.js';
import { freemem } from 'node:os';
import type { Tf } from '../tf.js';
import { deviceWords, type DeviceFacts } from './device-words.js';

export interface LoadedBackend {
  /** 'GPU' only when the backend really computes on a hardware GPU. */
  device: 'GPU' | 'CPU';
  /** Computes on a GPU: a hardware one, or a software one (lavapipe: exact, for tests). */
  gpu?: 'hardware' | 'software';
  /** What it computes on, as data: deviceWords words it in either language. */
  facts: DeviceFacts;
  /** deviceWords(facts, 'en'): "GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04) via WebGPU", "CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)". */
  deviceDetail: string;
  /** Threads computing on the CPU, where the backend has a pool of them (wasm). */
  threads?: number;
}

/** A loaded backend's report, its English device line worded from its facts. */
export function loadedOn(device: LoadedBackend['device'], facts: DeviceFacts, more: Pick<LoadedBackend, 'gpu' | 'threads'> = {}): LoadedBackend {
  return { device, facts, deviceDetail: deviceWords(facts, 'en'), ...more };
}

export interface LoadOptions {
  /** The user named this backend: accept what auto would pass over (a software GPU adapter). */
  forced: boolean;
  /** Threads for a CPU backend with a pool (wasm), asked for with --threads or NNLAB_THREADS; else one per usable core. */
  threads?: number;
  /** The GPU a GPU backend (webgpu) takes, by its number in doctor's list (--gpu); else NNLAB_GPU, else Dawn's choice. */
  gpu?: number;
}

/** Loads one backend and makes it current, or throws an Error whose message is the reason. */
export type BackendLoader = (tf: Tf, options?: LoadOptions) => Promise<LoadedBackend>;

/** One row of the table PROFILES (src/engine/backend.ts), keyed by the backend's name. */
export interface BackendProfile {
  load: BackendLoader;
  /**
   * Transpose operands explicitly before a product: tfjs-backend-wasm 4.22 runs
   * only non-transposed products on XNNPACK and falls back to a slow loop
   * (~1.8 GFLOP/s) for transposed ones — exactly dW = xᵀ·dy and dx = dy·Wᵀ.
   */
  explicitTranspose: boolean;
  /** Can compute on a GPU: auto looks further for one when this backend loaded on the CPU. */
  mayUseGpu: boolean;
  /**
   * Tensors live in this process's memory, so reading one back is a copy, not a
   * wait on a device: the host trainer (nn/host-trainer.ts) computes the loss in JavaScript.
   */
  hostTensors: boolean;
  /** Has nnlab's own fused training kernels (src/engine/nn/fused): a training step in a few dispatches. */
  fusedTraining: boolean;
  /** Largest n worth timing for an n×n product in a benchmark (plain JavaScript takes seconds beyond 512). */
  maxBenchMatMul: number;
  /** What a run may allocate here, as far as can be known before allocating (checked before training). */
  memory(tf: Tf): MemoryLimit;
}

export interface MemoryLimit {
  /** All tensors together, in bytes. */
  totalBytes?: number;
  /** One tensor, in bytes. */
  tensorBytes?: number;
  /** Where the limit comes from, in words: "free RAM", "WebAssembly's 4 GiB address space". */
  source: string;
}

/** Main memory not in use now: the limit of backends that keep tensors in it. */
export const freeRam = (): MemoryLimit => ({ totalBytes: freemem(), source: 'free RAM' });

/** Makes a registered backend current, or throws why not. */
export async function activate(tf: Tf, name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Error(`initialising it failed: ${errorMessage(err)}`, { cause: err });
  }
  if (!ok) throw new Error('initialising it failed (setBackend returned false)');
  await tf.ready();
}
