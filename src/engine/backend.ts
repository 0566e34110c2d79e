// Backend choice: auto tries tensorflow (native, maybe GPU) → wasm → cpu and
// records why each attempt succeeded or failed, so the app can say which device
// it computes on and why.
import { importTf, type Tf } from './tf.js';
import { probeGpu } from './gpu-probe.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKENDS];

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason: string;
}

export interface BackendReport {
  requested: BackendChoice;
  backend: BackendName;
  /** 'GPU' only when native TensorFlow really runs on one (isUsingGpuDevice). */
  device: 'GPU' | 'CPU';
  /** In words: "GPU: NVIDIA T4", "CPU (WebAssembly, SIMD, 1 thread)". */
  deviceDetail: string;
  attempts: BackendAttempt[];
  tfjsVersion: string;
}

/** Loads one backend and makes it current, or throws an Error whose message is the reason. */
export type BackendLoader = (tf: Tf) => Promise<{ device: 'GPU' | 'CPU'; deviceDetail: string }>;

export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backend '${backend}' cannot be used: ${reason}`);
  }
}

const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0];
}

async function activate(tf: Tf, name: BackendName): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Error(`initialising it failed: ${firstLine(err)}`);
  }
  if (!ok) throw new Error('initialising it failed (setBackend returned false)');
  await tf.ready();
}

export const defaultLoaders: Record<BackendName, BackendLoader> = {
  async tensorflow(tf) {
    // libtensorflow's C++ log lines would corrupt the screen: silence them before it loads.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    try {
      // A variable specifier: the package is optional and may be absent at type-check time.
      const spec = TFJS_NODE_GPU;
      await import(spec);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new Error(
          `${TFJS_NODE_GPU} is not installed (an optional dependency: its install downloads libtensorflow, which failed or was skipped)`,
        );
      }
      throw new Error(`${TFJS_NODE_GPU} failed to load: ${firstLine(err)}`);
    }
    await activate(tf, 'tensorflow');
    const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
    if (usingGpu) {
      const name = probeGpu().gpus[0];
      return { device: 'GPU', deviceDetail: `GPU: ${name ?? 'NVIDIA (name unknown)'}` };
    }
    return { device: 'CPU', deviceDetail: "CPU (native TensorFlow; no usable GPU: see 'nnlab doctor')" };
  },
  async wasm(tf) {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (err) {
      throw new Error(`@tensorflow/tfjs-backend-wasm failed to load: ${firstLine(err)}`);
    }
    await activate(tf, 'wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { device: 'CPU', deviceDetail: `CPU (WebAssembly${simd ? ', SIMD' : ''}, 1 thread)` };
  },
  async cpu(tf) {
    await activate(tf, 'cpu');
    return { device: 'CPU', deviceDetail: 'CPU (plain JavaScript, slowest)' };
  },
};

/**
 * Picks and activates a backend. A forced choice that fails throws
 * BackendUnavailableError; auto goes on to the next and records why.
 */
export async function selectBackend(
  requested: BackendChoice,
  loaders: Record<BackendName, BackendLoader> = defaultLoaders,
): Promise<BackendReport> {
  const tf = await importTf();
  const order: readonly BackendName[] = requested === 'auto' ? BACKENDS : [requested];
  const attempts: BackendAttempt[] = [];
  for (const backend of order) {
    try {
      const { device, deviceDetail } = await loaders[backend](tf);
      attempts.push({ backend, ok: true, reason: requested === 'auto' ? 'first backend that loaded' : 'requested' });
      return { requested, backend, device, deviceDetail, attempts, tfjsVersion: tf.version.tfjs };
    } catch (err) {
      const reason = firstLine(err);
      attempts.push({ backend, ok: false, reason });
      if (requested !== 'auto') throw new BackendUnavailableError(backend, reason);
    }
  }
  // cpu is plain JavaScript and always registers; reaching here means TensorFlow.js itself is broken.
  throw new BackendUnavailableError('cpu', attempts.map((a) => `${a.backend}: ${a.reason}`).join('; '));
}

/**
 * Tries every backend (not only until one works) and says which load, with
 * their device or the reason they do not; the backend that was current stays so.
 */
export async function probeBackends(loaders: Record<BackendName, BackendLoader> = defaultLoaders): Promise<BackendAttempt[]> {
  const tf = await importTf();
  const original = tf.getBackend();
  const attempts: BackendAttempt[] = [];
  for (const backend of BACKENDS) {
    try {
      const { deviceDetail } = await loaders[backend](tf);
      attempts.push({ backend, ok: true, reason: deviceDetail });
    } catch (err) {
      attempts.push({ backend, ok: false, reason: firstLine(err) });
    }
  }
  if (original) await tf.setBackend(original);
  return attempts;
}

let current: Promise<BackendReport> | undefined;
let currentChoice: BackendChoice | undefined;

/** Selects a backend once per process (per choice); later calls reuse the report. */
export function initBackend(requested: BackendChoice): Promise<BackendReport> {
  if (!current || currentChoice !== requested) {
    currentChoice = requested;
    const selection = selectBackend(requested);
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
