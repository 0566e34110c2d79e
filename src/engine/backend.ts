// Backend choice: auto tries tensorflow (native, maybe GPU) → webgpu → wasm → cpu
// and records why each attempt succeeded or failed, so the app can say which
// device it computes on and why. What each backend is lives in its profile.
import { errorMessage } from './describe.js';
import { InputError } from './input-error.js';
import { importTf, type Tf } from './tf.js';
import type { BackendLoader, BackendProfile, LoadedBackend } from './backends/profile.js';
import { cpuProfile } from './backends/cpu.js';
import { tensorflowProfile } from './backends/tensorflow.js';
import { runThreadPlan, wasmProfile } from './backends/wasm.js';
import type { DeviceFacts, ThreadPlan } from './backends/device-words.js';
import { webgpuProfile } from './backends/webgpu.js';

export { type BackendLoader, type BackendProfile } from './backends/profile.js';

/** The one table of backends, in auto's order of preference: a new backend is its profile and a row here. */
export const PROFILES = {
  tensorflow: tensorflowProfile,
  webgpu: webgpuProfile,
  wasm: wasmProfile,
  cpu: cpuProfile,
} as const satisfies Record<string, BackendProfile>;

export type BackendName = keyof typeof PROFILES;
export const BACKENDS = Object.keys(PROFILES) as readonly BackendName[];
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKENDS];

/** The profile of the backend TensorFlow.js computes on now. */
export function currentProfile(tf: Tf): BackendProfile {
  return PROFILES[tf.getBackend() as BackendName] ?? cpuProfile;
}

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason: string;
  /** probeBackends, for a backend that loaded on a GPU: a hardware or a software one. */
  gpu?: LoadedBackend['gpu'];
  /** probeBackends, for a backend with a thread pool (wasm): the threads it started with. */
  threads?: number;
}

export interface BackendReport {
  requested: BackendChoice;
  backend: BackendName;
  /** 'GPU' only when the backend really computes on a hardware GPU. */
  device: 'GPU' | 'CPU';
  /** What it computes on, as data (deviceWords words it in either language). */
  facts: DeviceFacts;
  /** deviceWords(facts, 'en'): "GPU: nvidia nvidia-h200 (…) via WebGPU", "CPU (WebAssembly, SIMD, 1 thread, one core)". */
  deviceDetail: string;
  attempts: BackendAttempt[];
  tfjsVersion: string;
}

/** A backend the user asked for (--backend, NNLAB_BACKEND) cannot load: their choice, so an input error. */
export class BackendUnavailableError extends InputError {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backend '${backend}' cannot be used: ${reason}`);
  }
}

export const defaultLoaders = Object.fromEntries(BACKENDS.map((name) => [name, PROFILES[name].load])) as Record<BackendName, BackendLoader>;

/**
 * Picks and activates a backend. A forced choice that fails throws
 * BackendUnavailableError. Auto goes on to the next and records why; a backend
 * that could use a GPU but loaded on the CPU (native TensorFlow without CUDA 11)
 * is kept only if no later backend reaches a GPU.
 */
export async function selectBackend(
  requested: BackendChoice,
  loaders: Record<BackendName, BackendLoader> = defaultLoaders,
  options: { threads?: number; gpu?: number } = {},
): Promise<BackendReport> {
  const tf = await importTf();
  const forced = requested !== 'auto';
  const order: readonly BackendName[] = forced ? [requested] : BACKENDS;
  const attempts: BackendAttempt[] = [];
  const report = (backend: BackendName, loaded: LoadedBackend): BackendReport => ({ requested, backend, ...loaded, attempts, tfjsVersion: tf.version.tfjs });
  let onCpu: { backend: BackendName; loaded: LoadedBackend; attempt: BackendAttempt } | undefined;
  for (const backend of order) {
    if (onCpu && !PROFILES[backend].mayUseGpu) break;
    try {
      const loaded = await loaders[backend](tf, { forced, threads: options.threads, gpu: options.gpu });
      if (!forced && loaded.device === 'CPU' && PROFILES[backend].mayUseGpu && !onCpu) {
        const attempt = { backend, ok: true, reason: 'loaded, but computes on the CPU: looking further for a GPU' };
        attempts.push(attempt);
        onCpu = { backend, loaded, attempt };
        continue;
      }
      attempts.push({
        backend,
        ok: true,
        reason: forced ? 'requested' : onCpu ? `reaches a GPU, where ${onCpu.backend} computes on the CPU` : 'first backend that loaded',
      });
      return report(backend, loaded);
    } catch (err) {
      const reason = errorMessage(err);
      attempts.push({ backend, ok: false, reason });
      if (forced) throw new BackendUnavailableError(backend, reason);
    }
  }
  if (onCpu) {
    await loaders[onCpu.backend](tf, { forced, threads: options.threads, gpu: options.gpu }); // makes it current again
    onCpu.attempt.reason = 'loaded on the CPU; no backend reached a GPU';
    return report(onCpu.backend, onCpu.loaded);
  }
  // cpu is plain JavaScript and always registers; reaching here means TensorFlow.js itself is
  // broken: a failure, not the user's choice.
  throw new Error(`no backend can be used: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
}

/**
 * Makes `backend` current for fn, then restores the backend that was current
 * (also when loading it or fn fails). `forced` as for selectBackend.
 */
export async function withBackend<T>(
  backend: BackendName,
  fn: (loaded: LoadedBackend) => Promise<T>,
  options: { forced?: boolean; threads?: number; gpu?: number; loaders?: Record<BackendName, BackendLoader> } = {},
): Promise<T> {
  const tf = await importTf();
  const original = tf.getBackend();
  try {
    const loaded = await (options.loaders ?? defaultLoaders)[backend](tf, {
      forced: options.forced ?? true,
      threads: options.threads ?? runThreads,
      gpu: options.gpu ?? runGpu,
    });
    return await fn(loaded);
  } finally {
    if (original && tf.getBackend() !== original) await tf.setBackend(original);
  }
}

/**
 * Tries every backend (not only until one works) and says which load, with
 * their device or the reason they do not; the backend that was current stays so.
 * As auto does, a software GPU adapter is passed over unless `forced`.
 */
export async function probeBackends(
  loaders: Record<BackendName, BackendLoader> = defaultLoaders,
  options: { forced?: boolean; only?: readonly BackendName[]; threads?: number; gpu?: number } = {},
): Promise<BackendAttempt[]> {
  const attempts: BackendAttempt[] = [];
  for (const backend of BACKENDS.filter((b) => !options.only || options.only.includes(b))) {
    try {
      const { deviceDetail, gpu, threads } = await withBackend(backend, async (loaded) => loaded, {
        loaders,
        forced: options.forced ?? false,
        threads: options.threads,
        gpu: options.gpu,
      });
      attempts.push({ backend, ok: true, reason: deviceDetail, ...(gpu ? { gpu } : {}), ...(threads ? { threads } : {}) });
    } catch (err) {
      attempts.push({ backend, ok: false, reason: errorMessage(err) });
    }
  }
  return attempts;
}

let current: Promise<BackendReport> | undefined;
let currentChoice: BackendChoice | undefined;
/**
 * The run's --threads, for every backend this process loads, also those a lab
 * loads beside its own (lab 7 probes them all, lab 8 reads a tensor on wasm): a
 * thread pool starts once per process, so the first load decides for all.
 */
let runThreads: number | undefined;
/** The run's --gpu: as the threads, the first load decides (Dawn chooses its adapter once). */
let runGpu: number | undefined;

/** Threads for nnlab's own CPU step: the run's --threads, else those the wasm backend takes (the idle cores). */
export function cpuStepThreads(): ThreadPlan {
  return runThreadPlan(runThreads);
}

/**
 * Selects a backend once per process (per choice); later calls reuse the report.
 * `threads` counts where a backend's thread pool starts (wasm: once per process).
 */
export function initBackend(requested: BackendChoice, options: { threads?: number; gpu?: number } = {}): Promise<BackendReport> {
  runThreads = options.threads;
  runGpu = options.gpu;
  if (!current || currentChoice !== requested) {
    currentChoice = requested;
    const selection = selectBackend(requested, defaultLoaders, options);
    current = selection;
    selection.catch(() => {
      if (current === selection) current = undefined;
    });
  }
  return current;
}

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}
