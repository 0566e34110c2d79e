import { plural, type DoctorReport } from '../labs/engine-api.js';
import { VERSION } from '../version.js';

/** `nnlab doctor` as lines a student can act on. */
const found = (path: string | undefined) => path ?? 'not found';

/** The cores, and the threads wasm was asked for, and, where it started fewer (threads failed), what it runs. */
function cpuLine(report: DoctorReport): string {
  const plan = report.cpu.wasmThreads;
  const started = report.backends.find((b) => b.backend === 'wasm' && b.ok)?.threads;
  const runs =
    started === undefined || started === plan.threads
      ? `wasm and nnlab's CPU training step run ${plural(plan.threads, 'thread')} (${plan.why})`
      : `wasm was asked for ${plural(plan.threads, 'thread')} (${plan.why}) and runs ${started}: see its line above; nnlab's CPU training step runs ${plan.threads}`;
  return `CPU: ${report.cpu.cores.why}; ${runs}.`;
}

export function renderDoctor(report: DoctorReport): string[] {
  const lines = [
    `nnlab ${VERSION} · Node.js ${report.node} · TensorFlow.js ${report.tfjs}`,
    '',
    'backends (tried in this order by --backend auto):',
    ...report.backends.map((b) => `  ${b.ok ? 'ok  ' : 'FAIL'} ${b.backend.padEnd(10)} ${b.reason}`),
    '',
    report.chosen
      ? `chosen: ${report.chosen.backend} · ${report.chosen.deviceDetail} (requested: ${report.chosen.requested})`
      : `chosen: none — ${report.chosenError}`,
    '',
    cpuLine(report),
    '  --threads N or NNLAB_THREADS=N changes it; on a machine others are busy on, fewer threads wait less for a core.',
    '',
    'GPU:',
    `  @tensorflow/tfjs-node-gpu: ${report.gpu.tfjsNodeGpuInstalled ? 'installed' : 'not installed'}`,
    `  nvidia-smi: ${report.gpu.nvidiaSmi}${report.gpu.gpus.length ? ` — ${report.gpu.gpus.join(', ')}` : ''}`,
    ...Object.entries(report.gpu.libs).map(([lib, path]) => `  ${lib}: ${found(path)}`),
  ];
  if (report.gpu.advice.length > 0) lines.push('', ...report.gpu.advice.map((a) => `  ${a}`));
  const w = report.webgpu;
  lines.push(
    '',
    'WebGPU (Dawn on Vulkan):',
    `  libvulkan.so.1: ${found(w.libvulkan)}`,
    `  libGLdispatch.so.0: ${found(w.libGLdispatch)}`,
    `  GPU devices: ${w.gpuDevices?.length ? w.gpuDevices.join(', ') : 'none (/dev/nvidia0, /dev/dri/renderD*)'}`,
    ...(w.icds.length === 0
      ? ['  Vulkan drivers (ICD manifests): none']
      : w.icds.map(
          (icd) =>
            `  driver ${icd.path}: ${icd.library}${icd.software ? ' (software)' : ''}${icd.searched ? '' : ' (not searched)'}${icd.error ? ` — ${icd.error}` : ''}`,
        )),
    ...(w.nvidiaDriverCapabilities !== undefined ? [`  NVIDIA_DRIVER_CAPABILITIES: ${w.nvidiaDriverCapabilities}`] : []),
    ...(w.manifest ? [`  ${w.manifest}`] : []),
    ...(w.adapters
      ? [
          `  GPUs Dawn sees: ${w.adapters.length === 0 ? 'none' : w.adapters.map((name, i) => `${i}: ${name}`).join(', ')}${
            w.adapters.length > 1 ? ' (--gpu N or NNLAB_GPU=N chooses one; identical names cannot be told apart)' : ''
          }`,
          `  nnlab uses: ${report.backends.find((b) => b.backend === 'webgpu' && b.ok)?.reason ?? 'none (webgpu does not load here)'}`,
        ]
      : []),
    `  glibc: ${w.glibc ?? 'unknown'} (dawn.node needs 2.34+); GLIBCXX_3.4.30: ${w.glibcxx3430 === undefined ? 'libstdc++ not found' : w.glibcxx3430 ? 'yes' : 'no'}`,
  );
  if (w.advice.length > 0) lines.push('', ...w.advice.map((a) => `  ${a}`));
  lines.push('', `Which GPU path fits: ${report.fit}`);
  return lines;
}
