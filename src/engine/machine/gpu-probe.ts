// What the machine offers for native TensorFlow on a GPU: an NVIDIA driver and
// the CUDA 11 / cuDNN 8 libraries libtensorflow 2.9.1 was built against.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CUDA_LIBS = ['libcudart.so.11.0', 'libcudnn.so.8'] as const;

export interface GpuProbe {
  /** GPU names from `nvidia-smi -L`; empty when there is none or no driver. */
  gpus: string[];
  nvidiaSmi: 'found' | 'missing' | 'failed';
  /** Each CUDA library and the path it was found at (undefined: not findable). */
  libs: Record<(typeof CUDA_LIBS)[number], string | undefined>;
}

function listGpus(): Pick<GpuProbe, 'gpus' | 'nvidiaSmi'> {
  try {
    const out = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const gpus = out
      .split('\n')
      .map((line) => /^GPU \d+: (.+?)(?: \(UUID.*)?$/.exec(line.trim())?.[1])
      .filter((name): name is string => Boolean(name));
    return { gpus, nvidiaSmi: 'found' };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { gpus: [], nvidiaSmi: missing ? 'missing' : 'failed' };
  }
}

/** Where the dynamic loader would look: LD_LIBRARY_PATH, the ldconfig cache, CUDA's usual homes. */
function findLibrary(name: string, ldconfigCache: string): string | undefined {
  const cached = ldconfigCache.split('\n').find((line) => line.trim().startsWith(name + ' '));
  if (cached) return cached.split('=>')[1]?.trim();
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/local/cuda/lib64',
    '/usr/local/cuda-11.2/lib64',
    '/usr/lib/x86_64-linux-gnu',
  ];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

function readLdconfigCache(): string {
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig']) {
    try {
      return execFileSync(ldconfig, ['-p'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // try the next spelling
    }
  }
  return '';
}

export function probeGpu(): GpuProbe {
  const cache = readLdconfigCache();
  const libs = Object.fromEntries(CUDA_LIBS.map((lib) => [lib, findLibrary(lib, cache)])) as GpuProbe['libs'];
  return { ...listGpus(), libs };
}

const installAdvice = [
  'To add native TensorFlow (GPU where CUDA 11 is present, else CPU): npm install @tensorflow/tfjs-node-gpu@4.22.0 where its download works;',
  '  offline, set TFJS_NODE_CDN_STORAGE and npm_config_tfjs_binding_binary_host_mirror to mirrors of libtensorflow 2.9.1 and the tfjs-node binding.',
];

/** Why native TensorFlow runs on the CPU although a GPU may exist, and how to fix it. */
export function gpuAdvice(probe: GpuProbe, tfjsNodeGpuInstalled: boolean): string[] {
  const advice: string[] = [];
  if (probe.gpus.length === 0) {
    advice.push(
      probe.nvidiaSmi === 'missing'
        ? 'No NVIDIA driver found (nvidia-smi is not on PATH): this machine has no usable GPU, so nnlab computes on the CPU.'
        : 'nvidia-smi lists no GPU: nnlab computes on the CPU.',
    );
    if (!tfjsNodeGpuInstalled) advice.push(...installAdvice);
    return advice;
  }
  if (!tfjsNodeGpuInstalled) {
    advice.push(
      '@tensorflow/tfjs-node-gpu is not installed: its install downloads libtensorflow 2.9.1 (GPU build), which failed or was skipped.',
      'Fix: run `npm install @tensorflow/tfjs-node-gpu@4.22.0` where the download works; offline, point it at a mirror with',
      '  TFJS_NODE_CDN_STORAGE=<url of a folder holding libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz> and',
      '  npm_config_tfjs_binding_binary_host_mirror=<url of a folder holding the tfjs-node binding>, then reinstall.',
    );
  }
  const missing = CUDA_LIBS.filter((lib) => !probe.libs[lib]);
  if (missing.length > 0) {
    advice.push(
      `${missing.join(' and ')} not found: libtensorflow 2.9.1 needs CUDA 11.2 and cuDNN 8.1, and without them it runs on the CPU.`,
      'Fix: install the CUDA 11 runtime and cuDNN 8 (e.g. the nvidia-cudnn / CUDA 11.x toolkit packages) and add their lib64 folder to LD_LIBRARY_PATH.',
    );
  }
  return advice;
}
