// Everything `nnlab doctor` reports: versions, each backend's load result with
// its reason, the chosen backend and device, and what the GPU path lacks.
import { createRequire } from 'node:module';
import {
  defaultLoaders,
  probeBackends,
  selectBackend,
  type BackendAttempt,
  type BackendChoice,
  type BackendLoader,
  type BackendName,
  type BackendReport,
} from '../backend.js';
import { gpuAdvice, probeGpu, type GpuProbe } from './gpu-probe.js';
import { vulkanAdvice } from './vulkan-advice.js';
import { probeVulkan, type VulkanProbe } from './vulkan-probe.js';
import { importTf } from '../tf.js';
import { usableCores, type CoreCount } from './cpu-cores.js';
import { wasmThreadPlan } from '../backends/wasm.js';
import { coresWords, planWords, type ThreadPlan } from '../backends/device-words.js';
import { listAdapters, nvidiaManifestNote } from '../backends/webgpu.js';

/** A probe that may fail (no Dawn here): its fallback then. */
const safely = <T>(probe: () => T, fallback: T): T => {
  try {
    return probe();
  } catch {
    return fallback;
  }
};

export interface DoctorReport {
  node: string;
  tfjs: string;
  backends: BackendAttempt[];
  chosen?: BackendReport;
  chosenError?: string;
  gpu: GpuProbe & { tfjsNodeGpuInstalled: boolean; advice: string[] };
  /** What WebGPU (Dawn on Vulkan) needs, and what is missing with the fix. */
  webgpu: VulkanProbe & {
    advice: string[];
    /** A manifest nnlab wrote for NVIDIA's driver, in words. */
    manifest?: string;
    /** The adapters Dawn sees, in the order NNLAB_GPU counts them. */
    adapters?: string[];
  };
  /** Which GPU path fits this machine, in one sentence. */
  fit: string;
  /** The cores this process may use, and the wasm backend's threads by default; each with `why` in words. */
  cpu: { cores: CoreCount & { why: string }; wasmThreads: ThreadPlan & { why: string } };
}

function cpuReport(cores: CoreCount, plan: ThreadPlan): DoctorReport['cpu'] {
  return { cores: { ...cores, why: coresWords(cores, 'en') }, wasmThreads: { ...plan, why: planWords(plan, 'en') } };
}

/** CUDA 11 boxes: native TensorFlow; any other GPU with a Vulkan driver: WebGPU. */
function whichPathFits(backends: BackendAttempt[], probe: GpuProbe): string {
  const ok = (name: string) => backends.some((b) => b.backend === name && b.gpu === 'hardware');
  if (ok('tensorflow')) return 'native TensorFlow runs on the GPU here (CUDA 11.2 / cuDNN 8.1 found): --backend tensorflow.';
  if (ok('webgpu')) return 'WebGPU reaches the GPU here through Vulkan, whatever the CUDA version: --backend webgpu (auto takes it).';
  if (probe.gpus.length > 0) {
    return 'this machine has an NVIDIA GPU that no backend reaches yet: WebGPU (Vulkan) is the path for CUDA 12/13 drivers — fix the Vulkan items below; tfjs-node-gpu needs CUDA 11.2.';
  }
  return 'no GPU is reachable here: nnlab computes on the CPU (wasm).';
}

export function isTfjsNodeGpuInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu/package.json');
    return true;
  } catch {
    return false;
  }
}

export async function doctor(
  requested: BackendChoice,
  options: { threads?: number; gpu?: number; loaders?: Record<BackendName, BackendLoader> } = {},
): Promise<DoctorReport> {
  const { threads, gpu, loaders = defaultLoaders } = options;
  const tf = await importTf();
  const backends = await probeBackends(loaders, { threads, gpu });
  let chosen: BackendReport | undefined;
  let chosenError: string | undefined;
  try {
    chosen = await selectBackend(requested, loaders, { threads, gpu });
  } catch (err) {
    chosenError = err instanceof Error ? err.message : String(err);
  }
  const probe = probeGpu();
  const installed = isTfjsNodeGpuInstalled();
  // The offline bundle (NNLAB_BUNDLE, set by its launcher) leaves native TensorFlow out on purpose.
  const advice = process.env.NNLAB_BUNDLE
    ? ['The offline bundle leaves out native TensorFlow (tfjs-node-gpu needs CUDA 11.2 and a download while it installs): its GPU path is WebGPU.']
    : gpuAdvice(probe, installed);
  if (chosen && chosen.backend === 'tensorflow' && chosen.device === 'CPU' && probe.gpus.length > 0 && advice.length === 0) {
    advice.push(
      'A GPU and the CUDA libraries are present, yet TensorFlow runs on the CPU: check that the driver supports CUDA 11.2 (nvidia-smi shows the CUDA version).',
    );
  }
  const vulkan = probeVulkan();
  return {
    node: process.version,
    tfjs: tf.version.tfjs,
    backends,
    chosen,
    chosenError,
    gpu: { ...probe, tfjsNodeGpuInstalled: installed, advice },
    webgpu: {
      ...vulkan,
      advice: vulkanAdvice(vulkan),
      ...(nvidiaManifestNote() ? { manifest: nvidiaManifestNote() } : {}),
      ...(process.platform === 'linux' ? { adapters: safely(listAdapters, []) } : {}),
    },
    fit: whichPathFits(backends, probe),
    cpu: cpuReport(usableCores(), wasmThreadPlan(threads)),
  };
}
